/**
 * Outbox event payloads in the shapes Tallyfy's webhooks send (reference §4): the process
 * payload for process events and the task payload (`this_task`, `process`, `template`,
 * `form-fields`, `process-tasks`, `next_task`…) for task events. Built inside the
 * transaction of the change, so they describe exactly what was committed.
 */

import { findGuestsByIds } from '../../db/repositories/guests-repository.js';
import { findTasksOfProcess } from '../../db/repositories/tasks-repository.js';
import { findUsersByIds } from '../../db/repositories/users-repository.js';
import { fullName, type User } from '../../domain/identity.js';
import { guestFullName } from '../../domain/people.js';
import { displayStatus, type Process, progressOf } from '../../domain/processes/process.js';
import { isOpen, type Task } from '../../domain/tasks/task.js';
import type { TemplateDefinition } from '../../domain/templates/definition.js';
import type { AppContext } from '../context.js';
import { fieldsOfTask } from './definitions.js';

const person = (user: User | undefined) =>
  user ? { id: user.id, email: user.email, full_name: fullName(user) } : null;

function aliasValues(task: Task, definition: TemplateDefinition | undefined): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const field of fieldsOfTask(task, definition)) values[field.alias] = task.taskdata[field.id] ?? null;
  return values;
}

function kickoffValues(
  process: Process,
  definition: TemplateDefinition | undefined,
): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const field of definition?.kickoffFields ?? []) values[field.alias] = process.prerun[field.id] ?? null;
  return values;
}

function processFields(process: Process) {
  return {
    id: process.id,
    increment_id: process.incrementId,
    organization_id: process.organizationId,
    name: process.name,
    summary: process.summary,
    status: displayStatus(process),
    progress: progressOf(process.tasksCompleted, process.tasksTotal),
    whole_progress: progressOf(process.tasksCompleted, process.tasksAll),
    checklist_id: process.templateId,
    checklist_title: process.templateTitle,
    created_at: process.createdAt,
    started_at: process.startedAt,
    completed_at: process.completedAt,
    owner_id: process.ownerId,
    started_by: process.startedBy,
    collaborators: process.users,
    prerun: process.prerun,
    prerun_status: process.prerunCompletedAt ? 'completed' : 'pending',
    prerun_completed_at: process.prerunCompletedAt,
    prerun_completed_by: process.prerunCompletedBy,
    due_date: process.dueDate,
  };
}

/**
 * The payload of `process.launched` / `process.completed` / `process.archived`. `tasks` are
 * the process's tasks when the caller already holds them as they now are (by position).
 */
export async function processEventPayload(
  tx: AppContext,
  process: Process,
  definition: TemplateDefinition | undefined,
  known?: readonly Task[],
): Promise<Record<string, unknown>> {
  const tasks = known ?? (await findTasksOfProcess(tx.db.kysely, process.organizationId, process.id));
  const users = await findUsersByIds(tx.db.kysely, process.startedBy ? [process.startedBy] : []);
  return {
    ...processFields(process),
    'process-tasks': Object.fromEntries(tasks.map((t) => [t.alias, t.id])),
    'ko-form-fields': kickoffValues(process, definition),
    launcher: person(process.startedBy ? users.get(process.startedBy) : undefined),
  };
}

function thisTask(task: Task, definition: TemplateDefinition | undefined, users: Map<number, User>) {
  const captures: Record<string, unknown> = {};
  for (const field of fieldsOfTask(task, definition)) {
    captures[field.id] = { alias: field.alias, label: field.label, value: task.taskdata[field.id] ?? null };
  }
  return {
    id: task.id,
    title: task.title,
    alias: task.alias,
    status: task.status,
    summary: task.summary,
    deadline: task.deadline,
    position: task.position,
    completed_at: task.completedAt,
    is_approved: task.isApproved,
    completed_by: person(task.completerId ? users.get(task.completerId) : undefined),
    owners: {
      users: task.owners.users.map((id) => person(users.get(id)) ?? { id }),
      guests: task.owners.guests,
      groups: task.owners.groups,
    },
    captures,
  };
}

/**
 * The payload of a task event (`task.completed`, `task.reopened`, `task.assigned`, …).
 * `known` are the process's tasks when the caller has just loaded them (the task itself may
 * be there as it was before this change: the payload describes it as given).
 */
export async function taskEventPayload(
  tx: AppContext,
  task: Task,
  process: Process | undefined,
  definition: TemplateDefinition | undefined,
  known?: readonly Task[],
): Promise<Record<string, unknown>> {
  const siblings = process
    ? (known ?? (await findTasksOfProcess(tx.db.kysely, process.organizationId, process.id)))
    : [task];
  const ids = [task.completerId, process?.startedBy, ...task.owners.users].filter((v): v is number => !!v);
  const users = await findUsersByIds(tx.db.kysely, ids);
  const payload = buildTaskPayload(task, process, definition, siblings, users);
  return task.completerGuestId ? nameGuestCompleter(tx, task, task.completerGuestId, payload) : payload;
}

/** A task a guest completed names the guest as `completer` and `completed_by` (`type: guest`). */
async function nameGuestCompleter(
  tx: AppContext,
  task: Task,
  guestId: number,
  payload: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const guest = (await findGuestsByIds(tx.db.kysely, task.organizationId, [guestId])).get(guestId);
  if (!guest) return payload;
  const completer = { id: guest.id, email: guest.email, full_name: guestFullName(guest), type: 'guest' };
  const thisTask = payload.this_task as Record<string, unknown>;
  return { ...payload, completer, this_task: { ...thisTask, completed_by: completer } };
}

/**
 * Payloads of several tasks of one process (events written together, e.g. by rules), from
 * one load of the process's tasks and one of the people they name. `siblings` are the
 * process's tasks when the caller has just loaded them. Keyed by task id.
 */
export async function taskEventPayloads(
  tx: AppContext,
  tasks: readonly Task[],
  process: Process,
  definition: TemplateDefinition | undefined,
  siblings?: Task[],
): Promise<Map<string, Record<string, unknown>>> {
  const all = siblings ?? (await findTasksOfProcess(tx.db.kysely, process.organizationId, process.id));
  const ids = [process.startedBy, ...tasks.flatMap((t) => [t.completerId, ...t.owners.users])];
  const users = await findUsersByIds(
    tx.db.kysely,
    ids.filter((v): v is number => !!v),
  );
  return new Map(tasks.map((t) => [t.id, buildTaskPayload(t, process, definition, all, users)]));
}

function buildTaskPayload(
  task: Task,
  process: Process | undefined,
  definition: TemplateDefinition | undefined,
  siblings: readonly Task[],
  users: Map<number, User>,
): Record<string, unknown> {
  const formFields = process ? kickoffValues(process, definition) : {};
  for (const t of siblings) Object.assign(formFields, aliasValues(t.id === task.id ? task : t, definition));
  const next = siblings.find((t) => t.id !== task.id && isOpen(t.status) && !t.archivedAt);
  return {
    this_task: thisTask(task, definition, users),
    launcher: person(process?.startedBy ? users.get(process.startedBy) : undefined),
    completer: person(task.completerId ? users.get(task.completerId) : undefined),
    'process-tasks': Object.fromEntries(siblings.map((t) => [t.alias, t.id])),
    'form-fields': formFields,
    template: definition
      ? { id: definition.id, title: definition.title, alias: definition.alias, summary: definition.summary }
      : null,
    process: process ? { ...processFields(process), tags: process.tags } : null,
    next_task: next ? { ...thisTask(next, definition, users), captures: {} } : {},
  };
}

/**
 * Where a task event is delivered: the task's own webhook (a one-off task's, or the step's
 * copied at launch) replaces the process's template webhook.
 */
export function taskEventTargets(task: Task, process: Process | undefined): string[] {
  const url = task.webhook ?? (task.isOneoff ? null : (process?.webhook ?? null));
  return url ? [url] : [];
}
