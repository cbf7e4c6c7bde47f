import { sql } from 'kysely';
import type { Db } from '../database.js';
import { dialectOf, fromJson, toJson } from '../dialect.js';

/** A member's digest days; null until they chose some. */
export async function findCadenceDays(
  db: Db,
  organizationId: string,
  userId: number,
): Promise<string[] | null> {
  const row = await db
    .selectFrom('member_cadence_days')
    .select('days')
    .where('organization_id', '=', organizationId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row ? fromJson<string[]>(row.days, []) : null;
}

export async function setCadenceDays(
  db: Db,
  organizationId: string,
  userId: number,
  days: readonly string[],
  now: string,
): Promise<void> {
  await db
    .insertInto('member_cadence_days')
    .values({ organization_id: organizationId, user_id: userId, days: toJson(days), updated_at: now })
    .onConflict((oc) =>
      oc.columns(['organization_id', 'user_id']).doUpdateSet({ days: toJson(days), updated_at: now }),
    )
    .execute();
}

export interface EmailDomainRow {
  domain: string;
  /** The member who joined first with an address there. */
  firstUserId: number;
  since: string;
  members: number;
}

/** The e-mail domains of the organization's active members, most members first, in one query. */
export async function listMemberEmailDomains(db: Db, organizationId: string): Promise<EmailDomainRow[]> {
  const domain =
    dialectOf(db) === 'postgres'
      ? sql<string>`lower(split_part(users.email, '@', 2))`
      : sql<string>`lower(substr(users.email, instr(users.email, '@') + 1))`;
  const rows = await db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select([
      domain.as('domain'),
      (eb) => eb.fn.min('users.id').as('first_user_id'),
      (eb) => eb.fn.min('memberships.created_at').as('since'),
      (eb) => eb.fn.countAll().as('members'),
    ])
    .where('memberships.organization_id', '=', organizationId)
    .where('memberships.status', '=', 'active')
    .groupBy(domain)
    .orderBy(sql`count(*)`, 'desc')
    .orderBy(domain)
    .execute();
  return rows.map((r) => ({
    domain: r.domain,
    firstUserId: Number(r.first_user_id),
    since: String(r.since),
    members: Number(r.members),
  }));
}
