import { findProcessById } from '../../db/repositories/processes-repository.js';
import { findTasksOfProcess } from '../../db/repositories/tasks-repository.js';
import { assertCanSee, can, passesEveryList } from '../../domain/policy.js';
import type { Process } from '../../domain/processes/process.js';
import type { AppContext, MemberActor } from '../context.js';
import { processPolicyContext } from '../permissions/access.js';
import { isAssignee, loadCaller, processNotFound } from './caller.js';

/**
 * One process of the caller's organization, if the policy lets them read it (`process.read`):
 * its launcher and owner take part in it, so do the assignees of its tasks; standard members
 * also read it when its read list (its own, else its template's `process_read`) admits them.
 * A process the caller may not read, or of another organization, does not exist (404).
 */
export async function getProcess(ctx: AppContext, actor: MemberActor, processId: string): Promise<Process> {
  const process = await findProcessById(ctx.db.kysely, actor.organizationId, processId);
  if (!process) throw processNotFound();
  if (passesEveryList(actor, 'process.read')) return process;
  const launched = process.startedBy === actor.userId || process.ownerId === actor.userId;
  // The cheap facts first: the launcher takes part without the lists or the tasks loaded.
  if (launched && can(actor, 'process.read', { participates: true })) return process;
  const facts = await processPolicyContext(ctx, actor, process);
  if (can(actor, 'process.read', facts)) return process;
  const caller = await loadCaller(ctx, actor);
  const tasks = await findTasksOfProcess(ctx.db.kysely, actor.organizationId, processId);
  const participates = tasks.some((t) => isAssignee(t, caller));
  assertCanSee(actor, 'process.read', { ...facts, participates }, processNotFound);
  return process;
}
