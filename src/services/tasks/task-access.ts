/**
 * Loading a task the caller may address, and asking the policy whether they may act on it.
 * A task of another organization, or of another process than the URL names, does not exist.
 */
import { findTaskById, findTaskForUpdate } from '../../db/repositories/tasks-repository.js';
import { type Action, assertCan, can } from '../../domain/policy.js';
import type { Task } from '../../domain/tasks/task.js';
import type { AppContext } from '../context.js';
import { actorRef } from '../events/record.js';
import {
  type GuestCaller,
  isAssignee,
  isGuestCaller,
  type TaskCaller,
  taskNotFound,
} from '../processes/caller.js';
import { openProcessWrite, type ProcessWrite, taskOfWrite } from '../processes/process-write.js';

export {
  type Caller,
  type GuestCaller,
  isAssignee,
  isGuestCaller,
  loadCaller,
  processNotFound,
  type TaskCaller,
  taskNotFound,
} from '../processes/caller.js';

/**
 * What a guest can address at all: their own tasks (directly or through a group), neither
 * archived nor hidden. Whether the task admits guests is the policy's question (403).
 */
export function guestSees(task: Task, caller: GuestCaller): boolean {
  return isAssignee(task, caller) && task.archivedAt === null && task.status !== 'auto-skipped';
}

/** Throws 403 with the policy's code when the caller may not do `action` on the task. */
export function assertTaskAction(caller: TaskCaller, action: Action, task: Task): void {
  assertCan(caller.actor, action, {
    actorGroupIds: caller.groupIds,
    isAssignee: isAssignee(task, caller),
    canCompleteOnlyAssignees: task.canCompleteOnlyAssignees,
    allowGuestOwners: task.allowGuestOwners,
    preventGuestComment: task.preventGuestComment,
  });
}

/**
 * A task of the caller's organization; with `processId`, it must belong to that process.
 * Light members only see tasks assigned to them, guests only their own (`guestSees`);
 * others get 404 as if it did not exist.
 */
export async function findVisibleTask(
  ctx: AppContext,
  caller: TaskCaller,
  taskId: string,
  processId?: string,
): Promise<Task> {
  const task = await findTaskById(ctx.db.kysely, caller.actor.organizationId, taskId);
  return assertVisible(task, caller, processId);
}

function assertVisible(task: Task | undefined, caller: TaskCaller, processId: string | undefined): Task {
  if (!task || (processId !== undefined && task.processId !== processId)) throw taskNotFound();
  if (isGuestCaller(caller)) {
    if (!guestSees(task, caller)) throw taskNotFound();
  } else if (!can(caller.actor, 'task.see', { isAssignee: isAssignee(task, caller) })) throw taskNotFound();
  return task;
}

/** A task opened for a change: with the write unit of its process, or on its own (a lone one-off task). */
export interface TaskInWrite {
  task: Task;
  unit: ProcessWrite | undefined;
}

/**
 * Opens a task for a change. A process task is changed through its process's write unit:
 * the process is locked (the one lock order every writer follows: process, then its tasks,
 * so two changes to one task run one after the other) and its tasks are read once, this one
 * among them. When the URL names the process, that is the first read; otherwise a first read
 * finds the task's process. A task outside any process is locked on its own.
 */
export async function openTaskWrite(
  tx: AppContext,
  caller: TaskCaller,
  taskId: string,
  processId?: string,
): Promise<TaskInWrite> {
  const org = caller.actor.organizationId;
  const owner = processId ?? (await findVisibleTask(tx, caller, taskId)).processId;
  if (!owner) {
    const task = await findTaskForUpdate(tx.db.kysely, org, taskId);
    return { task: assertVisible(task, caller, undefined), unit: undefined };
  }
  const unit = await openProcessWrite(tx, actorRef(caller.actor), org, owner);
  if (!unit) throw taskNotFound();
  return { task: assertVisible(taskOfWrite(unit, taskId), caller, owner), unit };
}
