import { emptyOwners, type TaskOwners } from '../../domain/tasks/task.js';
import type { Db } from '../database.js';
import { precompileWithList } from '../precompiled.js';

/** The owner rows of some tasks: every task request reads them (see precompiled.ts). */
const ownerRowsOfTasks = precompileWithList(
  (db: Db, taskIds: string[], organizationId: string) =>
    db
      .selectFrom('task_owners')
      .select(['task_id', 'kind', 'owner_id'])
      .where('organization_id', '=', organizationId)
      .where('task_id', 'in', taskIds),
  1,
);

/** Owners of the given tasks in one query; tasks without owners get empty lists. */
export async function findOwnersOfTasks(
  db: Db,
  organizationId: string,
  taskIds: readonly string[],
): Promise<Map<string, TaskOwners>> {
  const result = new Map<string, TaskOwners>();
  for (const id of taskIds) result.set(id, emptyOwners());
  if (taskIds.length === 0) return result;
  const rows = await ownerRowsOfTasks(db, taskIds, organizationId);
  for (const row of rows) {
    const owners = result.get(row.task_id);
    if (!owners) continue;
    if (row.kind === 'user') owners.users.push(Number(row.owner_id));
    else if (row.kind === 'guest') owners.guests.push(row.owner_id);
    else if (row.kind === 'role') owners.roles.push(row.owner_id);
    else owners.groups.push(row.owner_id);
  }
  for (const owners of result.values()) {
    owners.users.sort((a, b) => a - b);
    owners.guests.sort();
    owners.groups.sort();
    owners.roles.sort();
  }
  return result;
}

function ownerRows(organizationId: string, taskId: string, owners: TaskOwners) {
  return [
    ...owners.users.map((id) => ({ kind: 'user' as const, owner_id: String(id) })),
    ...owners.guests.map((email) => ({ kind: 'guest' as const, owner_id: email })),
    ...owners.groups.map((id) => ({ kind: 'group' as const, owner_id: id })),
    ...owners.roles.map((id) => ({ kind: 'role' as const, owner_id: id })),
  ].map((r) => ({ ...r, organization_id: organizationId, task_id: taskId }));
}

/** Adds owner rows for many tasks at once (launch, one-off creation). */
export async function insertTaskOwners(
  db: Db,
  organizationId: string,
  owners: ReadonlyArray<{ taskId: string; owners: TaskOwners }>,
): Promise<void> {
  const rows = owners.flatMap((o) => ownerRows(organizationId, o.taskId, o.owners));
  // Chunked so a large template stays under the databases' bound-parameter limits.
  for (let i = 0; i < rows.length; i += 500) {
    await db
      .insertInto('task_owners')
      .values(rows.slice(i, i + 500))
      .execute();
  }
}

/** Replaces a task's owners (PUT semantics: what is not listed is removed). */
export async function replaceTaskOwners(
  db: Db,
  organizationId: string,
  taskId: string,
  owners: TaskOwners,
): Promise<void> {
  await db
    .deleteFrom('task_owners')
    .where('organization_id', '=', organizationId)
    .where('task_id', '=', taskId)
    .execute();
  await insertTaskOwners(db, organizationId, [{ taskId, owners }]);
}

/** Replaces the owners of several tasks: one delete and one (chunked) insert for all of them. */
export async function replaceOwnersOfTasks(
  db: Db,
  organizationId: string,
  owners: ReadonlyArray<{ taskId: string; owners: TaskOwners }>,
): Promise<void> {
  if (owners.length === 0) return;
  await db
    .deleteFrom('task_owners')
    .where('organization_id', '=', organizationId)
    .where(
      'task_id',
      'in',
      owners.map((o) => o.taskId),
    )
    .execute();
  await insertTaskOwners(db, organizationId, owners);
}

/** Removes one person, group or job title from every task of the organization (their removal). */
export async function removeOwnerFromAllTasks(
  db: Db,
  organizationId: string,
  kind: 'user' | 'guest' | 'group' | 'role',
  ownerId: string,
): Promise<void> {
  await db
    .deleteFrom('task_owners')
    .where('organization_id', '=', organizationId)
    .where('kind', '=', kind)
    .where('owner_id', '=', ownerId)
    .execute();
}

/** Active members of the organization among `userIds`. */
export async function findActiveMemberIds(
  db: Db,
  organizationId: string,
  userIds: readonly number[],
): Promise<Set<number>> {
  if (userIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('memberships')
    .select('user_id')
    .where('organization_id', '=', organizationId)
    .where('user_id', 'in', [...new Set(userIds)])
    .where('status', '=', 'active')
    .execute();
  return new Set(rows.map((r) => r.user_id));
}

/** Records one assignee's share of an everyone-must-complete task. */
export async function insertTaskCompletion(
  db: Db,
  row: { organizationId: string; taskId: string; kind: 'user' | 'guest'; completer: string; at: string },
): Promise<void> {
  await db
    .insertInto('task_completions')
    .values({
      organization_id: row.organizationId,
      task_id: row.taskId,
      kind: row.kind,
      completer: row.completer,
      completed_at: row.at,
    })
    .execute();
}

/** Shares already given on a task, as `user:<id>` / `guest:<email>`. */
export async function findTaskCompletions(
  db: Db,
  organizationId: string,
  taskId: string,
): Promise<Set<string>> {
  const rows = await db
    .selectFrom('task_completions')
    .select(['kind', 'completer'])
    .where('organization_id', '=', organizationId)
    .where('task_id', '=', taskId)
    .execute();
  return new Set(rows.map((r) => `${r.kind}:${r.completer}`));
}

/** Completion shares of many tasks (for `completion_progress`), in one query. */
export async function countTaskCompletions(
  db: Db,
  organizationId: string,
  taskIds: readonly string[],
): Promise<Map<string, number>> {
  const result = new Map<string, number>();
  if (taskIds.length === 0) return result;
  const rows = await db
    .selectFrom('task_completions')
    .select(['task_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('organization_id', '=', organizationId)
    .where('task_id', 'in', [...new Set(taskIds)])
    .groupBy('task_id')
    .execute();
  for (const row of rows) result.set(row.task_id, Number(row.n));
  return result;
}

export async function deleteTaskCompletions(db: Db, organizationId: string, taskId: string): Promise<void> {
  await db
    .deleteFrom('task_completions')
    .where('organization_id', '=', organizationId)
    .where('task_id', '=', taskId)
    .execute();
}

/** Clears the everyone-must-complete shares of several tasks (tasks reopened by rules). */
export async function deleteCompletionsOfTasks(
  db: Db,
  organizationId: string,
  taskIds: readonly string[],
): Promise<void> {
  if (taskIds.length === 0) return;
  await db
    .deleteFrom('task_completions')
    .where('organization_id', '=', organizationId)
    .where('task_id', 'in', [...new Set(taskIds)])
    .execute();
}
