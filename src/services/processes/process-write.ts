/**
 * The unit of work of every write to a process. Opened inside the write's transaction, it
 * locks the process, loads the frozen definition and the process's tasks (with their owners)
 * once, and is what each step of the write receives: the task change, its activity, the
 * event payloads, the rules and the recount of the process. Each step keeps the unit's
 * process and tasks as they are after it, so no step reads again what an earlier one holds.
 */
import { lockProcessIfFree } from '../../db/repositories/deadline-sweeps-repository.js';
import { findGuestsByIds } from '../../db/repositories/guests-repository.js';
import { findOrganizationById } from '../../db/repositories/organizations-repository.js';
import { findProcessForUpdate } from '../../db/repositories/processes-repository.js';
import { findTasksOfProcess } from '../../db/repositories/tasks-repository.js';
import { findUsersByIds } from '../../db/repositories/users-repository.js';
import type { Organization, User } from '../../domain/identity.js';
import type { Guest } from '../../domain/people.js';
import type { Process } from '../../domain/processes/process.js';
import type { Task } from '../../domain/tasks/task.js';
import type { TemplateDefinition } from '../../domain/templates/definition.js';
import type { AppContext } from '../context.js';
import type { ActorRef } from '../events/record.js';
import { loadDefinition } from './definitions.js';

export interface ProcessWrite {
  readonly tx: AppContext;
  /** Who the activity rows and events name (the system for deadline actions). */
  readonly actor: ActorRef;
  /** The process (locked) as it is now: the recount replaces it. */
  process: Process;
  /** The process's frozen template definition; undefined for a process without a template. */
  readonly definition: TemplateDefinition | undefined;
  /** The process's tasks with their owners, by position, as they are now (each step keeps them so). */
  tasks: Task[];
  /** Members named by event payloads, loaded as payloads need them and kept for the next. */
  readonly users: Map<number, User>;
  readonly guests: Map<number, Guest>;
  /** The organization (time zone, working days), loaded when the rules first need it. */
  organization: Organization | undefined;
}

/**
 * Locks the process and loads what every write step uses. `ifFree`: skip a process another
 * transaction holds (the deadline sweeper) instead of waiting; undefined then, as for a
 * process that does not exist.
 */
export async function openProcessWrite(
  tx: AppContext,
  actor: ActorRef,
  organizationId: string,
  processId: string,
  options: { ifFree?: boolean } = {},
): Promise<ProcessWrite | undefined> {
  const lock = options.ifFree ? lockProcessIfFree : findProcessForUpdate;
  const process = await lock(tx.db.kysely, organizationId, processId);
  if (!process) return undefined;
  // The process was written before this transaction (it is only locked here): its version is committed.
  const definition = await loadDefinition(tx, process, { committed: true });
  const tasks = await findTasksOfProcess(tx.db.kysely, organizationId, process.id);
  return newUnit(tx, actor, process, definition, tasks, undefined);
}

/**
 * The unit of a launch, from what it has just inserted: the process, its tasks (read back in
 * the order and owner order the repository reads them) and the organization it checked.
 */
export function launchedProcessWrite(
  tx: AppContext,
  actor: ActorRef,
  launched: {
    process: Process;
    definition: TemplateDefinition;
    tasks: readonly Task[];
    organization: Organization;
  },
): ProcessWrite {
  const tasks = launched.tasks
    .map((t) => ({
      ...t,
      owners: {
        users: [...t.owners.users].sort((a, b) => a - b),
        guests: [...t.owners.guests].sort(),
        groups: [...t.owners.groups].sort(),
        roles: [...t.owners.roles].sort(),
      },
    }))
    .sort((a, b) => a.position - b.position);
  return newUnit(tx, actor, launched.process, launched.definition, tasks, launched.organization);
}

function newUnit(
  tx: AppContext,
  actor: ActorRef,
  process: Process,
  definition: TemplateDefinition | undefined,
  tasks: Task[],
  organization: Organization | undefined,
): ProcessWrite {
  return { tx, actor, process, definition, tasks, users: new Map(), guests: new Map(), organization };
}

/** The task of the process with this id, as it is now. */
export const taskOfWrite = (unit: ProcessWrite, taskId: string): Task | undefined =>
  unit.tasks.find((t) => t.id === taskId);

/** Keeps tasks as written: each replaces the unit's task of its id; a new one joins by position. */
export function keepTasks(unit: ProcessWrite, written: readonly Task[]): void {
  const byId = new Map(written.map((t) => [t.id, t]));
  const kept = unit.tasks.map((t) => byId.get(t.id) ?? t);
  const known = new Set(kept.map((t) => t.id));
  const added = written.filter((t) => !known.has(t.id));
  // Ties keep the existing task first, as the repository orders by position then creation.
  unit.tasks = added.length ? [...kept, ...added].sort((a, b) => a.position - b.position) : kept;
}

/** The task leaves the process (deleted, or moved to another one). */
export function dropTask(unit: ProcessWrite, taskId: string): void {
  unit.tasks = unit.tasks.filter((t) => t.id !== taskId);
}

/** The members with these ids: those not yet loaded by this unit in one query. */
export async function usersOfWrite(unit: ProcessWrite, ids: Iterable<number | null | undefined>) {
  const missing = [...new Set(ids)].filter((id): id is number => !!id && !unit.users.has(id));
  if (missing.length > 0) {
    for (const [id, user] of await findUsersByIds(unit.tx.db.kysely, missing)) unit.users.set(id, user);
  }
  return unit.users;
}

/** The guests with these ids: those not yet loaded by this unit in one query. */
export async function guestsOfWrite(unit: ProcessWrite, ids: Iterable<number | null | undefined>) {
  const missing = [...new Set(ids)].filter((id): id is number => !!id && !unit.guests.has(id));
  if (missing.length > 0) {
    const found = await findGuestsByIds(unit.tx.db.kysely, unit.process.organizationId, missing);
    for (const [id, guest] of found) unit.guests.set(id, guest);
  }
  return unit.guests;
}

/** The process's organization, read once per unit. */
export async function organizationOfWrite(unit: ProcessWrite): Promise<Organization | undefined> {
  unit.organization ??= await findOrganizationById(unit.tx.db.kysely, unit.process.organizationId);
  return unit.organization;
}
