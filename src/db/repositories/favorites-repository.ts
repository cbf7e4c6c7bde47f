/** Members' favorites; every query is scoped by organization. */
import type { ExpressionBuilder } from 'kysely';
import type { Favorite, FavoriteSubjectType } from '../../domain/favorites.js';
import type { Db } from '../database.js';
import type { Database } from '../schema.js';

/** Stars the subject for each user once; answers every user's favorite row. */
export async function insertFavorites(
  db: Db,
  organizationId: string,
  rows: ReadonlyArray<Favorite>,
  now: string,
): Promise<Favorite[]> {
  if (rows.length === 0) return [];
  await db
    .insertInto('favorites')
    .values(
      rows.map((f) => ({
        id: f.id,
        organization_id: organizationId,
        user_id: f.userId,
        subject_type: f.subjectType,
        subject_id: f.subjectId,
        created_at: now,
      })),
    )
    .onConflict((oc) => oc.columns(['organization_id', 'user_id', 'subject_type', 'subject_id']).doNothing())
    .execute();
  const first = rows[0] as Favorite;
  const stored = await db
    .selectFrom('favorites')
    .select(['id', 'user_id', 'subject_type', 'subject_id'])
    .where('organization_id', '=', organizationId)
    .where('subject_type', '=', first.subjectType)
    .where('subject_id', '=', first.subjectId)
    .where(
      'user_id',
      'in',
      rows.map((r) => r.userId),
    )
    .execute();
  return stored.map((r) => ({
    id: r.id,
    userId: r.user_id,
    subjectType: r.subject_type,
    subjectId: r.subject_id,
  }));
}

/** Unstars; answers whether there was a star to remove. */
export async function deleteFavorite(
  db: Db,
  organizationId: string,
  userId: number,
  subjectType: FavoriteSubjectType,
  subjectId: string,
): Promise<boolean> {
  const result = await db
    .deleteFrom('favorites')
    .where('organization_id', '=', organizationId)
    .where('user_id', '=', userId)
    .where('subject_type', '=', subjectType)
    .where('subject_id', '=', subjectId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** Ids of what a member starred: the unique key's range, for the `starred` list filters. */
export function favoriteSubjects(
  // biome-ignore lint/suspicious/noExplicitAny: used inside any table's where clause.
  eb: ExpressionBuilder<Database, any>,
  organizationId: string,
  userId: number,
  subjectType: FavoriteSubjectType,
) {
  return eb
    .selectFrom('favorites')
    .select('favorites.subject_id')
    .where('favorites.organization_id', '=', organizationId)
    .where('favorites.user_id', '=', userId)
    .where('favorites.subject_type', '=', subjectType);
}
