/** Members' saved views; every query is scoped by organization and owning member. */

import type { Selectable } from 'kysely';
import type { SavedView, ViewCriterion, ViewListKind } from '../../domain/saved-views.js';
import type { Db } from '../database.js';
import { fromJson, toInt, toJson } from '../dialect.js';
import type { SavedViewsTable } from '../tables/member-settings.js';

export interface ViewOwner {
  organizationId: string;
  userId: number;
  listKind: ViewListKind;
}

type Row = Selectable<SavedViewsTable>;

const toView = (r: Row): SavedView => ({
  id: toInt(r.id),
  userId: r.user_id,
  listKind: r.list_kind,
  name: r.name,
  filterType: r.filter_type,
  isActive: toInt(r.is_active) === 1,
  isOrgLevel: toInt(r.is_org_level) === 1,
  criteria: fromJson<ViewCriterion[]>(r.criteria, []),
  createdAt: new Date(r.created_at).toISOString(),
  updatedAt: new Date(r.updated_at).toISOString(),
});

const owned = (db: Db, owner: ViewOwner) =>
  db
    .selectFrom('saved_views')
    .where('organization_id', '=', owner.organizationId)
    .where('user_id', '=', owner.userId)
    .where('list_kind', '=', owner.listKind);

/** The member's views of one list, oldest first (ids grow with creation). */
export async function findViewsOf(
  db: Db,
  owner: ViewOwner,
  window: { offset: number; limit: number | undefined },
): Promise<SavedView[]> {
  let query = owned(db, owner).selectAll().orderBy('id', 'asc').offset(window.offset);
  if (window.limit !== undefined) query = query.limit(window.limit);
  else query = query.limit(Number.MAX_SAFE_INTEGER);
  return (await query.execute()).map(toView);
}

export async function countViewsOf(db: Db, owner: ViewOwner): Promise<number> {
  const row = await owned(db, owner)
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirst();
  return toInt(row?.n);
}

/** One of the member's views; another member's view is not found. */
export async function findViewOf(db: Db, owner: ViewOwner, id: number): Promise<SavedView | undefined> {
  const row = await owned(db, owner).selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toView(row) : undefined;
}

export async function insertView(
  db: Db,
  owner: ViewOwner,
  view: Omit<SavedView, 'id' | 'userId' | 'listKind' | 'createdAt' | 'updatedAt'>,
  now: string,
): Promise<SavedView> {
  const row = await db
    .insertInto('saved_views')
    .values({
      organization_id: owner.organizationId,
      user_id: owner.userId,
      list_kind: owner.listKind,
      name: view.name,
      filter_type: view.filterType,
      is_active: view.isActive ? 1 : 0,
      is_org_level: view.isOrgLevel ? 1 : 0,
      criteria: toJson(view.criteria),
      created_at: now,
      updated_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toView(row);
}

export async function saveView(db: Db, owner: ViewOwner, view: SavedView, now: string): Promise<SavedView> {
  const row = await db
    .updateTable('saved_views')
    .set({
      name: view.name,
      filter_type: view.filterType,
      is_active: view.isActive ? 1 : 0,
      is_org_level: view.isOrgLevel ? 1 : 0,
      criteria: toJson(view.criteria),
      updated_at: now,
    })
    .where('organization_id', '=', owner.organizationId)
    .where('user_id', '=', owner.userId)
    .where('list_kind', '=', owner.listKind)
    .where('id', '=', view.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return toView(row);
}

/** Deletes one of the member's views; answers whether there was one. */
export async function deleteView(db: Db, owner: ViewOwner, id: number): Promise<boolean> {
  const result = await db
    .deleteFrom('saved_views')
    .where('organization_id', '=', owner.organizationId)
    .where('user_id', '=', owner.userId)
    .where('list_kind', '=', owner.listKind)
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
