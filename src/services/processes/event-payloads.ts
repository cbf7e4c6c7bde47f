/**
 * Outbox event payloads, built inside the transaction of the change so they describe exactly
 * what was committed. The shapes come from the presenters the API answers with
 * (presenters/webhook-payloads.ts); this module loads what they name: the people (through the
 * unit, once per unit), the shares of everyone-must-complete tasks and the snippets the
 * summaries reference (no query when none does).
 */
import { findGuestsByIds } from '../../db/repositories/guests-repository.js';
import { countTaskCompletions } from '../../db/repositories/task-owners-repository.js';
import { findUsersByIds } from '../../db/repositories/users-repository.js';
import type { Guest } from '../../domain/people.js';
import type { Process } from '../../domain/processes/process.js';
import type { Task } from '../../domain/tasks/task.js';
import {
  type PayloadFacts,
  payloadTasks,
  payloadUserIds,
  presentProcessEvent,
  presentTaskEvent,
} from '../../presenters/webhook-payloads.js';
import type { AppContext } from '../context.js';
import { loadSnippetContents } from '../snippets/summaries.js';
import { guestsOfWrite, type ProcessWrite, usersOfWrite } from './process-write.js';

const NO_SHARES: ReadonlyMap<string, number> = new Map();

/** Shares given on the open everyone-must-complete tasks among these (no query when there are none). */
function sharesOf(tx: AppContext, organizationId: string, tasks: readonly Task[]) {
  const ids = tasks.filter((t) => t.everyoneMustComplete && t.status !== 'completed').map((t) => t.id);
  return ids.length ? countTaskCompletions(tx.db.kysely, organizationId, ids) : Promise.resolve(NO_SHARES);
}

/**
 * The payload of `process.launched` / `process.completed` / `process.archived`, from the
 * unit's process and tasks as they now are.
 */
export async function processEventPayload(unit: ProcessWrite): Promise<Record<string, unknown>> {
  const { process, definition, tasks } = unit;
  const users = await usersOfWrite(unit, [process.startedBy]);
  const facts: PayloadFacts = { now: unit.tx.clock.now(), users, guests: unit.guests, shares: NO_SHARES };
  return presentProcessEvent(process, definition, tasks, facts);
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
  const shown = tasks.flatMap((t) => payloadTasks(t, unit.tasks));
  const users = await usersOfWrite(unit, payloadUserIds(process, shown));
  const guests = await guestsOfWrite(
    unit,
    tasks.map((t) => t.completerGuestId),
  );
  const shares = await sharesOf(unit.tx, process.organizationId, shown);
  const snippets = await loadSnippetContents(
    unit.tx,
    process.organizationId,
    shown.map((t) => t.summary),
  );
  const facts: PayloadFacts = { now: unit.tx.clock.now(), users, guests, shares, snippets };
  return new Map(tasks.map((t) => [t.id, presentTaskEvent(t, process, definition, unit.tasks, facts)]));
}

/** The payload of an event of a task outside any process (a one-off task on its own). */
export async function looseTaskEventPayload(tx: AppContext, task: Task): Promise<Record<string, unknown>> {
  const users = await findUsersByIds(tx.db.kysely, payloadUserIds(undefined, [task]));
  const guests = task.completerGuestId
    ? await findGuestsByIds(tx.db.kysely, task.organizationId, [task.completerGuestId])
    : new Map<number, Guest>();
  const shares = await sharesOf(tx, task.organizationId, [task]);
  const snippets = await loadSnippetContents(tx, task.organizationId, [task.summary]);
  const facts: PayloadFacts = { now: tx.clock.now(), users, guests, shares, snippets };
  return presentTaskEvent(task, undefined, undefined, [task], facts);
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
