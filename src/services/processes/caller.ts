/**
 * Who works on a process's tasks: a member with their groups, or a guest through their code
 * with theirs; and whether a task is assigned to them.
 */
import { findGroupIdsOfGuest, findGroupIdsOfUser } from '../../db/repositories/groups-repository.js';
import { notFound } from '../../domain/errors.js';
import type { Task } from '../../domain/tasks/task.js';
import type { Actor, AppContext, GuestActor, MemberActor } from '../context.js';

export const taskNotFound = () => notFound('TASK_NOT_FOUND', 'Task');
export const processNotFound = () => notFound('PROCESS_NOT_FOUND', 'Process');

/** The acting member and the groups they belong to. */
export interface Caller {
  actor: MemberActor;
  groupIds: string[];
}

/** A guest acting through their guest code, and the groups they belong to. */
export interface GuestCaller {
  actor: GuestActor;
  groupIds: string[];
}

/** Whoever works on tasks: a member, or a guest through their code. */
export type TaskCaller = Caller | GuestCaller;

export const isGuestCaller = (caller: TaskCaller): caller is GuestCaller => caller.actor.kind === 'guest';

export async function loadCaller(ctx: AppContext, actor: MemberActor): Promise<Caller>;
export async function loadCaller(ctx: AppContext, actor: GuestActor): Promise<GuestCaller>;
export async function loadCaller(ctx: AppContext, actor: Actor): Promise<TaskCaller>;
export async function loadCaller(ctx: AppContext, actor: Actor): Promise<TaskCaller> {
  if (actor.kind === 'guest') {
    return { actor, groupIds: await findGroupIdsOfGuest(ctx.db.kysely, actor.organizationId, actor.guestId) };
  }
  return { actor, groupIds: await findGroupIdsOfUser(ctx.db.kysely, actor.organizationId, actor.userId) };
}

/** Assigned directly (member id, or guest e-mail) or through one of the caller's groups. */
export function isAssignee(task: Pick<Task, 'owners'>, caller: TaskCaller): boolean {
  const direct =
    caller.actor.kind === 'guest'
      ? task.owners.guests.includes(caller.actor.email.toLowerCase())
      : task.owners.users.includes(caller.actor.userId);
  return direct || task.owners.groups.some((g) => caller.groupIds.includes(g));
}
