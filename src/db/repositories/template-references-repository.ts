/**
 * Lookups the templates module makes about records other modules own: which member and
 * group ids a template may refer to, and how many processes each template has started.
 */
import type { Db } from '../database.js';
import { toInt } from '../dialect.js';

/** Of `userIds`, those who are members (active or invited) of the organization. */
export async function findMemberIds(
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
    .where('status', '!=', 'disabled')
    .execute();
  return new Set(rows.map((r) => r.user_id));
}

/** Of `groupIds`, those that are groups of the organization. */
export async function findGroupIds(
  db: Db,
  organizationId: string,
  groupIds: readonly string[],
): Promise<Set<string>> {
  if (groupIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('groups')
    .select('id')
    .where('organization_id', '=', organizationId)
    .where('id', 'in', [...new Set(groupIds)])
    .execute();
  return new Set(rows.map((r) => r.id));
}

/** How many processes each template has started (archived ones included), in one query. */
export async function countProcessesOfTemplates(
  db: Db,
  organizationId: string,
  templateIds: readonly string[],
): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  if (templateIds.length === 0) return counts;
  const rows = await db
    .selectFrom('processes')
    .select(['template_id', (eb) => eb.fn.countAll().as('n')])
    .where('organization_id', '=', organizationId)
    .where('template_id', 'in', [...templateIds])
    .groupBy('template_id')
    .execute();
  for (const row of rows) if (row.template_id) counts.set(row.template_id, toInt(row.n));
  return counts;
}
