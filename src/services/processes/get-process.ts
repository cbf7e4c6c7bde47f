import { findProcessById } from '../../db/repositories/processes-repository.js';
import { findTasksOfProcess } from '../../db/repositories/tasks-repository.js';
import { can } from '../../domain/policy.js';
import type { Process } from '../../domain/processes/process.js';
import type { AppContext, MemberActor } from '../context.js';
import { canReadProcessByList } from '../permissions/access.js';
import { isAssignee, loadCaller, processNotFound } from './caller.js';

/**
 * One process of the caller's organization. Light members see only processes they launched
 * or have a task in; standard members also those whose read list admits them (no list
 * admits every member); a process of another organization does not exist.
 */
export async function getProcess(ctx: AppContext, actor: MemberActor, processId: string): Promise<Process> {
  const process = await findProcessById(ctx.db.kysely, actor.organizationId, processId);
  if (!process) throw processNotFound();
  // Admins and the process's launcher or owner always see it; standard members read by the
  // process's (or its template's) read list; anyone takes part through a task of theirs.
  if (actor.role === 'admin') return process;
  if (process.startedBy === actor.userId || process.ownerId === actor.userId) return process;
  if (can(actor, 'process.see') && (await canReadProcessByList(ctx, actor, process))) return process;
  const caller = await loadCaller(ctx, actor);
  const tasks = await findTasksOfProcess(ctx.db.kysely, actor.organizationId, processId);
  if (!tasks.some((t) => isAssignee(t, caller))) throw processNotFound();
  return process;
}
