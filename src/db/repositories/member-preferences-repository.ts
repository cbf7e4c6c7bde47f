/** Members' preferences, keyed by (organization, member, slug). */

import type { Selectable } from 'kysely';
import type { Preference, PreferenceInput } from '../../domain/preferences.js';
import type { Db } from '../database.js';
import { fromJson, toInt, toJson } from '../dialect.js';
import type { MemberPreferencesTable } from '../tables/member-settings.js';

const toPreference = (r: Selectable<MemberPreferencesTable>): Preference => ({
  slug: r.slug,
  value: r.value,
  metadata: fromJson<Record<string, unknown> | null>(r.metadata, null),
  updatedAt: new Date(r.updated_at).toISOString(),
});

/** A member's preferences by slug. */
export async function findPreferencesOf(
  db: Db,
  organizationId: string,
  userId: number,
): Promise<Preference[]> {
  const rows = await db
    .selectFrom('member_preferences')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('user_id', '=', userId)
    .orderBy('slug', 'asc')
    .execute();
  return rows.map(toPreference);
}

export async function countPreferencesOf(db: Db, organizationId: string, userId: number): Promise<number> {
  const row = await db
    .selectFrom('member_preferences')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('organization_id', '=', organizationId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return toInt(row?.n);
}

/** Sets one preference (insert or replace); answers it as stored. */
export async function upsertPreference(
  db: Db,
  organizationId: string,
  userId: number,
  input: PreferenceInput,
  now: string,
): Promise<Preference> {
  const metadata = input.metadata === null ? null : toJson(input.metadata);
  const row = await db
    .insertInto('member_preferences')
    .values({
      organization_id: organizationId,
      user_id: userId,
      slug: input.slug,
      value: input.value,
      metadata,
      updated_at: now,
    })
    .onConflict((oc) =>
      oc
        .columns(['organization_id', 'user_id', 'slug'])
        .doUpdateSet({ value: input.value, metadata, updated_at: now }),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
  return toPreference(row);
}

export async function hasPreference(
  db: Db,
  organizationId: string,
  userId: number,
  slug: string,
): Promise<boolean> {
  const row = await db
    .selectFrom('member_preferences')
    .select('slug')
    .where('organization_id', '=', organizationId)
    .where('user_id', '=', userId)
    .where('slug', '=', slug)
    .executeTakeFirst();
  return row !== undefined;
}
