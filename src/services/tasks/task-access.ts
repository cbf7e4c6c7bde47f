/**
 * Loading a task the caller may address, and asking the policy whether they may act on it.
 * A task of another organization, or of another process than the URL names, does not exist.
 */
import { findGroupIdsOfGuest, findGroupIdsOfUser } from '../../db/repositories/groups-repository.js';
import { findProcessForUpdate } from '../../db/repositories/processes-repository.js';
import {
  findTaskById,
  findTaskForUpdate,
  findTasksOfProcess,
} from '../../db/repositories/tasks-repository.js';
import { notFound } from '../../domain/errors.js';
import { type Action, assertCan } from '../../domain/policy.js';
import type { Process } from '../../domain/processes/process.js';
import type { Task } from '../../domain/tasks/task.js';
import type { Actor, AppContext, GuestActor, MemberActor } from '../context.js';

export const taskNotFound = () => notFound('Task', 'TASK_NOT_FOUND');
export const processNotFound = () => notFound('Process', 'PROCESS_NOT_FOUND');

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
  } else if (caller.actor.role === 'light' && !isAssignee(task, caller)) throw taskNotFound();
  return task;
}

/**
 * Locks a task for a change, with its process locked first (the one lock order every
 * writer follows: process, then task), so two changes to one task run one after the other.
 * When the URL names the process, it is locked straight away and the task read once, under
 * its lock; otherwise a first read finds the task's process.
 */
export async function lockTask(
  tx: AppContext,
  caller: TaskCaller,
  taskId: string,
  processId?: string,
): Promise<{ task: Task; process: Process | undefined }> {
  const org = caller.actor.organizationId;
  const owner = processId ?? (await findVisibleTask(tx, caller, taskId)).processId;
  const process = owner ? await findProcessForUpdate(tx.db.kysely, org, owner) : undefined;
  if (owner && !process) throw taskNotFound();
  const task = await findTaskForUpdate(tx.db.kysely, org, taskId);
  return { task: assertVisible(task, caller, processId ?? owner ?? undefined), process };
}

/**
 * lockTask for a change that needs all of the process's tasks anyway (a completion: event
 * payload, rules, counters). When the URL names the process, its row is locked and its tasks
 * read once, the task among them: every writer of a process's tasks locks the process first,
 * so under that lock they are as current as a locked read of the one task. `siblings` are
 * then the process's tasks (this one included, by position); otherwise as lockTask.
 */
export async function lockTaskWithSiblings(
  tx: AppContext,
  caller: TaskCaller,
  taskId: string,
  processId?: string,
): Promise<{ task: Task; process: Process | undefined; siblings: Task[] | undefined }> {
  if (processId === undefined) return { ...(await lockTask(tx, caller, taskId)), siblings: undefined };
  const org = caller.actor.organizationId;
  const process = await findProcessForUpdate(tx.db.kysely, org, processId);
  if (!process) throw taskNotFound();
  const siblings = await findTasksOfProcess(tx.db.kysely, org, process.id);
  const task = siblings.find((t) => t.id === taskId);
  return { task: assertVisible(task, caller, processId), process, siblings };
}
