import { findProcessById } from '../../db/repositories/processes-repository.js';
import { findTasksOfProcess } from '../../db/repositories/tasks-repository.js';
import type { Process } from '../../domain/processes/process.js';
import type { AppContext, MemberActor } from '../context.js';
import { isAssignee, loadCaller, processNotFound } from '../tasks/task-access.js';

/**
 * One process of the caller's organization. Light members see only processes they launched
 * or have a task in; for anyone else a process of another organization does not exist.
 */
export async function getProcess(ctx: AppContext, actor: MemberActor, processId: string): Promise<Process> {
  const process = await findProcessById(ctx.db.kysely, actor.organizationId, processId);
  if (!process) throw processNotFound();
  if (actor.role === 'light' && process.startedBy !== actor.userId) {
    const caller = await loadCaller(ctx, actor);
    const tasks = await findTasksOfProcess(ctx.db.kysely, actor.organizationId, processId);
    if (!tasks.some((t) => isAssignee(t, caller))) throw processNotFound();
  }
  return process;
}
