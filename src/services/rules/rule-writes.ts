/**
 * Writing what the rule engine decided: task rows (status, hidden status, completion fields
 * of reopened tasks, deadlines), owners and everyone-must-complete shares, in the caller's
 * transaction and in as few statements as the changes allow.
 */
import { findGroupsByIds } from '../../db/repositories/groups-repository.js';
import {
  deleteCompletionsOfTasks,
  findActiveMemberIds,
  replaceOwnersOfTasks,
} from '../../db/repositories/task-owners-repository.js';
import { type TaskChanges, updateTasksByIds } from '../../db/repositories/tasks-repository.js';
import type { Owners, RuleTask, TaskChange } from '../../domain/rules/types.js';
import { emptyOwners, type Task, type TaskOwners } from '../../domain/tasks/task.js';
import type { RuleChangedTask } from '../../domain/views.js';
import type { AppContext } from '../context.js';
import { ensureOwnerGuests } from '../processes/owners.js';

export type { RuleChangedTask };

/**
 * Drops people a rule would add who can no longer own tasks (members since disabled or
 * removed, groups since deleted); a change that then changes nothing is dropped. Two queries.
 */
export async function keepAssignable(
  tx: AppContext,
  organizationId: string,
  changes: readonly TaskChange[],
): Promise<TaskChange[]> {
  const added = <K extends 'users' | 'groups'>(key: K): Owners[K] =>
    changes.flatMap((c) => {
      if (!c.owners) return [];
      const before: ReadonlyArray<string | number> = c.owners.from[key];
      return c.owners.to[key].filter((x: string | number) => !before.includes(x));
    }) as Owners[K];
  const members = await findActiveMemberIds(tx.db.kysely, organizationId, added('users'));
  const groups = await findGroupsByIds(tx.db.kysely, organizationId, added('groups'));
  return changes.flatMap((c) => {
    if (!c.owners) return [c];
    const { from, to } = c.owners;
    const kept = sortedOwners({
      users: to.users.filter((u) => from.users.includes(u) || members.has(u)),
      guests: to.guests,
      groups: to.groups.filter((g) => from.groups.includes(g) || groups.has(g)),
      roles: to.roles ?? [],
    });
    const { owners: _dropped, ...rest } = c;
    const next: TaskChange = sameOwners(from, kept)
      ? rest
      : { ...rest, owners: { from: sortedOwners(from), to: kept } };
    return Object.keys(next).length > 1 ? [next] : [];
  });
}

/**
 * Writes the changes; `before` are the process's tasks as loaded, `after` the engine's final
 * state of each task. Tasks changed alike are updated by one statement. Returns the changed
 * tasks as stored now.
 */
export async function writeRuleChanges(
  tx: AppContext,
  organizationId: string,
  before: ReadonlyMap<string, Task>,
  after: ReadonlyMap<string, RuleTask>,
  changes: readonly TaskChange[],
): Promise<RuleChangedTask[]> {
  const now = tx.clock.now().toISOString();
  const groups = new Map<string, { columns: TaskChanges; ids: string[] }>();
  const result: RuleChangedTask[] = [];
  for (const change of changes) {
    const task = before.get(change.taskId);
    const final = after.get(change.taskId);
    if (!task || !final) continue;
    const columns = columnsOf(change, final, now);
    const key = JSON.stringify(columns);
    const group = groups.get(key) ?? { columns, ids: [] };
    group.ids.push(task.id);
    groups.set(key, group);
    const owners = change.owners ? sortedOwners(change.owners.to) : task.owners;
    result.push({ task: { ...task, ...columns, owners }, change });
  }
  for (const { columns, ids } of groups.values()) {
    await updateTasksByIds(tx.db.kysely, organizationId, ids, columns);
  }
  const owned = result.filter((r) => r.change.owners);
  await replaceOwnersOfTasks(
    tx.db.kysely,
    organizationId,
    owned.map((r) => ({ taskId: r.task.id, owners: r.task.owners })),
  );
  const guests = [...new Set(owned.flatMap((r) => r.task.owners.guests))];
  await ensureOwnerGuests(tx, organizationId, { ...emptyOwners(), guests });
  await deleteCompletionsOfTasks(
    tx.db.kysely,
    organizationId,
    result.filter((r) => r.change.reopened).map((r) => r.task.id),
  );
  return result;
}

/** The columns a change sets; a reopened task loses its completion like a manual reopen. */
function columnsOf(change: TaskChange, final: RuleTask, now: string): TaskChanges {
  const columns: TaskChanges = { lastUpdated: now };
  if (change.status || change.reopened) {
    columns.status = final.status;
    columns.statusBeforeHidden = final.statusBeforeHidden ?? null;
  }
  if (change.reopened) {
    Object.assign(columns, {
      completedAt: null,
      completerId: null,
      completerGuestId: null,
      isApproved: null,
      reopenedAt: final.reopenedAt,
    });
  }
  if (change.deadline) columns.deadline = final.deadline;
  return columns;
}

/** Owners in the order the owners repository reads them back. */
const sortedOwners = (o: Owners): TaskOwners => ({
  users: [...o.users].sort((x, y) => x - y),
  guests: [...o.guests].sort(),
  groups: [...o.groups].sort(),
  roles: [...(o.roles ?? [])].sort(),
});

const sameOwners = (a: Owners, b: Owners) =>
  JSON.stringify(sortedOwners(a)) === JSON.stringify(sortedOwners(b));
