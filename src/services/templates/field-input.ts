/**
 * A form field (step form field or kick-off field) from its input: created from scratch, or
 * an existing one with the sent keys changed (keys left out keep their value). The checks
 * here need the field as stored or its type: required keys of a new field, options, table
 * columns, validation rules and the default value against the field type, a free alias.
 */
import type { FieldErrorCollector } from '../../domain/errors.js';
import { slugify } from '../../domain/ids.js';
import type { FieldType } from '../../domain/templates/definition.js';
import {
  checkValidationRules,
  defaultValueProblem,
  NO_DEFAULT_FIELD_TYPES,
  parseFieldOptions,
  parseTableColumns,
} from '../../domain/templates/form-field-rules.js';
import type { TemplateField } from '../../domain/templates/template.js';
import { uniqueAlias } from './aliases.js';
import type { FieldInput } from './template-inputs.js';

export const FIELD_LABEL_MAX = 600;
export const FIELD_GUIDANCE_MAX = 20_000;

export interface FieldTarget {
  id: string;
  templateId: string;
  stepId: string | null;
  now: string;
  /** The field as it is, when updating. */
  base?: TemplateField | undefined;
  /** Aliases already used in the template (a new field's alias is made unique). */
  aliases: Set<string>;
  /** Keep the document's `alias` (imports), when it is free. */
  keepAlias?: boolean;
}

function fieldTypeOf(input: FieldInput, prefix: string, errors: FieldErrorCollector, base?: TemplateField) {
  if (input.fieldType) return input.fieldType;
  if (base) return base.fieldType;
  // A field_type sent but unusable was already reported by the route.
  const path = `${prefix}field_type`;
  if (!errors.has(path)) errors.add(path, 'The field_type field is required.');
  return 'text';
}

function settingsOf(
  input: FieldInput,
  fieldType: FieldType,
  prefix: string,
  errors: FieldErrorCollector,
  base: TemplateField | undefined,
): Record<string, unknown> {
  const settings = { ...(base?.settings ?? {}), ...input.settings };
  checkValidationRules(settings.field_validation, fieldType, `${prefix}field_validation`, errors);
  return settings;
}

function defaultOf(
  input: FieldInput,
  fieldType: FieldType,
  field: Pick<TemplateField, 'options'>,
  prefix: string,
  errors: FieldErrorCollector,
  base?: TemplateField,
) {
  const enabled = input.defaultValueEnabled ?? base?.defaultValueEnabled ?? false;
  const sentValue = input.defaultValue !== undefined;
  const value = sentValue ? input.defaultValue : (base?.defaultValue ?? null);
  if (enabled && NO_DEFAULT_FIELD_TYPES.includes(fieldType)) {
    errors.add(`${prefix}default_value_enabled`, `A ${fieldType} field cannot have a default value.`);
  } else if (value !== null && value !== '' && (enabled || sentValue)) {
    const problem = defaultValueProblem(value, fieldType, field.options);
    if (problem) errors.add(`${prefix}default_value`, problem);
  }
  return { defaultValue: value, defaultValueEnabled: enabled };
}

/** The field the input describes; problems go to `errors` under `prefix`. */
export function buildField(
  input: FieldInput,
  prefix: string,
  errors: FieldErrorCollector,
  target: FieldTarget,
): TemplateField {
  const { base } = target;
  const labelPath = `${prefix}label`;
  if (input.label === undefined && !base && !errors.has(labelPath)) {
    errors.add(labelPath, 'The label field is required.');
  }
  const fieldType = fieldTypeOf(input, prefix, errors, base);
  const options = parseFieldOptions(input.options ?? base?.options, fieldType, `${prefix}options`, errors);
  const columns = parseTableColumns(input.columns ?? base?.columns, fieldType, `${prefix}columns`, errors);
  const label = input.label ?? base?.label ?? '';
  const docAlias = input.alias ? slugify(input.alias, '') : '';
  const alias =
    base?.alias ??
    (target.keepAlias && docAlias && !target.aliases.has(docAlias)
      ? uniqueAlias(docAlias, target.aliases)
      : uniqueAlias(slugify(label, 'field'), target.aliases));
  return {
    id: target.id,
    templateId: target.templateId,
    stepId: target.stepId,
    alias,
    label,
    fieldType,
    guidance: input.guidance === undefined ? (base?.guidance ?? null) : input.guidance,
    required: input.required ?? base?.required ?? false,
    position: input.position ?? base?.position ?? Number.MAX_SAFE_INTEGER,
    options,
    columns,
    ...defaultOf(input, fieldType, { options }, prefix, errors, base),
    settings: settingsOf(input, fieldType, prefix, errors, base),
    createdAt: base?.createdAt ?? target.now,
    lastUpdated: base?.lastUpdated ?? target.now,
  };
}
