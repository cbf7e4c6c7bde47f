import { findProcessById } from '../../db/repositories/processes-repository.js';
import { findTasksOfProcess } from '../../db/repositories/tasks-repository.js';
import { can } from '../../domain/policy.js';
import type { Process } from '../../domain/processes/process.js';
import type { AppContext, MemberActor } from '../context.js';
import { isAssignee, loadCaller, processNotFound } from './caller.js';

/**
 * One process of the caller's organization. Light members see only processes they launched
 * or have a task in; for anyone else a process of another organization does not exist.
 */
export async function getProcess(ctx: AppContext, actor: MemberActor, processId: string): Promise<Process> {
  const process = await findProcessById(ctx.db.kysely, actor.organizationId, processId);
  if (!process) throw processNotFound();
  // A launcher takes part in their process; others who may not see every process need a task in it.
  const launched = process.startedBy === actor.userId;
  if (!can(actor, 'process.see', { participates: launched })) {
    const caller = await loadCaller(ctx, actor);
    const tasks = await findTasksOfProcess(ctx.db.kysely, actor.organizationId, processId);
    const isAssigned = tasks.some((t) => isAssignee(t, caller));
    if (!can(actor, 'process.see', { isAssignee: isAssigned })) throw processNotFound();
  }
  return process;
}
