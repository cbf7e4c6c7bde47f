/** Archive, restore, delete, clone and (un)link one-off tasks. Process tasks refuse all but clone. */
import { setTaskAssetsProcess } from '../../db/repositories/assets-repository.js';
import { findProcessForUpdate } from '../../db/repositories/processes-repository.js';
import { deleteTask } from '../../db/repositories/tasks-repository.js';
import { forbidden, rejected } from '../../domain/errors.js';
import { assertProcessWritable, type Process } from '../../domain/processes/process.js';
import type { Task } from '../../domain/tasks/task.js';
import { type AppContext, inTransaction, type MemberActor } from '../context.js';
import { actorRef, recordActivities } from '../events/record.js';
import { purgeAssets } from '../files/assets.js';
import { loadDefinition } from '../processes/definitions.js';
import { refreshProcess } from '../processes/refresh-process.js';
import { createOneOffTask } from './one-off-tasks.js';
import {
  assertTaskAction,
  type Caller,
  findVisibleTask,
  loadCaller,
  lockTask,
  processNotFound,
} from './task-access.js';
import { change, commitWrite, note, startWrite } from './task-writes.js';

function assertOneOff(task: Task): void {
  if (!task.isOneoff) {
    throw rejected('NOT_A_ONE_OFF_TASK', 'Process tasks are archived with their process, not on their own.');
  }
}

async function openOneOff(tx: AppContext, actor: MemberActor, taskId: string) {
  const caller = await loadCaller(tx, actor);
  const { task, process } = await lockTask(tx, caller, taskId);
  assertOneOff(task);
  assertTaskAction(caller, 'task.update', task);
  return { caller, task, process };
}

async function settle(tx: AppContext, actor: MemberActor, process: Process | undefined) {
  if (process) await refreshProcess(tx, process, await loadDefinition(tx, process), actorRef(actor));
}

/** `DELETE /tasks/{task}`: archives a one-off task. */
export async function archiveOneOffTask(ctx: AppContext, actor: MemberActor, taskId: string): Promise<Task> {
  return inTransaction(ctx, async (tx) => {
    const { task, process } = await openOneOff(tx, actor, taskId);
    if (task.archivedAt) return task;
    const write = startWrite(task);
    change(write, { archivedAt: tx.clock.now().toISOString() });
    note(write, 'archived', 'archived_at', null, write.after.archivedAt);
    const saved = await commitWrite(tx, write, actorRef(actor), process, undefined);
    await settle(tx, actor, process);
    return saved;
  });
}

/** `PUT /tasks/{task}/restore`: un-archives a one-off task. */
export async function restoreOneOffTask(ctx: AppContext, actor: MemberActor, taskId: string): Promise<Task> {
  return inTransaction(ctx, async (tx) => {
    const { task, process } = await openOneOff(tx, actor, taskId);
    if (!task.archivedAt) return task;
    if (process) assertProcessWritable(process);
    const write = startWrite(task);
    change(write, { archivedAt: null });
    note(write, 'restored', 'archived_at', task.archivedAt, null);
    const saved = await commitWrite(tx, write, actorRef(actor), process, undefined);
    await settle(tx, actor, process);
    return saved;
  });
}

/** `DELETE /tasks/{task}/delete`: deletes a one-off task with its fields, values and threads. */
export async function deleteOneOffTask(ctx: AppContext, actor: MemberActor, taskId: string): Promise<void> {
  await inTransaction(ctx, async (tx) => {
    const { caller, task, process } = await openOneOff(tx, actor, taskId);
    if (caller.actor.role !== 'admin' && task.ownerId !== caller.actor.userId) {
      throw forbidden('Only the creator or an administrator can delete this task.', 'ADMIN_ONLY');
    }
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
    await settle(tx, actor, process);
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

async function relink(
  tx: AppContext,
  caller: Caller,
  task: Task,
  process: Process | undefined,
  target: Process | undefined,
) {
  const write = startWrite(task);
  change(write, { processId: target?.id ?? null, templateId: target?.templateId ?? null });
  note(write, target ? 'linked' : 'unlinked', 'run_id', task.processId, target?.id ?? null);
  const saved = await commitWrite(tx, write, actorRef(caller.actor), target ?? process, undefined);
  // The task's files follow it: into the target's `with=assets` and out of the old process's deletion.
  await setTaskAssetsProcess(
    tx.db.kysely,
    task.organizationId,
    task.id,
    target?.id ?? null,
    target?.templateId ?? null,
  );
  await settle(tx, caller.actor, process);
  await settle(tx, caller.actor, target);
  return saved;
}

/** `POST /tasks/{task}/link-process {run_id}`: attaches a one-off task to a process. */
export async function linkTaskToProcess(ctx: AppContext, actor: MemberActor, taskId: string, runId: string) {
  return inTransaction(ctx, async (tx) => {
    const { caller, task, process } = await openOneOff(tx, actor, taskId);
    const target = await findProcessForUpdate(tx.db.kysely, actor.organizationId, runId);
    if (!target) throw processNotFound();
    assertProcessWritable(target);
    if (!target.canAddOneOffTasks) {
      throw rejected('ONE_OFF_TASKS_NOT_ALLOWED', "This process's template does not allow one-off tasks.");
    }
    if (task.processId === target.id) return task;
    return relink(tx, caller, task, process, target);
  });
}

/** `DELETE /tasks/{task}/link-process[/{run_id}]`: detaches a one-off task from its process. */
export async function unlinkTaskFromProcess(
  ctx: AppContext,
  actor: MemberActor,
  taskId: string,
  runId?: string,
) {
  return inTransaction(ctx, async (tx) => {
    const { caller, task, process } = await openOneOff(tx, actor, taskId);
    if (!process || (runId !== undefined && process.id !== runId)) {
      throw rejected('TASK_NOT_LINKED', 'The task is not linked to this process.');
    }
    return relink(tx, caller, task, process, undefined);
  });
}
