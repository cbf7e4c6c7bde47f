import { Type } from 'typebox';
import type { FieldDefinition } from '../../domain/templates/definition.js';
import { IsoDate, Nullable } from '../schemas/common.js';

/** The spec's CaptureResponse / ChecklistPrerun: a step form field or a kick-off field. */
export const FormFieldSchema = Type.Object(
  {
    id: Type.String(),
    checklist_id: Type.String(),
    step_id: Type.Optional(Nullable(Type.String())),
    alias: Type.String(),
    label: Type.String(),
    field_type: Type.String(),
    guidance: Nullable(Type.String()),
    position: Type.Integer(),
    required: Type.Boolean(),
    options: Type.Array(Type.Object({ id: Type.Integer(), text: Type.String() })),
    columns: Type.Array(Type.Object({ id: Type.Integer(), label: Type.String() })),
    default_value: Type.Unknown(),
    default_value_enabled: Type.Boolean(),
    use_wysiwyg_editor: Type.Boolean(),
    collect_time: Type.Boolean(),
    field_validation: Type.Unknown(),
    created_at: Type.Optional(IsoDate),
    last_updated: Type.Optional(IsoDate),
    archived_at: Nullable(IsoDate),
  },
  { additionalProperties: true },
);

export interface FieldContext {
  templateId: string;
  /** For parts of a definition stored without timestamps: the template's creation time. */
  fallbackTime?: string;
}

/** A form field as the API shows it; kick-off fields (`stepId` null) carry no `step_id`. */
export function presentFormField(field: FieldDefinition, context: FieldContext) {
  const s = field.settings;
  return {
    ...s,
    id: field.id,
    checklist_id: context.templateId,
    ...(field.stepId === null ? {} : { step_id: field.stepId }),
    alias: field.alias,
    label: field.label,
    field_type: field.fieldType,
    guidance: field.guidance,
    position: field.position,
    required: field.required,
    options: field.options,
    columns: field.columns,
    default_value: field.defaultValue ?? null,
    default_value_enabled: field.defaultValueEnabled,
    use_wysiwyg_editor: s.use_wysiwyg_editor === true,
    collect_time: s.collect_time === true,
    field_validation: s.field_validation ?? [],
    created_at: field.createdAt ?? context.fallbackTime,
    last_updated: field.lastUpdated ?? context.fallbackTime,
    archived_at: null,
  };
}
