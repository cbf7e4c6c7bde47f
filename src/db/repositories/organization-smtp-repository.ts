import type { Selectable } from 'kysely';
import type { OrganizationSmtp } from '../../domain/organization-settings.js';
import type { Db } from '../database.js';
import { toBool } from '../dialect.js';
import type { OrganizationSmtpTable } from '../tables/organization-settings.js';

function toSmtp(row: Selectable<OrganizationSmtpTable>): OrganizationSmtp {
  return {
    organizationId: row.organization_id,
    host: row.host,
    port: Number(row.port),
    username: row.username,
    passwordSecret: row.password_secret,
    fromAddress: row.from_address,
    fromName: row.from_name,
    encryption: row.encryption,
    enabled: toBool(row.enabled),
    updatedBy: row.updated_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export async function findOrganizationSmtp(
  db: Db,
  organizationId: string,
): Promise<OrganizationSmtp | undefined> {
  const row = await db
    .selectFrom('organization_smtp')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .executeTakeFirst();
  return row ? toSmtp(row) : undefined;
}

/** The enabled connections of these organizations, in one query (the e-mail job's batch). */
export async function findEnabledSmtpOf(
  db: Db,
  organizationIds: readonly string[],
): Promise<Map<string, OrganizationSmtp>> {
  const result = new Map<string, OrganizationSmtp>();
  if (organizationIds.length === 0) return result;
  const rows = await db
    .selectFrom('organization_smtp')
    .selectAll()
    .where('organization_id', 'in', [...new Set(organizationIds)])
    .where('enabled', '=', true)
    .execute();
  for (const row of rows) result.set(row.organization_id, toSmtp(row));
  return result;
}

/** True when the organization sends its mail through its own server. */
export async function hasEnabledSmtp(db: Db, organizationId: string): Promise<boolean> {
  const row = await db
    .selectFrom('organization_smtp')
    .select('organization_id')
    .where('organization_id', '=', organizationId)
    .where('enabled', '=', true)
    .executeTakeFirst();
  return row !== undefined;
}

export type SmtpWrite = Omit<OrganizationSmtp, 'createdAt' | 'updatedAt'>;

/** Creates or replaces the connection; `now` is its new version (the mailer cache keys on it). */
export async function upsertOrganizationSmtp(db: Db, smtp: SmtpWrite, now: string): Promise<void> {
  const values = {
    host: smtp.host,
    port: smtp.port,
    username: smtp.username,
    password_secret: smtp.passwordSecret,
    from_address: smtp.fromAddress,
    from_name: smtp.fromName,
    encryption: smtp.encryption,
    enabled: smtp.enabled,
    updated_by: smtp.updatedBy,
    updated_at: now,
  };
  await db
    .insertInto('organization_smtp')
    .values({ organization_id: smtp.organizationId, ...values, created_at: now })
    .onConflict((oc) => oc.column('organization_id').doUpdateSet(values))
    .execute();
}

export async function setSmtpEnabled(
  db: Db,
  organizationId: string,
  enabled: boolean,
  updatedBy: number,
  now: string,
): Promise<void> {
  await db
    .updateTable('organization_smtp')
    .set({ enabled, updated_by: updatedBy, updated_at: now })
    .where('organization_id', '=', organizationId)
    .execute();
}
