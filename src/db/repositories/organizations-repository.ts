import type { Selectable } from 'kysely';
import type { DefaultDeadline, Organization, WorkingDays } from '../../domain/identity.js';
import type { Db } from '../database.js';
import { fromJson, toInt, toJson } from '../dialect.js';
import type { OrganizationsTable } from '../tables/identity.js';

export interface NewOrganization {
  id: string;
  name: string;
  slug: string;
  description: string | null;
  timezone: string;
  workingDays: WorkingDays;
  defaultDeadline: DefaultDeadline;
  settings: Record<string, unknown>;
  webhookSecret: string;
  now: string;
}

function toOrganization(row: Selectable<OrganizationsTable>): Organization {
  return {
    id: row.id,
    name: row.name,
    slug: row.slug,
    description: row.description,
    timezone: row.timezone,
    workingDays: fromJson<WorkingDays>(row.working_days, {}),
    defaultDeadline: fromJson<DefaultDeadline>(row.default_deadline, { type: 'days', value: 5 }),
    settings: fromJson<Record<string, unknown>>(row.settings, {}),
    createdAt: row.created_at,
    lastUpdated: row.last_updated,
  };
}

export async function insertOrganization(db: Db, org: NewOrganization): Promise<void> {
  await db
    .insertInto('organizations')
    .values({
      id: org.id,
      name: org.name,
      slug: org.slug,
      description: org.description,
      timezone: org.timezone,
      working_days: toJson(org.workingDays),
      default_deadline: toJson(org.defaultDeadline),
      settings: toJson(org.settings),
      webhook_secret: org.webhookSecret,
      created_at: org.now,
      last_updated: org.now,
    })
    .execute();
}

export async function findOrganizationById(db: Db, id: string): Promise<Organization | undefined> {
  const row = await db.selectFrom('organizations').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toOrganization(row) : undefined;
}

export async function findOrganizationByName(db: Db, name: string): Promise<Organization | undefined> {
  const row = await db
    .selectFrom('organizations')
    .selectAll()
    .where('name', '=', name)
    .orderBy('created_at')
    .executeTakeFirst();
  return row ? toOrganization(row) : undefined;
}

export interface OrganizationChanges {
  name?: string;
  description?: string | null;
  timezone?: string;
  workingDays?: WorkingDays;
  defaultDeadline?: DefaultDeadline;
  settings?: Record<string, unknown>;
}

export async function updateOrganization(
  db: Db,
  id: string,
  changes: OrganizationChanges,
  now: string,
): Promise<void> {
  await db
    .updateTable('organizations')
    .set({
      ...(changes.name !== undefined ? { name: changes.name } : {}),
      ...(changes.description !== undefined ? { description: changes.description } : {}),
      ...(changes.timezone !== undefined ? { timezone: changes.timezone } : {}),
      ...(changes.workingDays !== undefined ? { working_days: toJson(changes.workingDays) } : {}),
      ...(changes.defaultDeadline !== undefined ? { default_deadline: toJson(changes.defaultDeadline) } : {}),
      ...(changes.settings !== undefined ? { settings: toJson(changes.settings) } : {}),
      last_updated: now,
    })
    .where('id', '=', id)
    .execute();
}

/** The organizations a user is an active member of, by name, one page at a time. */
export async function listOrganizationsOfUser(
  db: Db,
  userId: number,
  window: { offset: number; limit: number | undefined; q?: string | undefined },
): Promise<{ items: Organization[]; total: number }> {
  let base = db
    .selectFrom('organizations')
    .innerJoin('memberships', 'memberships.organization_id', 'organizations.id')
    .where('memberships.user_id', '=', userId)
    .where('memberships.status', '=', 'active');
  if (window.q) base = base.where('organizations.name', 'like', `%${window.q}%`);
  const countRow = await base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst();
  let query = base.selectAll('organizations').orderBy('organizations.name').orderBy('organizations.id');
  if (window.limit !== undefined) query = query.limit(window.limit).offset(window.offset);
  const rows = await query.execute();
  return { items: rows.map(toOrganization), total: toInt(countRow?.n) };
}

export async function countActiveMembers(
  db: Db,
  organizationIds: readonly string[],
): Promise<Map<string, number>> {
  const result = new Map<string, number>();
  if (organizationIds.length === 0) return result;
  const rows = await db
    .selectFrom('memberships')
    .select(['organization_id', (eb) => eb.fn.countAll().as('n')])
    .where('organization_id', 'in', organizationIds)
    .where('status', '=', 'active')
    .groupBy('organization_id')
    .execute();
  for (const row of rows) result.set(row.organization_id, toInt(row.n));
  return result;
}

export async function getWebhookSecret(db: Db, id: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('organizations')
    .select('webhook_secret')
    .where('id', '=', id)
    .executeTakeFirst();
  return row?.webhook_secret;
}

export async function setWebhookSecret(db: Db, id: string, secret: string, now: string): Promise<void> {
  await db
    .updateTable('organizations')
    .set({ webhook_secret: secret, last_updated: now })
    .where('id', '=', id)
    .execute();
}
