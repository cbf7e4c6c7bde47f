import { findProcessById } from '../../db/repositories/processes-repository.js';
import type { Process } from '../../domain/processes/process.js';
import type { Task } from '../../domain/tasks/task.js';
import type { AppContext, MemberActor } from '../context.js';
import { findVisibleTask, loadCaller } from './task-access.js';

export interface TaskWithProcess {
  task: Task;
  process: Process | undefined;
}

/**
 * One task the caller may see (`GET /tasks/{id}` or, with `processId`, `GET /runs/{run}/tasks/{id}`
 * where a task of another process is not found).
 */
export async function getTask(
  ctx: AppContext,
  actor: MemberActor,
  taskId: string,
  processId?: string,
): Promise<TaskWithProcess> {
  const caller = await loadCaller(ctx, actor);
  const task = await findVisibleTask(ctx, caller, taskId, processId);
  const process = task.processId
    ? await findProcessById(ctx.db.db, actor.organizationId, task.processId)
    : undefined;
  return { task, process };
}
