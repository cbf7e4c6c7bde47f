import type { TemplateDefinition } from '../../domain/templates/definition.js';
import type { Db } from '../database.js';
import { fromJson } from '../dialect.js';

/**
 * The frozen template definitions several processes were launched from, in one query,
 * keyed `<template id>@<version>` (single look-ups use findTemplateDefinition).
 */
export async function findDefinitionsOfVersions(
  db: Db,
  organizationId: string,
  versions: ReadonlyArray<{ templateId: string; version: number }>,
): Promise<Map<string, TemplateDefinition>> {
  const result = new Map<string, TemplateDefinition>();
  const unique = [...new Map(versions.map((v) => [versionKey(v.templateId, v.version), v])).values()];
  if (unique.length === 0) return result;
  const rows = await db
    .selectFrom('template_versions')
    .select(['template_id', 'version', 'definition'])
    .where('organization_id', '=', organizationId)
    .where((eb) =>
      eb.or(unique.map((v) => eb.and([eb('template_id', '=', v.templateId), eb('version', '=', v.version)]))),
    )
    .execute();
  for (const row of rows) {
    const definition = fromJson<TemplateDefinition | null>(row.definition, null);
    if (definition) result.set(versionKey(row.template_id, row.version), definition);
  }
  return result;
}

export const versionKey = (templateId: string, version: number) => `${templateId}@${version}`;
