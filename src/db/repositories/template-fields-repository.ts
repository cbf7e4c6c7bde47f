import type { Selectable } from 'kysely';
import type { FieldOption, FieldType, TableColumn } from '../../domain/templates/definition.js';
import type { TemplateField } from '../../domain/templates/template.js';
import type { Db } from '../database.js';
import { fromJson, toBool, toJson } from '../dialect.js';
import type { TemplateFieldsTable } from '../tables/templates.js';

function toField(row: Selectable<TemplateFieldsTable>): TemplateField {
  return {
    id: row.id,
    templateId: row.template_id,
    stepId: row.step_id,
    alias: row.alias,
    label: row.label,
    fieldType: row.field_type as FieldType,
    guidance: row.guidance,
    required: toBool(row.required),
    position: row.position,
    options: fromJson<FieldOption[]>(row.options, []),
    columns: fromJson<TableColumn[]>(row.columns, []),
    defaultValue: fromJson<unknown>(row.default_value, null),
    defaultValueEnabled: toBool(row.default_value_enabled),
    settings: fromJson<Record<string, unknown>>(row.settings, {}),
    createdAt: row.created_at,
    lastUpdated: row.last_updated,
  };
}

function toRow(field: TemplateField) {
  return {
    step_id: field.stepId,
    alias: field.alias,
    label: field.label,
    field_type: field.fieldType,
    guidance: field.guidance,
    required: field.required,
    position: field.position,
    options: toJson(field.options),
    columns: toJson(field.columns),
    default_value:
      field.defaultValue === null || field.defaultValue === undefined ? null : toJson(field.defaultValue),
    default_value_enabled: field.defaultValueEnabled,
    settings: toJson(field.settings),
    last_updated: field.lastUpdated,
  };
}

export async function insertFields(
  db: Db,
  organizationId: string,
  fields: readonly TemplateField[],
): Promise<void> {
  if (fields.length === 0) return;
  await db
    .insertInto('template_fields')
    .values(
      fields.map((field) => ({
        ...toRow(field),
        id: field.id,
        organization_id: organizationId,
        template_id: field.templateId,
        created_at: field.createdAt,
      })),
    )
    .execute();
}

/** Writes every editable column of one field (including its step, for moves). */
export async function saveField(db: Db, organizationId: string, field: TemplateField): Promise<void> {
  await db
    .updateTable('template_fields')
    .set(toRow(field))
    .where('organization_id', '=', organizationId)
    .where('id', '=', field.id)
    .execute();
}

/**
 * The fields of the given templates in one query, by position: kick-off fields only when
 * `kickoffOnly`, otherwise kick-off and step form fields.
 */
export async function findFieldsOfTemplates(
  db: Db,
  organizationId: string,
  templateIds: readonly string[],
  options: { kickoffOnly: boolean },
): Promise<TemplateField[]> {
  if (templateIds.length === 0) return [];
  let query = db
    .selectFrom('template_fields')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('template_id', 'in', [...templateIds]);
  if (options.kickoffOnly) query = query.where('step_id', 'is', null);
  const rows = await query.orderBy('template_id').orderBy('position').orderBy('id').execute();
  return rows.map(toField);
}

export async function deleteFields(
  db: Db,
  organizationId: string,
  fieldIds: readonly string[],
): Promise<void> {
  if (fieldIds.length === 0) return;
  await db
    .deleteFrom('template_fields')
    .where('organization_id', '=', organizationId)
    .where('id', 'in', [...fieldIds])
    .execute();
}
