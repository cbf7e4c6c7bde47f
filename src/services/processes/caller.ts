/**
 * Who works on a process's tasks: a member with their groups and job titles, or a guest
 * through their code with their groups; and whether a task is assigned to them.
 */
import { findGroupIdsOfGuest } from '../../db/repositories/groups-repository.js';
import { findScopeOfUser } from '../../db/repositories/permissions-repository.js';
import { notFound } from '../../domain/errors.js';
import type { Task } from '../../domain/tasks/task.js';
import type { Actor, AppContext, GuestActor, MemberActor } from '../context.js';

export const taskNotFound = () => notFound('TASK_NOT_FOUND', 'Task');
export const processNotFound = () => notFound('PROCESS_NOT_FOUND', 'Process');

/** The acting member, the groups they belong to and the job titles they hold. */
export interface Caller {
  actor: MemberActor;
  groupIds: string[];
  jobTitleIds: string[];
}

/** A guest acting through their guest code, and the groups they belong to (guests hold no job titles). */
export interface GuestCaller {
  actor: GuestActor;
  groupIds: string[];
  jobTitleIds: readonly [];
}

/** Whoever works on tasks: a member, or a guest through their code. */
export type TaskCaller = Caller | GuestCaller;

export const isGuestCaller = (caller: TaskCaller): caller is GuestCaller => caller.actor.kind === 'guest';

export async function loadCaller(ctx: AppContext, actor: MemberActor): Promise<Caller>;
export async function loadCaller(ctx: AppContext, actor: GuestActor): Promise<GuestCaller>;
export async function loadCaller(ctx: AppContext, actor: Actor): Promise<TaskCaller>;
export async function loadCaller(ctx: AppContext, actor: Actor): Promise<TaskCaller> {
  const db = ctx.db.kysely;
  if (actor.kind === 'guest') {
    return {
      actor,
      groupIds: await findGroupIdsOfGuest(db, actor.organizationId, actor.guestId),
      jobTitleIds: [],
    };
  }
  return { actor, ...(await findScopeOfUser(db, actor.organizationId, actor.userId)) };
}

/**
 * Assigned directly (member id, or guest e-mail), through one of the caller's groups or
 * through a job title they hold.
 */
export function isAssignee(task: Pick<Task, 'owners'>, caller: TaskCaller): boolean {
  const direct =
    caller.actor.kind === 'guest'
      ? task.owners.guests.includes(caller.actor.email.toLowerCase())
      : task.owners.users.includes(caller.actor.userId);
  const jobTitleIds: readonly string[] = caller.jobTitleIds;
  return (
    direct ||
    task.owners.groups.some((g) => caller.groupIds.includes(g)) ||
    task.owners.roles.some((r) => jobTitleIds.includes(r))
  );
}
