/**
 * Form values (task `taskdata`, process `prerun`, `form-field/value`): one validator per
 * field type, shared by tasks and kick-off forms. Values are normalised to the shapes
 * Tallyfy answers with (dropdown `{id,text,value}`, multiselect options with `selected`,
 * radio the option text, dates ISO). Keys that are not fields are dropped silently.
 */
import { parseDateInput } from '../dates.js';
import { type FieldErrors, rejected } from '../errors.js';
import { isValidEmail } from '../identity.js';
import { isHexId } from '../ids.js';
import type { FieldDefinition, FieldOption } from '../templates/definition.js';

export const SHORT_TEXT_MAX = 200;
export const LONG_TEXT_MAX = 30_000;

type Check = { value: unknown } | { error: string };

const ok = (value: unknown): Check => ({ value });
const fail = (error: string): Check => ({ error });

function findOption(field: FieldDefinition, raw: unknown): FieldOption | undefined {
  if (raw && typeof raw === 'object') {
    const { id, text } = raw as { id?: unknown; text?: unknown };
    const byId = field.options.find((o) => String(o.id) === String(id));
    if (byId && (text === undefined || text === null || text === byId.text)) return byId;
    if (id === undefined || id === null) return field.options.find((o) => o.text === text);
    return undefined;
  }
  if (typeof raw === 'string') return field.options.find((o) => o.text === raw);
  if (typeof raw === 'number') return field.options.find((o) => o.id === raw);
  return undefined;
}

function checkText(value: unknown, max: number): Check {
  if (typeof value === 'number') value = String(value);
  if (typeof value !== 'string') return fail('must be a string');
  if (value.length > max) return fail(`may not be greater than ${max} characters`);
  return ok(value);
}

function checkTextRules(field: FieldDefinition, text: string): Check {
  const rules = field.settings.field_validation;
  const list = Array.isArray(rules) ? rules.map(String) : [];
  if (text === '') return ok(text);
  if (list.includes('numeric') && !Number.isFinite(Number(text))) return fail('must be a number');
  if (list.includes('email') && !isValidEmail(text)) return fail('must be a valid email address');
  if (list.includes('url') && !isUrl(text)) return fail('must be a valid URL');
  return ok(text);
}

function isUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

function checkMultiselect(field: FieldDefinition, value: unknown): Check {
  if (!Array.isArray(value)) return fail('must be a list of options');
  const chosen: Array<{ id: number; text: string; value: null; selected: boolean }> = [];
  for (const item of value) {
    const option = findOption(field, item);
    if (!option) return fail('contains an option that does not exist');
    const selected =
      typeof item === 'object' && item !== null ? (item as { selected?: unknown }).selected : true;
    chosen.push({ id: option.id, text: option.text, value: null, selected: selected === true });
  }
  return ok(chosen);
}

function checkTable(field: FieldDefinition, value: unknown): Check {
  if (!Array.isArray(value)) return fail('must be a list with one entry per column');
  const width = field.columns.length;
  const rows = value.every((v) => Array.isArray(v)) && value.length > 0 ? (value as unknown[][]) : [value];
  if (width > 0 && rows.some((row) => row.length !== width)) {
    return fail('Number of columns does not match required columns');
  }
  return ok(value);
}

function checkAssignees(value: unknown): Check {
  if (!value || typeof value !== 'object' || Array.isArray(value))
    return fail('must be {users, guests, groups}');
  const v = value as Record<string, unknown>;
  const list = (key: string) => (v[key] === undefined || v[key] === null ? [] : v[key]);
  const users = list('users');
  const guests = list('guests');
  const groups = list('groups');
  if (!Array.isArray(users) || !users.every((u) => Number.isInteger(u)))
    return fail('users must be member ids');
  if (!Array.isArray(guests) || !guests.every((g) => typeof g === 'string' && isValidEmail(g))) {
    return fail('guests must be e-mail addresses');
  }
  if (!Array.isArray(groups) || !groups.every((g) => typeof g === 'string' && isHexId(g))) {
    return fail('groups must be group ids');
  }
  return ok({ users, guests: guests.map((g) => (g as string).toLowerCase()), groups });
}

/** Validates one value against its field; null clears the field. */
export function checkFieldValue(field: FieldDefinition, value: unknown): Check {
  if (value === null) return ok(null);
  switch (field.fieldType) {
    case 'text': {
      const text = checkText(value, SHORT_TEXT_MAX);
      return 'error' in text ? text : checkTextRules(field, text.value as string);
    }
    case 'textarea':
      return checkText(value, LONG_TEXT_MAX);
    case 'email': {
      if (typeof value !== 'string') return fail('must be a string');
      return value === '' || isValidEmail(value) ? ok(value) : fail('must be a valid email address');
    }
    case 'url':
      if (typeof value !== 'string') return fail('must be a string');
      return value === '' || isUrl(value) ? ok(value) : fail('must be a valid URL');
    case 'number': {
      const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
      return typeof n === 'number' && Number.isFinite(n) ? ok(n) : fail('must be a number');
    }
    case 'date': {
      if (typeof value !== 'string') return fail('must be a date');
      if (value === '') return ok(null);
      const date = parseDateInput(value);
      return date ? ok(date.toISOString()) : fail('is not a valid date');
    }
    case 'radio': {
      if (value === '') return ok(null);
      const option = findOption(field, value);
      return option ? ok(option.text) : fail('must be one of the options');
    }
    case 'dropdown': {
      const option = findOption(field, value);
      return option
        ? ok({ id: option.id, text: option.text, value: null })
        : fail('must be one of the options');
    }
    case 'multiselect':
      return checkMultiselect(field, value);
    case 'table':
      return checkTable(field, value);
    case 'assignees_form':
      return checkAssignees(value);
    case 'file':
      if (!Array.isArray(value) || !value.every((f) => f && typeof f === 'object')) {
        return fail('must be a list of files');
      }
      return ok(value);
  }
}

/**
 * Validates `values` against `fields`, dropping keys that are not fields. Errors are keyed
 * `<prefix>.<field id>`; the normalised values are returned when there are none.
 */
export function validateFormValues(
  fields: ReadonlyMap<string, FieldDefinition>,
  values: Record<string, unknown>,
  prefix: string,
): { values: Record<string, unknown>; errors: FieldErrors } {
  const normalized: Record<string, unknown> = {};
  const errors: FieldErrors = {};
  for (const [key, raw] of Object.entries(values)) {
    const field = fields.get(key);
    if (!field) continue;
    const result = checkFieldValue(field, raw);
    if ('error' in result) errors[`${prefix}.${key}`] = [`The ${field.label} field ${result.error}.`];
    else normalized[key] = result.value;
  }
  return { values: normalized, errors };
}

/** True when a value counts as not filled in for a required field. */
export function isEmptyValue(field: FieldDefinition, value: unknown): boolean {
  if (value === null || value === undefined) return true;
  if (typeof value === 'string') return value.trim() === '';
  if (Array.isArray(value)) {
    if (field.fieldType === 'multiselect') return !value.some((o) => (o as { selected?: unknown }).selected);
    return value.length === 0;
  }
  if (field.fieldType === 'assignees_form' && typeof value === 'object') {
    const v = value as { users?: unknown[]; guests?: unknown[]; groups?: unknown[] };
    return (v.users?.length ?? 0) + (v.guests?.length ?? 0) + (v.groups?.length ?? 0) === 0;
  }
  return false;
}

/** Required fields of `fields` that have no value in `values`, in field order. */
export function missingRequiredFields(
  fields: readonly FieldDefinition[],
  values: Record<string, unknown>,
): FieldDefinition[] {
  return fields.filter((f) => f.required && isEmptyValue(f, values[f.id]));
}

/** 422 REQUIRED_FIELDS_MISSING naming each empty required field. */
export function requiredMissing(
  fields: ReadonlyArray<{ id: string; label: string; alias: string }>,
  prefix: string,
) {
  const errors: Record<string, string[]> = {};
  for (const f of fields) errors[`${prefix}.${f.id}`] = [`The ${f.label} field is required.`];
  return rejected(
    'REQUIRED_FIELDS_MISSING',
    `Required fields are empty: ${fields.map((f) => f.label).join(', ')}.`,
    {
      errors,
      missing_fields: fields.map((f) => ({ id: f.id, label: f.label, alias: f.alias })),
    },
  );
}
