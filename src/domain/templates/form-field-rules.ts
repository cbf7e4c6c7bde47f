/**
 * What makes a form-field definition (step form field or kick-off field) valid: choice
 * types need distinct options (radio at least two), tables need columns, defaults must fit
 * the type, and validation rules must be ones we know. Pure; errors go to a collector under
 * the caller's path prefix.
 */
import { parseDateInput } from '../dates.js';
import type { FieldErrorCollector } from '../errors.js';
import { isValidEmail } from '../identity.js';
import { isIntegerId } from '../limits.js';
import type { FieldOption, FieldType, TableColumn } from './definition.js';

export const CHOICE_FIELD_TYPES: readonly FieldType[] = ['radio', 'dropdown', 'multiselect'];
/** Types that take no default value. */
export const NO_DEFAULT_FIELD_TYPES: readonly FieldType[] = ['table', 'file', 'assignees_form'];
/** Types whose values are free text, and so take `field_validation` rules. */
export const TEXT_FIELD_TYPES: readonly FieldType[] = ['text', 'textarea', 'email', 'url', 'number'];

/** Longest value a text-like field accepts. */
export const VALUE_MAX_LENGTH: Partial<Record<FieldType, number>> = {
  text: 200,
  textarea: 30_000,
  email: 254,
  url: 2_000,
};

export const OPTION_TEXT_MAX = 600;
const VALIDATION_RULE =
  /^(numeric|integer|email|url|alpha|alpha_num|alpha_dash|(min|max):\d+|between:\d+,\d+)$/;

export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

type Labelled = { id: number; text: string } | { id: number; label: string };

/** Reads `[{id?, text}]` or plain strings; gives missing ids the next free number. */
function parseLabelledList<K extends 'text' | 'label'>(
  raw: unknown,
  key: K,
  path: string,
  errors: FieldErrorCollector,
): Array<{ id: number } & Record<K, string>> {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) {
    errors.add(path, `The ${path} must be a list.`);
    return [];
  }
  const items = raw.map((item, i) => {
    const obj = (typeof item === 'object' && item !== null ? item : { [key]: item }) as Record<
      string,
      unknown
    >;
    const text = obj[key] ?? obj.text ?? obj.label ?? obj.value;
    const id = obj.id;
    if (typeof text !== 'string' || !text.trim())
      errors.add(`${path}.${i}.${key}`, `The ${key} is required.`);
    else if (text.length > OPTION_TEXT_MAX)
      errors.add(`${path}.${i}.${key}`, `The ${key} may not be greater than ${OPTION_TEXT_MAX} characters.`);
    if (id !== undefined && id !== null && !isIntegerId(id)) {
      errors.add(`${path}.${i}.id`, 'The id must be a positive whole number.');
    }
    return {
      id: isIntegerId(id) ? id : 0,
      text: String(text ?? ''),
    };
  });
  let next = Math.max(0, ...items.map((o) => o.id)) + 1;
  const seenIds = new Set<number>();
  const seenTexts = new Set<string>();
  return items.map((item, i) => {
    const id = item.id || next++;
    if (seenIds.has(id)) errors.add(`${path}.${i}.id`, 'The id is duplicated.');
    const normalized = item.text.trim().toLowerCase();
    if (normalized && seenTexts.has(normalized))
      errors.add(`${path}.${i}.${key}`, `The ${key} is duplicated.`);
    seenIds.add(id);
    seenTexts.add(normalized);
    return { id, [key]: item.text.trim() } as { id: number } & Record<K, string>;
  });
}

/** Options of a choice field, `[{id, text}]`, validated for the field's type. */
export function parseFieldOptions(
  raw: unknown,
  fieldType: FieldType,
  path: string,
  errors: FieldErrorCollector,
): FieldOption[] {
  const options = parseLabelledList(raw, 'text', path, errors);
  if (CHOICE_FIELD_TYPES.includes(fieldType)) {
    const min = fieldType === 'radio' ? 2 : 1;
    if (options.length < min) {
      errors.add(path, `A ${fieldType} field needs at least ${min} option${min > 1 ? 's' : ''}.`);
    }
    return options;
  }
  return [];
}

/** Columns of a table field, `[{id, label}]`; a table needs at least one. */
export function parseTableColumns(
  raw: unknown,
  fieldType: FieldType,
  path: string,
  errors: FieldErrorCollector,
): TableColumn[] {
  if (fieldType !== 'table') return [];
  const columns = parseLabelledList(raw, 'label', path, errors);
  if (columns.length === 0) errors.add(path, 'A table field needs at least one column.');
  return columns;
}

/** `field_validation`: a list of known rules, only on free-text types. */
export function checkValidationRules(
  rules: unknown,
  fieldType: FieldType,
  path: string,
  errors: FieldErrorCollector,
): void {
  if (rules === undefined || rules === null) return;
  if (!Array.isArray(rules)) {
    errors.add(path, 'The field validation must be a list of rules.');
    return;
  }
  if (rules.length > 0 && !TEXT_FIELD_TYPES.includes(fieldType)) {
    errors.add(path, `Validation rules do not apply to ${fieldType} fields.`);
    return;
  }
  rules.forEach((rule, i) => {
    if (typeof rule !== 'string' || !VALIDATION_RULE.test(rule)) {
      errors.add(`${path}.${i}`, `Unknown validation rule "${String(rule)}".`);
    }
  });
}

function optionMatches(value: unknown, options: readonly Labelled[]): boolean {
  if (typeof value === 'number') return options.some((o) => o.id === value);
  if (typeof value === 'string') return options.some((o) => 'text' in o && o.text === value);
  if (value && typeof value === 'object') return optionMatches((value as { id?: unknown }).id, options);
  return false;
}

/** Whether `value` may be the default of a field of this type with these options. */
export function defaultValueProblem(
  value: unknown,
  fieldType: FieldType,
  options: readonly FieldOption[],
): string | undefined {
  if (NO_DEFAULT_FIELD_TYPES.includes(fieldType)) return `A ${fieldType} field cannot have a default value.`;
  const max = VALUE_MAX_LENGTH[fieldType];
  switch (fieldType) {
    case 'radio':
    case 'dropdown':
      return optionMatches(value, options) ? undefined : 'The default value must be one of the options.';
    case 'multiselect':
      return Array.isArray(value) && value.every((v) => optionMatches(v, options))
        ? undefined
        : 'The default value must be a list of the options.';
    case 'number':
      return value !== '' && Number.isFinite(Number(value))
        ? undefined
        : 'The default value must be a number.';
    case 'date':
      return typeof value === 'string' && parseDateInput(value)
        ? undefined
        : 'The default value must be a date.';
    default:
      if (typeof value !== 'string') return 'The default value must be text.';
      if (max !== undefined && value.length > max)
        return `The default value may not exceed ${max} characters.`;
      if (fieldType === 'email' && value && !isValidEmail(value))
        return 'The default value must be an e-mail.';
      if (fieldType === 'url' && value && !isHttpUrl(value)) return 'The default value must be a URL.';
      return undefined;
  }
}
