/**
 * Stages (milestones): create, rename, move and delete them on a template (each change is a
 * new template version, so the stages are frozen with the steps that point at them) or on
 * one process (a stage of its own, beside those of its frozen definition).
 */
import {
  deleteStageRow,
  findStageById,
  findStagesOfSubjects,
  insertStage,
  saveStages,
} from '../../db/repositories/stages-repository.js';
import { invalidFields, notFound } from '../../domain/errors.js';
import { newHexId } from '../../domain/ids.js';
import { assertCan } from '../../domain/policy.js';
import { assertProcessWritable } from '../../domain/processes/process.js';
import { checkStageTitle, placeStage, type Stage, type StageSubjectType } from '../../domain/stages.js';
import { type AppContext, inTransaction, type MemberActor, nowIso } from '../context.js';
import { appendEvents, recordActivities } from '../events/record.js';
import { openManagedProcess } from '../processes/process-lifecycle.js';
import type { ProcessWrite } from '../processes/process-write.js';
import { change as changeTask, commitWrite, note, startWrite } from '../tasks/task-writes.js';
import { changeTemplate } from '../templates/change-template.js';

export const stageNotFound = () => notFound('STAGE_NOT_FOUND', 'Stage');

/** `POST /stages`: the title, what it belongs to and where it goes (1-based; absent: last). */
export interface CreateStageInput {
  title?: string | undefined;
  subjectType: StageSubjectType;
  subjectId: string;
  position?: number | undefined;
}

/** `PUT /stages/{id}`: a new title, a new position, or both. */
export interface UpdateStageInput {
  title?: string | undefined;
  position?: number | undefined;
}

function titleOf(title: string | undefined, required: boolean): string | undefined {
  const checked = checkStageTitle(title, required);
  if (checked !== undefined && typeof checked !== 'string') throw invalidFields('VALIDATION_FAILED', checked);
  return checked;
}

export async function createStage(
  ctx: AppContext,
  actor: MemberActor,
  input: CreateStageInput,
): Promise<Stage> {
  assertCan(actor, 'stage.manage');
  const title = titleOf(input.title, true) as string;
  const draft = (now: string): Stage => ({
    id: newHexId(),
    organizationId: actor.organizationId,
    subjectType: input.subjectType,
    subjectId: input.subjectId,
    title,
    position: 0,
    createdAt: now,
    updatedAt: now,
  });
  if (input.subjectType === 'template') {
    return changeTemplate(ctx, actor, input.subjectId, async (current, _errors, now, tx) => {
      const stage = await placeNew(tx, draft(now), input.position);
      return {
        content: current,
        activity: { action: 'updated', field: 'stages', newValue: { stage_created: stage.id, title } },
        result: () => stage,
      };
    });
  }
  return inTransaction(ctx, async (tx) => {
    const unit = await openProcessStages(tx, actor, input.subjectId);
    const stage = await placeNew(tx, draft(nowIso(tx)), input.position);
    await recordProcessStage(unit, 'stage_created', stage, { newValue: { title, position: stage.position } });
    return stage;
  });
}

export async function updateStage(
  ctx: AppContext,
  actor: MemberActor,
  stageId: string,
  input: UpdateStageInput,
): Promise<Stage> {
  assertCan(actor, 'stage.manage');
  const title = titleOf(input.title, false);
  const found = await getStage(ctx, actor, stageId);
  const apply = async (tx: AppContext, now: string) => {
    const before = await siblingsOf(tx, found);
    const current = before.find((s) => s.id === stageId);
    if (!current) throw stageNotFound();
    const moved = { ...current, title: title ?? current.title, updatedAt: now };
    const position = input.position ?? current.position;
    const after = placeStage(before, moved, position).map((s) =>
      s.position === before.find((b) => b.id === s.id)?.position && s.id !== stageId
        ? s
        : { ...s, updatedAt: now },
    );
    await saveStages(tx.db.kysely, actor.organizationId, before, after);
    return { old: current, stage: after.find((s) => s.id === stageId) as Stage };
  };
  if (found.subjectType === 'template') {
    return changeTemplate(ctx, actor, found.subjectId, async (template, _errors, now, tx) => {
      const { old, stage } = await apply(tx, now);
      return {
        content: template,
        activity: {
          action: 'updated',
          field: 'stages',
          oldValue: { stage_updated: old.id, title: old.title, position: old.position },
          newValue: { stage_updated: stage.id, title: stage.title, position: stage.position },
        },
        result: () => stage,
      };
    });
  }
  return inTransaction(ctx, async (tx) => {
    const unit = await openProcessStages(tx, actor, found.subjectId);
    const { old, stage } = await apply(tx, nowIso(tx));
    await recordProcessStage(unit, 'stage_updated', stage, {
      oldValue: { title: old.title, position: old.position },
      newValue: { title: stage.title, position: stage.position },
    });
    return stage;
  });
}

/**
 * Deletes a stage. Its steps (or, for a process stage, its tasks) stay, in no stage. Processes
 * launched earlier keep the template's stages they were launched with.
 */
export async function deleteStage(ctx: AppContext, actor: MemberActor, stageId: string): Promise<Stage> {
  assertCan(actor, 'stage.manage');
  const found = await getStage(ctx, actor, stageId);
  const remove = async (tx: AppContext, now: string) => {
    const before = await siblingsOf(tx, found);
    await deleteStageRow(tx.db.kysely, actor.organizationId, stageId);
    const rest = before.filter((s) => s.id !== stageId);
    const renumbered = rest.map((s, i) =>
      s.position === i + 1 ? s : { ...s, position: i + 1, updatedAt: now },
    );
    await saveStages(tx.db.kysely, actor.organizationId, rest, renumbered);
  };
  if (found.subjectType === 'template') {
    return changeTemplate(ctx, actor, found.subjectId, async (current, _errors, now, tx) => {
      await remove(tx, now);
      const steps = current.steps.map((s) => (s.stageId === stageId ? { ...s, stageId: null } : s));
      return {
        content: { ...current, steps },
        activity: {
          action: 'updated',
          field: 'stages',
          oldValue: { stage_deleted: stageId, title: found.title },
        },
        result: () => found,
      };
    });
  }
  return inTransaction(ctx, async (tx) => {
    const unit = await openProcessStages(tx, actor, found.subjectId);
    await remove(tx, nowIso(tx));
    for (const task of unit.tasks.filter((t) => t.stageId === stageId)) {
      const write = startWrite(task);
      changeTask(write, { stageId: null });
      note(write, 'updated', 'stage_id', stageId, null);
      await commitWrite(unit, write);
    }
    await recordProcessStage(unit, 'stage_deleted', found, { oldValue: { title: found.title } });
    return found;
  });
}

/** A stage of the caller's organization (404 otherwise). */
export async function getStage(ctx: AppContext, actor: MemberActor, stageId: string): Promise<Stage> {
  const stage = await findStageById(ctx.db.kysely, actor.organizationId, stageId);
  if (!stage) throw stageNotFound();
  return stage;
}

async function siblingsOf(
  tx: AppContext,
  stage: Pick<Stage, 'organizationId' | 'subjectType' | 'subjectId'>,
) {
  const found = await findStagesOfSubjects(tx.db.kysely, stage.organizationId, stage.subjectType, [
    stage.subjectId,
  ]);
  return found.get(stage.subjectId) ?? [];
}

/** Inserts the stage at `position` among its siblings (renumbering them 1..n). */
async function placeNew(tx: AppContext, stage: Stage, position: number | undefined): Promise<Stage> {
  const before = await siblingsOf(tx, stage);
  const after = placeStage(before, stage, position).map((s) =>
    s.id === stage.id || s.position === before.find((b) => b.id === s.id)?.position
      ? s
      : { ...s, updatedAt: stage.createdAt },
  );
  const placed = after.find((s) => s.id === stage.id) as Stage;
  await insertStage(tx.db.kysely, placed);
  await saveStages(tx.db.kysely, stage.organizationId, before, after);
  return placed;
}

/** The process, locked, for a change to its own stages (managers only; not when archived). */
async function openProcessStages(
  tx: AppContext,
  actor: MemberActor,
  processId: string,
): Promise<ProcessWrite> {
  const unit = await openManagedProcess(tx, actor, processId);
  assertProcessWritable(unit.process);
  return unit;
}

async function recordProcessStage(
  unit: ProcessWrite,
  verb: 'stage_created' | 'stage_updated' | 'stage_deleted',
  stage: Stage,
  values: { oldValue?: unknown; newValue?: unknown },
): Promise<void> {
  const org = unit.process.organizationId;
  await recordActivities(unit.tx, org, unit.actor, [
    {
      action: 'updated',
      objectType: 'process',
      objectId: unit.process.id,
      processId: unit.process.id,
      field: 'stages',
      oldValue: values.oldValue ?? null,
      newValue: { [verb]: stage.id, ...((values.newValue as object) ?? {}) },
    },
  ]);
  await appendEvents(unit.tx, org, [
    {
      name: 'process.stages_changed',
      processId: unit.process.id,
      taskId: null,
      payload: { process: { id: unit.process.id }, stage: stageEventPayload(stage), change: verb },
    },
  ]);
}

/** A stage as events carry it. */
export function stageEventPayload(stage: Stage) {
  return {
    id: stage.id,
    title: stage.title,
    position: stage.position,
    subject_type: stage.subjectType === 'template' ? 'Checklist' : 'Run',
    subject_id: stage.subjectId,
  };
}
