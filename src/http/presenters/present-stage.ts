import { Type } from 'typebox';
import type { Stage } from '../../domain/stages.js';
import type { StageDefinition } from '../../domain/templates/definition.js';
import { IsoDate, Nullable } from '../schemas/common.js';
import { TaskSchema } from './present-task.js';

/** The spec's Stage (`{id, title, position}`) and what it belongs to. */
export const StageSchema = Type.Object(
  {
    id: Type.String(),
    title: Type.String(),
    position: Type.Integer(),
    subject_type: Type.Optional(Type.String()),
    subject_id: Type.Optional(Type.String()),
    created_at: Type.Optional(IsoDate),
    updated_at: Type.Optional(IsoDate),
  },
  { additionalProperties: false },
);

export function presentStage(stage: Stage) {
  return {
    id: stage.id,
    title: stage.title,
    position: stage.position,
    subject_type: stage.subjectType === 'template' ? 'Checklist' : 'Run',
    subject_id: stage.subjectId,
    created_at: stage.createdAt,
    updated_at: stage.updatedAt,
  };
}

/** A stage as a template or process version froze it (`with=stages`). */
export function presentStageDefinition(stage: StageDefinition) {
  return { id: stage.id, title: stage.title, position: stage.position };
}

/** One group of `GET /runs/{run}/stages/tasks`: the stage (null ids for the tasks in none) and its tasks. */
export const StageTasksGroupSchema = Type.Object(
  {
    stage_id: Nullable(Type.String()),
    title: Nullable(Type.String()),
    position: Nullable(Type.Integer()),
    data: Type.Array(TaskSchema),
  },
  { additionalProperties: false },
);

interface StageGroup<T> {
  stage_id: string | null;
  title: string | null;
  position: number | null;
  data: T[];
}

/** The tasks of each stage in the stages' order, then those in no stage (when there are any). */
export function groupTasksByStage<T extends { stage_id: string | null }>(
  stages: readonly StageDefinition[],
  tasks: readonly T[],
): StageGroup<T>[] {
  const known = new Set(stages.map((s) => s.id));
  const groups: StageGroup<T>[] = stages.map((s) => ({
    stage_id: s.id,
    title: s.title,
    position: s.position,
    data: tasks.filter((t) => t.stage_id === s.id),
  }));
  const none = tasks.filter((t) => t.stage_id === null || !known.has(t.stage_id));
  if (none.length > 0) groups.push({ stage_id: null, title: null, position: null, data: none });
  return groups;
}
