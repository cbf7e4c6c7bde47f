/**
 * Outbox event payloads in the shapes Tallyfy's webhooks send (reference §4), built from the
 * same presenters as the API answers: a process event carries the process as `GET` of the
 * process answers it, a task event carries `this_task` as `GET` of the task answers it and
 * `process` as `GET` of its process does. What the event adds on top:
 *
 * - process events: `organization_id`, `process-tasks`, `ko-form-fields`, `launcher`;
 * - task events: `this_task.completed_by`, `this_task.captures` and `this_task.owners` with
 *   the people named (Tallyfy's webhook form: `users: [{id, email, full_name}]`), and around
 *   it `launcher`, `completer`, `process-tasks`, `form-fields`, `template`, `next_task`, and
 *   `organization_id` inside `process`.
 *
 * Pure: the services load the people named and the facts (now, shares, late tasks) first.
 */
import { fullName, type User } from '../domain/identity.js';
import { type Guest, guestFullName } from '../domain/people.js';
import type { Process } from '../domain/processes/process.js';
import { isOverdue } from '../domain/tasks/status-filters.js';
import { isOpen, type Task } from '../domain/tasks/task.js';
import type { TemplateDefinition } from '../domain/templates/definition.js';
import { fieldsOfTask } from '../domain/templates/task-parts.js';
import { presentProcess } from './present-process.js';
import { presentTask } from './present-task.js';

/** What a payload names and counts, loaded by the caller. */
export interface PayloadFacts {
  now: Date;
  users: ReadonlyMap<number, User>;
  guests: ReadonlyMap<number, Guest>;
  /** Shares given so far on open everyone-must-complete tasks, by task id. */
  shares: ReadonlyMap<string, number>;
  /** Content of the snippets the tasks' summaries reference, by id (none when absent). */
  snippets?: ReadonlyMap<number, string>;
}

/** The members a payload of these tasks of this process names (launcher, completers, owners). */
export function payloadUserIds(process: Process | undefined, tasks: readonly Task[]): number[] {
  const ids = [process?.startedBy, ...tasks.flatMap((t) => [t.completerId, ...t.owners.users])];
  return [...new Set(ids.filter((id): id is number => !!id))];
}

/** Open visible tasks past their deadline: the process's `late_tasks`. */
export function countLateTasks(tasks: readonly Task[], now: Date): number {
  return tasks.filter((t) => t.archivedAt === null && isOverdue(t.status, t.deadline, now)).length;
}

const person = (user: User | undefined) =>
  user ? { id: user.id, email: user.email, full_name: fullName(user) } : null;

function processObject(process: Process, tasks: readonly Task[], now: Date) {
  return {
    ...presentProcess(process, { now, lateTasks: countLateTasks(tasks, now) }),
    organization_id: process.organizationId,
  };
}

function kickoffValues(process: Process, definition: TemplateDefinition | undefined) {
  const values: Record<string, unknown> = {};
  for (const field of definition?.kickoffFields ?? []) values[field.alias] = process.prerun[field.id] ?? null;
  return values;
}

/**
 * The payload of `process.launched` / `process.completed` / `process.archived`: the process
 * with its tasks as they now are.
 */
export function presentProcessEvent(
  process: Process,
  definition: TemplateDefinition | undefined,
  tasks: readonly Task[],
  facts: PayloadFacts,
): Record<string, unknown> {
  return {
    ...processObject(process, tasks, facts.now),
    'process-tasks': Object.fromEntries(tasks.map((t) => [t.alias, t.id])),
    'ko-form-fields': kickoffValues(process, definition),
    launcher: person(process.startedBy ? facts.users.get(process.startedBy) : undefined),
  };
}

/** The person who completed the task: a member, or a guest (`type: guest`). */
function completerOf(task: Task, facts: PayloadFacts) {
  const guest = task.completerGuestId ? facts.guests.get(task.completerGuestId) : undefined;
  if (guest) return { id: guest.id, email: guest.email, full_name: guestFullName(guest), type: 'guest' };
  return person(task.completerId ? facts.users.get(task.completerId) : undefined);
}

/** A task as `GET` of it answers, plus what Tallyfy's webhooks add to `this_task`. */
function taskObject(
  task: Task,
  process: Process | undefined,
  definition: TemplateDefinition | undefined,
  facts: PayloadFacts,
  withCaptures: boolean,
) {
  const captures: Record<string, unknown> = {};
  if (withCaptures) {
    for (const field of fieldsOfTask(task, definition)) {
      captures[field.id] = { alias: field.alias, label: field.label, value: task.taskdata[field.id] ?? null };
    }
  }
  return {
    ...presentTask(task, {
      process,
      now: facts.now,
      withSummary: true,
      sharesDone: facts.shares.get(task.id) ?? 0,
      snippets: facts.snippets,
    }),
    owners: {
      users: task.owners.users.map((id) => person(facts.users.get(id)) ?? { id }),
      guests: task.owners.guests,
      groups: task.owners.groups,
      roles: task.owners.roles,
    },
    completed_by: completerOf(task, facts),
    captures,
  };
}

/**
 * The payload of a task event (`task.completed`, `task.reopened`, `task.assigned`, …):
 * `siblings` are the process's tasks as they now are (the task alone for a one-off task on
 * its own, which has no process and no definition).
 */
export function presentTaskEvent(
  task: Task,
  process: Process | undefined,
  definition: TemplateDefinition | undefined,
  siblings: readonly Task[],
  facts: PayloadFacts,
): Record<string, unknown> {
  const formFields = process ? kickoffValues(process, definition) : {};
  for (const t of siblings) {
    const current = t.id === task.id ? task : t;
    for (const field of fieldsOfTask(current, definition))
      formFields[field.alias] = current.taskdata[field.id] ?? null;
  }
  const next = siblings.find((t) => t.id !== task.id && isOpen(t.status) && !t.archivedAt);
  return {
    this_task: taskObject(task, process, definition, facts, true),
    launcher: person(process?.startedBy ? facts.users.get(process.startedBy) : undefined),
    completer: completerOf(task, facts),
    'process-tasks': Object.fromEntries(siblings.map((t) => [t.alias, t.id])),
    'form-fields': formFields,
    template: definition
      ? { id: definition.id, title: definition.title, alias: definition.alias, summary: definition.summary }
      : null,
    process: process ? processObject(process, siblings, facts.now) : null,
    next_task: next ? taskObject(next, process, definition, facts, false) : {},
  };
}

/** The tasks whose shares a payload of `task` shows (itself and the next open one). */
export function payloadTasks(task: Task, siblings: readonly Task[]): Task[] {
  const next = siblings.find((t) => t.id !== task.id && isOpen(t.status) && !t.archivedAt);
  return next ? [task, next] : [task];
}
