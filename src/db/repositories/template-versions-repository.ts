import type { TemplateDefinition } from '../../domain/templates/definition.js';
import type { Db } from '../database.js';
import { fromJson, toJson } from '../dialect.js';

export interface NewTemplateVersion {
  organizationId: string;
  templateId: string;
  version: number;
  definition: TemplateDefinition;
  createdBy: number | null;
  createdAt: string;
}

export async function insertTemplateVersion(db: Db, v: NewTemplateVersion): Promise<void> {
  await db
    .insertInto('template_versions')
    .values({
      organization_id: v.organizationId,
      template_id: v.templateId,
      version: v.version,
      definition: toJson(v.definition),
      created_by: v.createdBy,
      created_at: v.createdAt,
    })
    .execute();
}

/**
 * The frozen definition of a template version: the latest when `version` is omitted.
 * Archived (and permanently deleted) templates still resolve; whether they may be launched
 * is the caller's decision. Scoped by organization: another organization's id finds nothing.
 */
export async function findTemplateDefinition(
  db: Db,
  organizationId: string,
  templateId: string,
  version?: number,
): Promise<{ version: number; definition: TemplateDefinition } | undefined> {
  let query = db
    .selectFrom('template_versions')
    .select(['version', 'definition'])
    .where('organization_id', '=', organizationId)
    .where('template_id', '=', templateId);
  query =
    version === undefined ? query.orderBy('version', 'desc').limit(1) : query.where('version', '=', version);
  const row = await query.executeTakeFirst();
  if (!row) return undefined;
  const definition = fromJson<TemplateDefinition | null>(row.definition, null);
  return definition ? { version: row.version, definition } : undefined;
}
