/**
 * A form field (step form field or kick-off field) from a request document: created from
 * scratch, or an existing one with the sent keys changed (keys left out keep their value).
 */
import type { FieldErrorCollector } from '../../domain/errors.js';
import { slugify } from '../../domain/ids.js';
import { FIELD_TYPES, type FieldType } from '../../domain/templates/definition.js';
import {
  checkValidationRules,
  defaultValueProblem,
  NO_DEFAULT_FIELD_TYPES,
  parseFieldOptions,
  parseTableColumns,
} from '../../domain/templates/form-field-rules.js';
import { FIELD_SETTING_KEYS, type TemplateField } from '../../domain/templates/template.js';
import { pickSettings, type Raw, type Reader, readBool, readInt, readText, uniqueAlias } from './input.js';

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

function readFieldType(r: Reader, base: TemplateField | undefined): FieldType {
  const raw = r.raw.field_type;
  if (raw === undefined && base) return base.fieldType;
  if (FIELD_TYPES.includes(raw as FieldType)) return raw as FieldType;
  r.errors.add(
    `${r.prefix}field_type`,
    raw === undefined
      ? 'The field_type field is required.'
      : `The field_type must be one of ${FIELD_TYPES.join(', ')}.`,
  );
  return base?.fieldType ?? 'text';
}

function readSettings(
  r: Reader,
  fieldType: FieldType,
  base: TemplateField | undefined,
): Record<string, unknown> {
  const settings = { ...(base?.settings ?? {}), ...pickSettings(r.raw, FIELD_SETTING_KEYS) };
  checkValidationRules(settings.field_validation, fieldType, `${r.prefix}field_validation`, r.errors);
  for (const key of ['collect_time', 'use_wysiwyg_editor']) {
    if (settings[key] !== undefined) settings[key] = readBool({ ...r, raw: settings }, key);
  }
  return settings;
}

function readDefault(
  r: Reader,
  fieldType: FieldType,
  field: Pick<TemplateField, 'options'>,
  base?: TemplateField,
) {
  const enabled = readBool(r, 'default_value_enabled') ?? base?.defaultValueEnabled ?? false;
  const value = Object.hasOwn(r.raw, 'default_value')
    ? (r.raw.default_value ?? null)
    : (base?.defaultValue ?? null);
  if (enabled && NO_DEFAULT_FIELD_TYPES.includes(fieldType)) {
    r.errors.add(`${r.prefix}default_value_enabled`, `A ${fieldType} field cannot have a default value.`);
  } else if (value !== null && value !== '' && (enabled || Object.hasOwn(r.raw, 'default_value'))) {
    const problem = defaultValueProblem(value, fieldType, field.options);
    if (problem) r.errors.add(`${r.prefix}default_value`, problem);
  }
  return { defaultValue: value, defaultValueEnabled: enabled };
}

/** The field the document describes; problems go to `errors` under `prefix`. */
export function parseField(
  sent: Raw,
  prefix: string,
  errors: FieldErrorCollector,
  target: FieldTarget,
): TemplateField {
  // The spec's TemplatePrerun also names the label `name`.
  const raw =
    sent.label === undefined && typeof sent.name === 'string' ? { ...sent, label: sent.name } : sent;
  const r: Reader = { raw, prefix, errors };
  const { base } = target;
  const label = readText(r, 'label', {
    max: FIELD_LABEL_MAX,
    required: !base || Object.hasOwn(raw, 'label'),
  });
  const fieldType = readFieldType(r, base);
  const options = parseFieldOptions(raw.options ?? base?.options, fieldType, `${prefix}options`, errors);
  const columns = parseTableColumns(raw.columns ?? base?.columns, fieldType, `${prefix}columns`, errors);
  const guidance = readText(r, 'guidance', { max: FIELD_GUIDANCE_MAX });
  const finalLabel = label ?? base?.label ?? '';
  const docAlias = typeof raw.alias === 'string' ? slugify(raw.alias, '') : '';
  const alias =
    base?.alias ??
    (target.keepAlias && docAlias && !target.aliases.has(docAlias)
      ? uniqueAlias(docAlias, target.aliases)
      : uniqueAlias(slugify(finalLabel, 'field'), target.aliases));
  return {
    id: target.id,
    templateId: target.templateId,
    stepId: target.stepId,
    alias,
    label: finalLabel,
    fieldType,
    guidance: guidance === undefined ? (base?.guidance ?? null) : guidance,
    required: readBool(r, 'required') ?? base?.required ?? false,
    position: readInt(r, 'position', { min: 1 }) ?? base?.position ?? Number.MAX_SAFE_INTEGER,
    options,
    columns,
    ...readDefault(r, fieldType, { options }, base),
    settings: readSettings(r, fieldType, base),
    createdAt: base?.createdAt ?? target.now,
    lastUpdated: base?.lastUpdated ?? target.now,
  };
}
