/**
 * Form field bodies (wire) → typed inputs of the form field services. The same reader serves
 * the captures of a step body and the kick-off fields (`prerun`) of a template document.
 * Keys of the spec's Capture that Flowlane does not keep (e.g. `step_id`, `created_at`,
 * `last_updated` in an exported document) are ignored.
 */
import type { Static } from 'typebox';
import type { FieldErrorCollector } from '../../domain/errors.js';
import { FIELD_TYPES, type FieldType } from '../../domain/templates/definition.js';
import { FIELD_SETTING_KEYS } from '../../domain/templates/template.js';
import { FIELD_GUIDANCE_MAX, FIELD_LABEL_MAX } from '../../services/templates/field-input.js';
import type { MoveFieldInput, ReorderFieldInput } from '../../services/templates/form-fields.js';
import type { FieldInput, FormFieldInput } from '../../services/templates/template-inputs.js';
import type { MoveFieldBody, ReorderFieldBody } from '../schemas/templates.schemas.js';
import {
  pickKeys,
  type Reader,
  readBool,
  readDocument,
  readInt,
  readText,
  sent,
  stringOf,
  type WireObject,
} from '../wire-readers.js';

function fieldTypeOf(r: Reader): FieldType | undefined {
  const value = r.raw.field_type;
  if (value === undefined) return undefined;
  if (FIELD_TYPES.includes(value as FieldType)) return value as FieldType;
  r.errors.add(`${r.prefix}field_type`, `The field_type must be one of ${FIELD_TYPES.join(', ')}.`);
  return undefined;
}

/** The extras kept as given, with the two flags among them read as booleans. */
function fieldSettingsOf(r: Reader): Record<string, unknown> {
  const settings = pickKeys(r.raw, FIELD_SETTING_KEYS);
  for (const key of ['collect_time', 'use_wysiwyg_editor']) {
    if (settings[key] !== undefined) settings[key] = readBool({ ...r, raw: settings }, key);
  }
  return settings;
}

/** One form field of a document; problems go to `errors` under `prefix`. */
export function fieldInputOf(document: WireObject, prefix: string, errors: FieldErrorCollector): FieldInput {
  // The spec's TemplatePrerun also names the label `name`.
  const raw =
    document.label === undefined && typeof document.name === 'string'
      ? { ...document, label: document.name }
      : document;
  const r: Reader = { raw, prefix, errors };
  return {
    id: stringOf(raw, 'id'),
    alias: stringOf(raw, 'alias'),
    label: readText(r, 'label', { max: FIELD_LABEL_MAX, required: sent(r, 'label') }),
    fieldType: fieldTypeOf(r),
    guidance: readText(r, 'guidance', { max: FIELD_GUIDANCE_MAX }),
    required: readBool(r, 'required'),
    position: readInt(r, 'position', { min: 1 }),
    options: raw.options,
    columns: raw.columns,
    defaultValueEnabled: readBool(r, 'default_value_enabled'),
    defaultValue: Object.hasOwn(raw, 'default_value') ? (raw.default_value ?? null) : undefined,
    settings: fieldSettingsOf(r),
  };
}

/** The body of a capture create or update. */
export function formFieldInputOf(body: WireObject): FormFieldInput {
  return readDocument((errors) => ({ field: fieldInputOf(body, '', errors) }));
}

export function reorderFieldInputOf(body: Static<typeof ReorderFieldBody>): ReorderFieldInput {
  return { fieldId: body.capture_id, position: body.position };
}

export function moveFieldInputOf(body: Static<typeof MoveFieldBody>): MoveFieldInput {
  return { targetStepId: body.target_step_id, position: body.position };
}
