/**
 * Putting steps and tasks in stages. A step's stage is part of its template (a new version,
 * so processes launched afterwards start their tasks in it); a task's stage is its own,
 * changed through its process's write unit like every other task change.
 */
import { findProcessById } from '../../db/repositories/processes-repository.js';
import { findStageById, findStagesOfSubjects } from '../../db/repositories/stages-repository.js';
import { rejected } from '../../domain/errors.js';
import { assertProcessWritable } from '../../domain/processes/process.js';
import type { Stage } from '../../domain/stages.js';
import type { Task } from '../../domain/tasks/task.js';
import type { StageDefinition, StepDefinition } from '../../domain/templates/definition.js';
import { type AppContext, inTransaction, type MemberActor } from '../context.js';
import { loadDefinition } from '../processes/definitions.js';
import type { ProcessWrite } from '../processes/process-write.js';
import { listProcessTasks, type TaskList } from '../tasks/list-tasks.js';
import {
  assertTaskAction,
  loadCaller,
  openTaskWrite,
  processNotFound,
  taskNotFound,
} from '../tasks/task-access.js';
import type { TaskListParams } from '../tasks/task-filters.js';
import { change, commitWrite, note, startWrite } from '../tasks/task-writes.js';
import { changeTemplate } from '../templates/change-template.js';
import { stepNotFound, stepsOf } from '../templates/steps.js';
import { stageNotFound } from './stages.js';

/** Puts the step in the template's stage, or (stageId null) in none. */
export async function setStepStage(
  ctx: AppContext,
  actor: MemberActor,
  templateId: string,
  stepId: string,
  stageId: string | null,
): Promise<StepDefinition> {
  return changeTemplate(ctx, actor, templateId, async (current, _errors, _now, tx) => {
    const step = current.steps.find((s) => s.id === stepId);
    if (!step) throw stepNotFound();
    if (stageId !== null) {
      const stage = await findStageById(tx.db.kysely, actor.organizationId, stageId);
      if (!stage) throw stageNotFound();
      if (stage.subjectType !== 'template' || stage.subjectId !== templateId)
        throw rejected('STAGE_NOT_OF_TEMPLATE', 'The stage belongs to another template.');
    }
    const steps = current.steps.map((s) => (s.id === stepId ? { ...s, stageId } : s));
    return {
      content: { ...current, steps },
      activity: {
        action: 'updated',
        field: 'steps',
        oldValue: { step: stepId, stage_id: step.stageId ?? null },
        newValue: { step: stepId, stage_id: stageId },
      },
      result: (saved) => {
        const found = stepsOf(saved).find((s) => s.id === stepId);
        if (!found) throw stepNotFound();
        return found;
      },
    };
  });
}

/** Puts a task of the process in one of the process's stages, or (stageId null) in none. */
export async function setTaskStage(
  ctx: AppContext,
  actor: MemberActor,
  processId: string,
  taskId: string,
  stageId: string | null,
): Promise<Task> {
  return inTransaction(ctx, async (tx) => {
    const caller = await loadCaller(tx, actor);
    const { task, unit } = await openTaskWrite(tx, caller, taskId, processId);
    if (!unit) throw taskNotFound();
    assertTaskAction(caller, 'task.update', task);
    assertProcessWritable(unit.process);
    if (stageId !== null) await assertStageOfProcess(tx, unit, stageId);
    if ((task.stageId ?? null) === stageId) return task;
    const write = startWrite(task);
    change(write, { stageId });
    note(write, 'updated', 'stage_id', task.stageId ?? null, stageId);
    write.events.push('task.stage_changed');
    return commitWrite(unit, write);
  });
}

/** The stages a process shows: its frozen template's, then its own, each by position. */
export async function stagesOfProcess(
  ctx: AppContext,
  organizationId: string,
  processId: string,
  definitionStages: readonly StageDefinition[] | undefined,
): Promise<StageDefinition[]> {
  const own = (await findStagesOfSubjects(ctx.db.kysely, organizationId, 'process', [processId])).get(
    processId,
  );
  return [...(definitionStages ?? []), ...(own ?? []).map(stageDefinitionOf)];
}

const stageDefinitionOf = (s: Stage): StageDefinition => ({ id: s.id, title: s.title, position: s.position });

async function assertStageOfProcess(tx: AppContext, unit: ProcessWrite, stageId: string): Promise<void> {
  if (unit.definition?.stages?.some((s) => s.id === stageId)) return;
  const stage = await findStageById(tx.db.kysely, unit.process.organizationId, stageId);
  if (!stage) throw stageNotFound();
  if (stage.subjectType !== 'process' || stage.subjectId !== unit.process.id)
    throw rejected('STAGE_NOT_OF_PROCESS', "The stage is not one of this process's stages.");
}

/** A process's tasks grouped by stage: every stage of the process, then the tasks in none. */
export interface StageTasks {
  stages: StageDefinition[];
  list: TaskList;
}

/** `GET /runs/{run}/stages/tasks`: the process's tasks (the task list's filters), with its stages. */
export async function listTasksByStage(
  ctx: AppContext,
  actor: MemberActor,
  processId: string,
  params: TaskListParams,
): Promise<StageTasks> {
  const list = await listProcessTasks(ctx, actor, processId, params, { page: 1, perPage: 100, all: true });
  const process =
    list.processes.get(processId) ?? (await findProcessById(ctx.db.kysely, actor.organizationId, processId));
  if (!process) throw processNotFound();
  const definition = await loadDefinition(ctx, process);
  const stages = await stagesOfProcess(ctx, actor.organizationId, processId, definition?.stages);
  return { stages, list: { ...list, processes: new Map([[process.id, process], ...list.processes]) } };
}
