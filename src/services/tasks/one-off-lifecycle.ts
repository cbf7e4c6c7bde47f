/** Archive, restore, delete, clone and (un)link one-off tasks. Process tasks refuse all but clone. */
import { setTaskAssetsProcess } from '../../db/repositories/assets-repository.js';
import { deleteTask } from '../../db/repositories/tasks-repository.js';
import { rejected } from '../../domain/errors.js';
import { assertCan } from '../../domain/policy.js';
import { assertProcessWritable, type Process } from '../../domain/processes/process.js';
import type { Task } from '../../domain/tasks/task.js';
import { type AppContext, inTransaction, type MemberActor } from '../context.js';
import { actorRef, recordActivities } from '../events/record.js';
import { purgeAssets } from '../files/assets.js';
import { dropTask, openProcessWrite, type ProcessWrite } from '../processes/process-write.js';
import { refreshProcess } from '../processes/refresh-process.js';
import { createOneOffTask } from './one-off-tasks.js';
import {
  assertTaskAction,
  type Caller,
  findVisibleTask,
  loadCaller,
  openTaskWrite,
  processNotFound,
} from './task-access.js';
import { change, commitChange, note, startWrite } from './task-writes.js';

function assertOneOff(task: Task): void {
  if (!task.isOneoff) {
    throw rejected('NOT_A_ONE_OFF_TASK', 'Process tasks are archived with their process, not on their own.');
  }
}

async function openOneOff(tx: AppContext, actor: MemberActor, taskId: string) {
  const caller = await loadCaller(tx, actor);
  const { task, unit } = await openTaskWrite(tx, caller, taskId);
  assertOneOff(task);
  assertTaskAction(caller, 'task.update', task);
  return { caller, task, unit };
}

async function settle(unit: ProcessWrite | undefined) {
  if (unit) await refreshProcess(unit);
}

/** `DELETE /tasks/{task}`: archives a one-off task. */
export async function archiveOneOffTask(ctx: AppContext, actor: MemberActor, taskId: string): Promise<Task> {
  return inTransaction(ctx, async (tx) => {
    const { task, unit } = await openOneOff(tx, actor, taskId);
    if (task.archivedAt) return task;
    const write = startWrite(task);
    change(write, { archivedAt: tx.clock.now().toISOString() });
    note(write, 'archived', 'archived_at', null, write.after.archivedAt);
    const saved = await commitChange(tx, actorRef(actor), unit, write);
    await settle(unit);
    return saved;
  });
}

/** A one-off task as a change left it, with its process (if any) as recounted. */
export interface OneOffResult {
  task: Task;
  process: Process | undefined;
}

/** `PUT /tasks/{task}/restore`: un-archives a one-off task. */
export async function restoreOneOffTask(
  ctx: AppContext,
  actor: MemberActor,
  taskId: string,
): Promise<OneOffResult> {
  return inTransaction(ctx, async (tx) => {
    const { task, unit } = await openOneOff(tx, actor, taskId);
    if (!task.archivedAt) return { task, process: unit?.process };
    if (unit) assertProcessWritable(unit.process);
    const write = startWrite(task);
    change(write, { archivedAt: null });
    note(write, 'restored', 'archived_at', task.archivedAt, null);
    const saved = await commitChange(tx, actorRef(actor), unit, write);
    await settle(unit);
    return { task: saved, process: unit?.process };
  });
}

/** `DELETE /tasks/{task}/delete`: deletes a one-off task with its fields, values and threads. */
export async function deleteOneOffTask(ctx: AppContext, actor: MemberActor, taskId: string): Promise<void> {
  await inTransaction(ctx, async (tx) => {
    const { caller, task, unit } = await openOneOff(tx, actor, taskId);
    assertCan(caller.actor, 'task.delete_oneoff', { isCreator: task.ownerId === caller.actor.userId });
    await deleteTask(tx.db.kysely, task.organizationId, task.id);
    await recordActivities(tx, task.organizationId, actorRef(actor), [
      {
        action: 'deleted',
        objectType: 'task',
        objectId: task.id,
        processId: task.processId,
        oldValue: { title: task.title },
      },
    ]);
    if (unit) dropTask(unit, task.id);
    await settle(unit);
    // Last: the bytes go only once everything else in the transaction has been written.
    await purgeAssets(tx, task.organizationId, { taskIds: [task.id] }, actorRef(actor));
  });
}

/** `POST /tasks/{task}/clone`: a new, open one-off task with the same details and fields. */
export async function cloneTask(ctx: AppContext, actor: MemberActor, taskId: string) {
  const caller = await loadCaller(ctx, actor);
  const task = await findVisibleTask(ctx, caller, taskId);
  return createOneOffTask(ctx, actor, {
    title: task.title,
    task_type: task.taskType,
    deadline: task.deadline ?? ctx.clock.now().toISOString(),
    owners: task.owners,
    summary: task.summary,
    run_id: task.isOneoff && task.processId ? task.processId : undefined,
    form_fields: (task.fields ?? []).map((f) => ({
      label: f.label,
      field_type: f.fieldType,
      required: f.required,
      options: f.options,
      columns: f.columns,
      guidance: f.guidance,
      position: f.position,
    })),
    max_assignable: task.maxAssignable,
    prevent_guest_comment: task.preventGuestComment,
    everyone_must_complete: task.everyoneMustComplete,
    can_complete_only_assignees: task.canCompleteOnlyAssignees,
    top_secret: task.topSecret,
    webhook: task.webhook,
  });
}

/**
 * Moves a one-off task between processes (or out of one): `source` and `target` are the
 * write units of the process it leaves and the one it joins, locked in that order.
 */
async function relink(
  tx: AppContext,
  caller: Caller,
  task: Task,
  source: ProcessWrite | undefined,
  target: ProcessWrite | undefined,
): Promise<OneOffResult> {
  const write = startWrite(task);
  const to = target?.process;
  change(write, { processId: to?.id ?? null, templateId: to?.templateId ?? null });
  note(write, target ? 'linked' : 'unlinked', 'run_id', task.processId, to?.id ?? null);
  const saved = await commitChange(tx, actorRef(caller.actor), target ?? source, write);
  if (source) dropTask(source, task.id);
  // The task's files follow it: into the target's `with=assets` and out of the old process's deletion.
  await setTaskAssetsProcess(
    tx.db.kysely,
    task.organizationId,
    task.id,
    to?.id ?? null,
    to?.templateId ?? null,
  );
  await settle(source);
  await settle(target);
  return { task: saved, process: target?.process };
}

function assertLinkable(process: Process): void {
  assertProcessWritable(process);
  if (!process.canAddOneOffTasks) {
    throw rejected('ONE_OFF_TASKS_NOT_ALLOWED', "This process's template does not allow one-off tasks.");
  }
}

/** `POST /tasks/{task}/link-process {run_id}`: attaches a one-off task to a process. */
export async function linkTaskToProcess(
  ctx: AppContext,
  actor: MemberActor,
  taskId: string,
  runId: string,
): Promise<OneOffResult> {
  return inTransaction(ctx, async (tx) => {
    const { caller, task, unit } = await openOneOff(tx, actor, taskId);
    if (task.processId === runId && unit) {
      assertLinkable(unit.process);
      return { task, process: unit.process };
    }
    const target = await openProcessWrite(tx, actorRef(actor), actor.organizationId, runId);
    if (!target) throw processNotFound();
    assertLinkable(target.process);
    return relink(tx, caller, task, unit, target);
  });
}

/** `DELETE /tasks/{task}/link-process[/{run_id}]`: detaches a one-off task from its process. */
export async function unlinkTaskFromProcess(
  ctx: AppContext,
  actor: MemberActor,
  taskId: string,
  runId?: string,
): Promise<OneOffResult> {
  return inTransaction(ctx, async (tx) => {
    const { caller, task, unit } = await openOneOff(tx, actor, taskId);
    if (!unit || (runId !== undefined && unit.process.id !== runId)) {
      throw rejected('TASK_NOT_LINKED', 'The task is not linked to this process.');
    }
    return relink(tx, caller, task, unit, undefined);
  });
}
