import type { Selectable } from 'kysely';
import type { Group } from '../../domain/people.js';
import type { Db } from '../database.js';
import { dialectOf, toInt } from '../dialect.js';
import { precompile } from '../precompiled.js';
import type { GroupsTable } from '../tables/people.js';
import { matchesText } from './people-search.js';

/** Groups of one organization and their member and guest rows; every query is org-scoped. */

export function toGroup(row: Selectable<GroupsTable>): Group {
  return {
    id: row.id,
    organizationId: row.organization_id,
    name: row.name,
    description: row.description,
    logo: row.logo,
    createdAt: row.created_at,
    lastUpdated: row.last_updated,
  };
}

/** Groups by id in one query; ids of other organizations are absent. */
export async function findGroupsByIds(
  db: Db,
  organizationId: string,
  ids: readonly string[],
): Promise<Map<string, Group>> {
  const result = new Map<string, Group>();
  if (ids.length === 0) return result;
  const rows = await db
    .selectFrom('groups')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('id', 'in', [...new Set(ids)])
    .execute();
  for (const row of rows) result.set(row.id, toGroup(row));
  return result;
}

export async function findGroupByName(
  db: Db,
  organizationId: string,
  name: string,
): Promise<Group | undefined> {
  const row = await db
    .selectFrom('groups')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('name', '=', name)
    .executeTakeFirst();
  return row ? toGroup(row) : undefined;
}

/** Member user ids of each group (every group asked for is a key, possibly with []). */
export async function findGroupMemberIds(
  db: Db,
  organizationId: string,
  groupIds: readonly string[],
): Promise<Map<string, number[]>> {
  const result = new Map<string, number[]>(groupIds.map((id) => [id, []]));
  if (groupIds.length === 0) return result;
  const rows = await db
    .selectFrom('group_members')
    .select(['group_id', 'user_id'])
    .where('organization_id', '=', organizationId)
    .where('group_id', 'in', [...new Set(groupIds)])
    .orderBy('user_id')
    .execute();
  for (const row of rows) result.get(row.group_id)?.push(row.user_id);
  return result;
}

/** Guest ids of each group (every group asked for is a key); removed guests are left out. */
export async function findGroupGuestIds(
  db: Db,
  organizationId: string,
  groupIds: readonly string[],
): Promise<Map<string, number[]>> {
  const result = new Map<string, number[]>(groupIds.map((id) => [id, []]));
  if (groupIds.length === 0) return result;
  const rows = await db
    .selectFrom('group_guests')
    .innerJoin('guests', 'guests.id', 'group_guests.guest_id')
    .select(['group_guests.group_id', 'group_guests.guest_id'])
    .where('group_guests.organization_id', '=', organizationId)
    .where('group_guests.group_id', 'in', [...new Set(groupIds)])
    .where('guests.deleted_at', 'is', null)
    .orderBy('group_guests.guest_id')
    .execute();
  for (const row of rows) result.get(row.group_id)?.push(row.guest_id);
  return result;
}

// Compiled once (see precompiled.ts): task requests ask it for every caller.
const groupIdsOfUser = precompile(
  (db: Db, organizationId: string, userId: number) =>
    db
      .selectFrom('group_members')
      .select('group_id')
      .where('organization_id', '=', organizationId)
      .where('user_id', '=', userId),
  2,
);

/** The groups a member belongs to (for template ACLs and "my tasks" through groups). */
export async function findGroupIdsOfUser(db: Db, organizationId: string, userId: number): Promise<string[]> {
  const rows = await groupIdsOfUser(db, organizationId, userId);
  return rows.map((r) => r.group_id);
}

export async function findGroupIdsOfGuest(
  db: Db,
  organizationId: string,
  guestId: number,
): Promise<string[]> {
  const rows = await db
    .selectFrom('group_guests')
    .select('group_id')
    .where('organization_id', '=', organizationId)
    .where('guest_id', '=', guestId)
    .execute();
  return rows.map((r) => r.group_id);
}

/** The groups of several members at once (for `with=groups` on the member list). */
export async function findGroupsOfUsers(
  db: Db,
  organizationId: string,
  userIds: readonly number[],
): Promise<Map<number, Group[]>> {
  const result = new Map<number, Group[]>();
  if (userIds.length === 0) return result;
  const rows = await db
    .selectFrom('group_members')
    .innerJoin('groups', 'groups.id', 'group_members.group_id')
    .selectAll('groups')
    .select('group_members.user_id')
    .where('group_members.organization_id', '=', organizationId)
    .where('group_members.user_id', 'in', [...new Set(userIds)])
    .orderBy('groups.name')
    .execute();
  for (const row of rows) {
    const list = result.get(row.user_id) ?? [];
    list.push(toGroup(row));
    result.set(row.user_id, list);
  }
  return result;
}

export interface NewGroup {
  id: string;
  organizationId: string;
  name: string;
  description: string | null;
  now: string;
}

export async function insertGroup(db: Db, group: NewGroup): Promise<void> {
  await db
    .insertInto('groups')
    .values({
      id: group.id,
      organization_id: group.organizationId,
      name: group.name,
      description: group.description,
      logo: null,
      created_at: group.now,
      last_updated: group.now,
    })
    .execute();
}

export async function updateGroupRow(
  db: Db,
  organizationId: string,
  id: string,
  changes: { name?: string; description?: string | null },
  now: string,
): Promise<void> {
  await db
    .updateTable('groups')
    .set({
      ...(changes.name !== undefined ? { name: changes.name } : {}),
      ...(changes.description !== undefined ? { description: changes.description } : {}),
      last_updated: now,
    })
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .execute();
}

/** Deletes a group; its member and guest rows go with it (foreign keys cascade). */
export async function deleteGroupRow(db: Db, organizationId: string, id: string): Promise<void> {
  await db.deleteFrom('groups').where('organization_id', '=', organizationId).where('id', '=', id).execute();
}

/** Replaces a group's members (PUT semantics: the list given is the whole list). */
export async function replaceGroupMembers(
  db: Db,
  organizationId: string,
  groupId: string,
  userIds: readonly number[],
): Promise<void> {
  await db
    .deleteFrom('group_members')
    .where('organization_id', '=', organizationId)
    .where('group_id', '=', groupId)
    .execute();
  const unique = [...new Set(userIds)];
  if (unique.length === 0) return;
  await db
    .insertInto('group_members')
    .values(unique.map((userId) => ({ organization_id: organizationId, group_id: groupId, user_id: userId })))
    .execute();
}

export async function replaceGroupGuests(
  db: Db,
  organizationId: string,
  groupId: string,
  guestIds: readonly number[],
): Promise<void> {
  await db
    .deleteFrom('group_guests')
    .where('organization_id', '=', organizationId)
    .where('group_id', '=', groupId)
    .execute();
  const unique = [...new Set(guestIds)];
  if (unique.length === 0) return;
  await db
    .insertInto('group_guests')
    .values(
      unique.map((guestId) => ({ organization_id: organizationId, group_id: groupId, guest_id: guestId })),
    )
    .execute();
}

/** Takes a member out of every group of the organization (removal, conversion to guest). */
export async function removeUserFromGroups(db: Db, organizationId: string, userId: number): Promise<void> {
  await db
    .deleteFrom('group_members')
    .where('organization_id', '=', organizationId)
    .where('user_id', '=', userId)
    .execute();
}

export async function removeGuestFromGroups(db: Db, organizationId: string, guestId: number): Promise<void> {
  await db
    .deleteFrom('group_guests')
    .where('organization_id', '=', organizationId)
    .where('guest_id', '=', guestId)
    .execute();
}

/** Adds a member to groups (conversion of a guest keeps their groups). */
export async function addUserToGroups(
  db: Db,
  organizationId: string,
  userId: number,
  groupIds: readonly string[],
): Promise<void> {
  if (groupIds.length === 0) return;
  await db
    .insertInto('group_members')
    .values(
      groupIds.map((groupId) => ({ organization_id: organizationId, group_id: groupId, user_id: userId })),
    )
    .onConflict((oc) => oc.columns(['group_id', 'user_id']).doNothing())
    .execute();
}

export async function addGuestToGroups(
  db: Db,
  organizationId: string,
  guestId: number,
  groupIds: readonly string[],
): Promise<void> {
  if (groupIds.length === 0) return;
  await db
    .insertInto('group_guests')
    .values(
      groupIds.map((groupId) => ({ organization_id: organizationId, group_id: groupId, guest_id: guestId })),
    )
    .onConflict((oc) => oc.columns(['group_id', 'guest_id']).doNothing())
    .execute();
}

export const GROUP_SORT_FIELDS = ['name', 'created_at', 'updated_at'] as const;
export type GroupSortField = (typeof GROUP_SORT_FIELDS)[number];

export interface GroupListFilter {
  q?: string | undefined;
  sort: { field: GroupSortField; direction: 'asc' | 'desc' };
  offset: number;
  limit: number | undefined;
}

export async function listGroups(
  db: Db,
  organizationId: string,
  filter: GroupListFilter,
): Promise<{ items: Group[]; total: number }> {
  const dialect = dialectOf(db);
  let base = db.selectFrom('groups').where('organization_id', '=', organizationId);
  if (filter.q) base = base.where(matchesText(dialect, ['name', 'description'], filter.q));
  const count = await base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst();
  const column = filter.sort.field === 'updated_at' ? 'last_updated' : filter.sort.field;
  let query = base.selectAll().orderBy(column, filter.sort.direction).orderBy('id');
  if (filter.limit !== undefined) query = query.limit(filter.limit).offset(filter.offset);
  return { items: (await query.execute()).map(toGroup), total: toInt(count?.n) };
}
