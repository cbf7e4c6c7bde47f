/**
 * Loading a task the caller may address, and asking the policy whether they may act on it.
 * A task of another organization, or of another process than the URL names, does not exist.
 */
import { findGroupIdsOfUser } from '../../db/repositories/groups-repository.js';
import { findProcessForUpdate } from '../../db/repositories/processes-repository.js';
import { findTaskById, findTaskForUpdate } from '../../db/repositories/tasks-repository.js';
import { notFound } from '../../domain/errors.js';
import { type Action, assertCan } from '../../domain/policy.js';
import type { Process } from '../../domain/processes/process.js';
import type { Task } from '../../domain/tasks/task.js';
import type { AppContext, MemberActor } from '../context.js';

export const taskNotFound = () => notFound('Task', 'TASK_NOT_FOUND');
export const processNotFound = () => notFound('Process', 'PROCESS_NOT_FOUND');

/** The acting member and the groups they belong to. */
export interface Caller {
  actor: MemberActor;
  groupIds: string[];
}

export async function loadCaller(ctx: AppContext, actor: MemberActor): Promise<Caller> {
  return { actor, groupIds: await findGroupIdsOfUser(ctx.db.db, actor.organizationId, actor.userId) };
}

/** Assigned directly or through one of the caller's groups. */
export function isAssignee(task: Pick<Task, 'owners'>, caller: Caller): boolean {
  return (
    task.owners.users.includes(caller.actor.userId) ||
    task.owners.groups.some((g) => caller.groupIds.includes(g))
  );
}

/** Throws 403 with the policy's code when the caller may not do `action` on the task. */
export function assertTaskAction(caller: Caller, action: Action, task: Task): void {
  assertCan({ kind: 'user', userId: caller.actor.userId, role: caller.actor.role }, action, {
    actorGroupIds: caller.groupIds,
    isAssignee: isAssignee(task, caller),
    canCompleteOnlyAssignees: task.canCompleteOnlyAssignees,
    allowGuestOwners: task.allowGuestOwners,
    preventGuestComment: task.preventGuestComment,
  });
}

/**
 * A task of the caller's organization; with `processId`, it must belong to that process.
 * Light members only see tasks assigned to them; others get 404 as if it did not exist.
 */
export async function findVisibleTask(
  ctx: AppContext,
  caller: Caller,
  taskId: string,
  processId?: string,
): Promise<Task> {
  const task = await findTaskById(ctx.db.db, caller.actor.organizationId, taskId);
  if (!task || (processId !== undefined && task.processId !== processId)) throw taskNotFound();
  if (caller.actor.role === 'light' && !isAssignee(task, caller)) throw taskNotFound();
  return task;
}

/**
 * Locks a task for a change, with its process locked first (the one lock order every
 * writer follows: process, then task), so two changes to one task run one after the other.
 */
export async function lockTask(
  tx: AppContext,
  caller: Caller,
  taskId: string,
  processId?: string,
): Promise<{ task: Task; process: Process | undefined }> {
  const org = caller.actor.organizationId;
  const peek = await findVisibleTask(tx, caller, taskId, processId);
  const process = peek.processId
    ? await findProcessForUpdate(tx.db.db, tx.db.dialect, org, peek.processId)
    : undefined;
  const task = await findTaskForUpdate(tx.db.db, tx.db.dialect, org, taskId);
  if (!task || (peek.processId && !process)) throw taskNotFound();
  return { task, process };
}
