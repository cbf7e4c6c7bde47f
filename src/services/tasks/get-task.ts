import { findProcessById } from '../../db/repositories/processes-repository.js';
import { can } from '../../domain/policy.js';
import type { Process } from '../../domain/processes/process.js';
import type { Task } from '../../domain/tasks/task.js';
import type { Actor, AppContext } from '../context.js';
import {
  assertTaskAction,
  findVisibleTask,
  isGuestCaller,
  loadCaller,
  type TaskCaller,
  taskNotFound,
} from './task-access.js';

export interface TaskWithProcess {
  task: Task;
  process: Process | undefined;
}

/**
 * One task the caller may see (`GET /tasks/{id}` or, with `processId`, `GET /runs/{run}/tasks/{id}`
 * where a task of another process is not found). A guest's own task that does not admit
 * guests answers 403.
 */
export async function getTask(
  ctx: AppContext,
  actor: Actor,
  taskId: string,
  processId?: string,
): Promise<TaskWithProcess> {
  const caller = await callerOf(ctx, actor);
  const task = await findVisibleTask(ctx, caller, taskId, processId);
  if (isGuestCaller(caller)) assertTaskAction(caller, 'task.read', task);
  const process = task.processId
    ? await findProcessById(ctx.db.kysely, actor.organizationId, task.processId)
    : undefined;
  // A guest's link shows nothing of an archived process.
  if (isGuestCaller(caller) && process?.archivedAt) throw taskNotFound();
  return { task, process };
}

/**
 * Reading a task needs the caller's groups only where they decide what the caller sees:
 * for guests and light members (assigned through a group). Others see every task of the
 * organization, so their groups are not loaded (one query less per request).
 */
async function callerOf(ctx: AppContext, actor: Actor): Promise<TaskCaller> {
  if (actor.kind === 'user' && can(actor, 'task.see')) return { actor, groupIds: [], jobTitleIds: [] };
  return loadCaller(ctx, actor);
}
