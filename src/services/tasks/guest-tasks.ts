/**
 * A guest's tasks: what the guest sees through their code (`GET …/guests/{code}/tasks`), and
 * what members see of a guest (`GET …/guests/{email}/tasks`). Completing, reopening,
 * commenting and filling in go through the same use cases as members' (a guest caller).
 */
import { findGroupIdsOfGuest } from '../../db/repositories/groups-repository.js';
import { findGuestByEmail } from '../../db/repositories/guests-repository.js';
import type { TaskListQuery } from '../../db/repositories/task-lists-repository.js';
import { invalidFields, notFound } from '../../domain/errors.js';
import type { PageRequest } from '../../domain/pagination.js';
import { assertCan } from '../../domain/policy.js';
import type { Task } from '../../domain/tasks/task.js';
import type { Actor, AppContext, GuestActor } from '../context.js';
import { guestNotFound } from '../people/access.js';
import { fieldsOfTask, loadDefinition } from '../processes/definitions.js';
import { getTask } from './get-task.js';
import { ORG_SORTS, runList, type TaskList } from './list-tasks.js';
import { guestSees, loadCaller } from './task-access.js';
import { buildTaskQuery, parseTaskSort, type TaskListParams } from './task-filters.js';
import { updateTask } from './update-task.js';

type GuestTasks = NonNullable<TaskListQuery['assignedToGuest']>;

/** The guest calling; only what they can work themselves. */
export async function guestTasksOf(ctx: AppContext, guest: GuestActor): Promise<GuestTasks> {
  const caller = await loadCaller(ctx, guest);
  return { email: guest.email.toLowerCase(), groupIds: caller.groupIds, workable: true };
}

/**
 * Whose tasks a request means: the guest calling, or for a member (admin or standard: the
 * policy's `guest.read`) the guest with `email` in the member's organization.
 */
async function guestOfRequest(ctx: AppContext, actor: Actor, email: string | undefined): Promise<GuestTasks> {
  if (actor.kind === 'guest') return guestTasksOf(ctx, actor);
  assertCan(actor, 'guest.read');
  const guest = email ? await findGuestByEmail(ctx.db.kysely, actor.organizationId, email) : undefined;
  if (!guest) throw guestNotFound();
  const groupIds = await findGroupIdsOfGuest(ctx.db.kysely, actor.organizationId, guest.id);
  return { email: guest.email, groupIds, workable: false };
}

/**
 * A guest's tasks, with the filters, sorts and pages of the other task lists (open tasks by
 * default, earliest deadline first). A guest never lists archived tasks.
 */
export async function listGuestTasks(
  ctx: AppContext,
  actor: Actor,
  email: string | undefined,
  params: TaskListParams,
  page: PageRequest,
): Promise<TaskList> {
  const who = await guestOfRequest(ctx, actor, email);
  const status = params.status ?? 'active_visible';
  const filters = actor.kind === 'guest' ? { ...params, status, archived: undefined } : { ...params, status };
  const query = buildTaskQuery(actor.organizationId, filters, ctx.clock.now());
  query.assignedToGuest = who;
  const sort = parseTaskSort(params.sort, ORG_SORTS, { field: 'deadline', direction: 'asc' });
  return runList(ctx, actor.organizationId, query, sort, page);
}

export interface GuestFormValueInput {
  id: string;
  formValue: unknown;
  taskId: string | undefined;
}

/**
 * `POST …/guests/{code}/form-field/value {id, form_value, task_id}`: a guest fills in one
 * field of their own task (creating or replacing the value). A member may call it with the
 * guest's e-mail in place of the code, for a task of that guest, with their own rights.
 */
export async function setGuestFormFieldValue(
  ctx: AppContext,
  actor: Actor,
  email: string | undefined,
  input: GuestFormValueInput,
): Promise<void> {
  if (!input.taskId)
    throw invalidFields('VALIDATION_FAILED', { task_id: ['The task_id field is required.'] });
  const { task, process } = await getTask(ctx, actor, input.taskId);
  if (actor.kind === 'user') {
    const who = await guestOfRequest(ctx, actor, email);
    const theirs =
      task.owners.guests.includes(who.email) || task.owners.groups.some((g) => who.groupIds.includes(g));
    if (!theirs) throw notFound('TASK_NOT_FOUND', 'Task');
  }
  const fields = fieldsOfTask(task, process ? await loadDefinition(ctx, process) : undefined);
  if (!fields.some((f) => f.id === input.id)) throw notFound('FORM_FIELD_NOT_FOUND', 'Form field');
  await updateTask(ctx, actor, task.id, { formValues: { [input.id]: input.formValue } });
}

/**
 * Of the tasks given (for example those automation rules just changed), the ids of those the
 * guest can work, so an answer to a guest names no one else's task.
 */
export async function guestWorkableTaskIds(
  ctx: AppContext,
  guest: GuestActor,
  tasks: readonly Task[],
): Promise<Set<string>> {
  const caller = await loadCaller(ctx, guest);
  return new Set(tasks.filter((t) => t.allowGuestOwners && guestSees(t, caller)).map((t) => t.id));
}
