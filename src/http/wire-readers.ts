/**
 * Readers for Tallyfy's loose request documents: the nested parts of template bodies (kick-off
 * fields, steps, captures) and import documents, which the request schemas leave open. Each
 * reader reads one key, records a field error under `prefix + key` when the value is unusable,
 * and returns undefined when the key is absent, so mappers can tell "not sent" from "sent
 * empty". The loose forms the API has always accepted are read here and nowhere else:
 * booleans as true/false, "true"/"false", 1/0 and "1"/"0" (null reads as false); whole
 * numbers as numbers or numeric strings; member ids as numbers or strings; lists plain or
 * wrapped the way answers present them (`{data: […]}`).
 */
import { FieldErrorCollector, type FieldErrors } from '../domain/errors.js';
import { isValidEmail, normalizeEmail } from '../domain/identity.js';
import { isHexId } from '../domain/ids.js';
import { INT4_MAX, isIntegerId } from '../domain/limits.js';

/** A JSON object as sent, before mapping. */
export type WireObject = Record<string, unknown>;

export function asObject(value: unknown): WireObject | undefined {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as WireObject) : undefined;
}

/** A list sent plainly or wrapped the way we present it (`{data: […]}`). */
export function asList(value: unknown): unknown[] | undefined {
  if (Array.isArray(value)) return value;
  const data = asObject(value)?.data;
  return Array.isArray(data) ? data : undefined;
}

/** The items of a list as objects (anything else reads as an empty object). */
export const objectsOf = (value: unknown): WireObject[] =>
  (asList(value) ?? []).map((item) => asObject(item) ?? {});

export interface Reader {
  raw: WireObject;
  prefix: string;
  errors: FieldErrorCollector;
}

export const sent = (r: Reader, key: string) => Object.hasOwn(r.raw, key) && r.raw[key] !== undefined;

/** Text, trimmed; `null` or blank reads as null (an error when required). */
export function readText(
  r: Reader,
  key: string,
  options: { max: number; required?: boolean },
): string | null | undefined {
  if (!sent(r, key)) {
    if (options.required) r.errors.add(`${r.prefix}${key}`, `The ${key} field is required.`);
    return undefined;
  }
  const value = r.raw[key];
  if (value === null || (typeof value === 'string' && !value.trim())) {
    if (options.required) r.errors.add(`${r.prefix}${key}`, `The ${key} field is required.`);
    return null;
  }
  if (typeof value !== 'string' && typeof value !== 'number') {
    r.errors.add(`${r.prefix}${key}`, `The ${key} must be text.`);
    return undefined;
  }
  const text = String(value).trim();
  if (text.length > options.max) {
    r.errors.add(`${r.prefix}${key}`, `The ${key} may not be greater than ${options.max} characters.`);
  }
  return text;
}

/** true/false, also as "true"/"false"/1/0/"1"/"0" (form posts); null reads as false. */
export function readBool(r: Reader, key: string): boolean | undefined {
  if (!sent(r, key)) return undefined;
  const value = r.raw[key];
  if (value === true || value === 'true' || value === 1 || value === '1') return true;
  if (value === false || value === 'false' || value === 0 || value === '0' || value === null) return false;
  r.errors.add(`${r.prefix}${key}`, `The ${key} field must be true or false.`);
  return undefined;
}

/** A whole number within bounds (numeric strings accepted); null reads as not sent. */
export function readInt(r: Reader, key: string, options: { min: number; max?: number }): number | undefined {
  if (!sent(r, key) || r.raw[key] === null) return undefined;
  const value = Number(r.raw[key]);
  // Integer columns hold at most 2^31 - 1.
  const max = options.max ?? INT4_MAX;
  if (!Number.isInteger(value) || value < options.min || value > max) {
    const range = options.max === undefined ? `at least ${options.min}` : `between ${options.min} and ${max}`;
    r.errors.add(`${r.prefix}${key}`, `The ${key} must be a whole number ${range}.`);
    return undefined;
  }
  return value;
}

/** One of `allowed`; null reads as not sent. */
export function readEnum<T extends string>(r: Reader, key: string, allowed: readonly T[]): T | undefined {
  const value = r.raw[key];
  if (value === undefined || value === null) return undefined;
  if (allowed.includes(value as T)) return value as T;
  r.errors.add(`${r.prefix}${key}`, `The ${key} must be one of ${allowed.join(', ')}.`);
  return undefined;
}

function readList(r: Reader, key: string): unknown[] | undefined {
  if (!sent(r, key)) return undefined;
  if (r.raw[key] === null) return [];
  const list = asList(r.raw[key]);
  if (!list) r.errors.add(`${r.prefix}${key}`, `The ${key} must be a list.`);
  return list;
}

const isMemberId = (v: unknown) => isIntegerId(typeof v === 'string' ? Number(v) : v);

/** Member ids (numbers or numeric strings); duplicates dropped. */
export function readUserIds(r: Reader, key: string): number[] | undefined {
  const list = readList(r, key);
  if (!list) return list;
  list.forEach((v, i) => {
    if (!isMemberId(v)) r.errors.add(`${r.prefix}${key}.${i}`, 'Not a member id.');
  });
  return [...new Set(list.filter(isMemberId).map(Number))];
}

/** Group ids (32-hex, any case); duplicates dropped. */
export function readGroupIds(r: Reader, key: string): string[] | undefined {
  const list = readList(r, key);
  if (!list) return list;
  list.forEach((v, i) => {
    if (typeof v !== 'string' || !isHexId(v.toLowerCase()))
      r.errors.add(`${r.prefix}${key}.${i}`, 'Not a group id.');
  });
  return [...new Set(list.filter((v): v is string => typeof v === 'string').map((v) => v.toLowerCase()))];
}

/** Guest e-mails, lowercased; duplicates dropped. */
export function readEmails(r: Reader, key: string): string[] | undefined {
  const list = readList(r, key);
  if (!list) return list;
  list.forEach((v, i) => {
    if (typeof v !== 'string' || !isValidEmail(normalizeEmail(v))) {
      r.errors.add(`${r.prefix}${key}.${i}`, 'Not a valid e-mail address.');
    }
  });
  return [...new Set(list.filter((v): v is string => typeof v === 'string').map(normalizeEmail))];
}

/** The keys of `keys` present in the document, as given (for `settings` documents). */
export function pickKeys(raw: WireObject, keys: readonly string[]): Record<string, unknown> {
  const picked: Record<string, unknown> = {};
  for (const key of keys) if (raw[key] !== undefined) picked[key] = raw[key];
  return picked;
}

/** A string the document sent under `key`, as given (document ids and aliases). */
export const stringOf = (raw: WireObject, key: string): string | undefined =>
  typeof raw[key] === 'string' ? (raw[key] as string) : undefined;

/**
 * Runs a mapper over a loose document and hands its shape errors to the service with the
 * input, which refuses them together with its own checks (one answer, every problem).
 */
export function readDocument<T>(read: (errors: FieldErrorCollector) => T): T & { shapeErrors: FieldErrors } {
  const errors = new FieldErrorCollector();
  const input = read(errors);
  return { ...input, shapeErrors: errors.collected };
}
