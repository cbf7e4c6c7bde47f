/**
 * Outbox event payloads in the shapes Tallyfy's webhooks send (reference §4): the process
 * payload for process events and the task payload (`this_task`, `process`, `template`,
 * `form-fields`, `process-tasks`, `next_task`…) for task events. Built inside the
 * transaction of the change, so they describe exactly what was committed.
 */

import { findGuestsByIds } from '../../db/repositories/guests-repository.js';
import { findUsersByIds } from '../../db/repositories/users-repository.js';
import { fullName, type User } from '../../domain/identity.js';
import { type Guest, guestFullName } from '../../domain/people.js';
import { displayStatus, type Process, progressOf } from '../../domain/processes/process.js';
import { isOpen, type Task } from '../../domain/tasks/task.js';
import type { TemplateDefinition } from '../../domain/templates/definition.js';
import type { AppContext } from '../context.js';
import { fieldsOfTask } from './definitions.js';
import { guestsOfWrite, type ProcessWrite, usersOfWrite } from './process-write.js';

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
 * The payload of `process.launched` / `process.completed` / `process.archived`, from the
 * unit's process and tasks as they now are.
 */
export async function processEventPayload(unit: ProcessWrite): Promise<Record<string, unknown>> {
  const { process, definition, tasks } = unit;
  const users = await usersOfWrite(unit, [process.startedBy]);
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
 * Payloads of task events (`task.completed`, `task.reopened`, `task.assigned`, …) of tasks of
 * the unit's process, each describing the task as given among the unit's tasks as they now
 * are; the people they name are loaded in one query. Keyed by task id.
 */
export async function taskEventPayloads(
  unit: ProcessWrite,
  tasks: readonly Task[],
): Promise<Map<string, Record<string, unknown>>> {
  const { process, definition } = unit;
  const users = await usersOfWrite(unit, [
    process.startedBy,
    ...tasks.flatMap((t) => [t.completerId, ...t.owners.users]),
  ]);
  const guests = await guestsOfWrite(
    unit,
    tasks.map((t) => t.completerGuestId),
  );
  return new Map(
    tasks.map((t) => [
      t.id,
      namedGuest(t, guests, buildTaskPayload(t, process, definition, unit.tasks, users)),
    ]),
  );
}

/** The payload of an event of a task outside any process (a one-off task on its own). */
export async function looseTaskEventPayload(tx: AppContext, task: Task): Promise<Record<string, unknown>> {
  const ids = [task.completerId, ...task.owners.users].filter((v): v is number => !!v);
  const users = await findUsersByIds(tx.db.kysely, ids);
  const guests = task.completerGuestId
    ? await findGuestsByIds(tx.db.kysely, task.organizationId, [task.completerGuestId])
    : new Map<number, Guest>();
  return namedGuest(task, guests, buildTaskPayload(task, undefined, undefined, [task], users));
}

/** A task a guest completed names the guest as `completer` and `completed_by` (`type: guest`). */
function namedGuest(
  task: Task,
  guests: ReadonlyMap<number, Guest>,
  payload: Record<string, unknown>,
): Record<string, unknown> {
  const guest = task.completerGuestId ? guests.get(task.completerGuestId) : undefined;
  if (!guest) return payload;
  const completer = { id: guest.id, email: guest.email, full_name: guestFullName(guest), type: 'guest' };
  const thisTask = payload.this_task as Record<string, unknown>;
  return { ...payload, completer, this_task: { ...thisTask, completed_by: completer } };
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

/** The payload of one task event of a task of the unit's process. */
export async function taskEventPayload(unit: ProcessWrite, task: Task): Promise<Record<string, unknown>> {
  return (await taskEventPayloads(unit, [task])).get(task.id) ?? {};
}
