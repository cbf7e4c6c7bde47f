/**
 * Readers for request documents (bodies, import documents): each reads one key, records a
 * field error under `prefix + key` when the value is unusable, and returns undefined when
 * the key is absent, so callers can tell "not sent" from "sent empty".
 */
import type { FieldErrorCollector } from '../../domain/errors.js';
import { isValidEmail, normalizeEmail } from '../../domain/identity.js';
import { isHexId } from '../../domain/ids.js';
import { INT4_MAX, isIntegerId } from '../../domain/limits.js';
import { checkWebhookUrl, type UrlPolicyConfig } from '../../domain/webhooks/url-safety.js';

export type Raw = Record<string, unknown>;

export function asObject(value: unknown): Raw | undefined {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Raw) : undefined;
}

/** A list sent plainly or wrapped the way we present it (`{data: […]}`). */
export function asList(value: unknown): unknown[] | undefined {
  if (Array.isArray(value)) return value;
  const data = asObject(value)?.data;
  return Array.isArray(data) ? data : undefined;
}

export interface Reader {
  raw: Raw;
  prefix: string;
  errors: FieldErrorCollector;
}

const has = (r: Reader, key: string) => Object.hasOwn(r.raw, key) && r.raw[key] !== undefined;

/** Text; `null` or blank clears it unless required. */
export function readText(
  r: Reader,
  key: string,
  options: { max: number; required?: boolean },
): string | null | undefined {
  if (!has(r, key)) {
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

/**
 * A webhook URL, or null to clear it: the same save-time check as every other webhook URL
 * (http(s), and no private or loopback address unless WEBHOOK_ALLOW_PRIVATE=true).
 */
export function readUrl(r: Reader, key: string, policy: UrlPolicyConfig): string | null | undefined {
  const text = readText(r, key, { max: 2000 });
  const problem = text ? checkWebhookUrl(text, policy) : undefined;
  if (problem) r.errors.add(`${r.prefix}${key}`, problem);
  return text;
}

/** true/false, also as "true"/"false"/1/0 (form posts). */
export function readBool(r: Reader, key: string): boolean | undefined {
  if (!has(r, key)) return undefined;
  const value = r.raw[key];
  if (value === true || value === 'true' || value === 1 || value === '1') return true;
  if (value === false || value === 'false' || value === 0 || value === '0' || value === null) return false;
  r.errors.add(`${r.prefix}${key}`, `The ${key} field must be true or false.`);
  return undefined;
}

/** A whole number within bounds (numeric strings accepted). */
export function readInt(r: Reader, key: string, options: { min: number; max?: number }): number | undefined {
  if (!has(r, key) || r.raw[key] === null) return undefined;
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

function readList(r: Reader, key: string): unknown[] | undefined {
  if (!has(r, key)) return undefined;
  if (r.raw[key] === null) return [];
  const list = asList(r.raw[key]);
  if (!list) r.errors.add(`${r.prefix}${key}`, `The ${key} must be a list.`);
  return list;
}

/** Member ids; duplicates dropped. */
export function readUserIds(r: Reader, key: string): number[] | undefined {
  const list = readList(r, key);
  if (!list) return list;
  list.forEach((v, i) => {
    if (!isMemberId(v)) r.errors.add(`${r.prefix}${key}.${i}`, 'Not a member id.');
  });
  return [...new Set(list.filter(isMemberId).map(Number))];
}

const isMemberId = (v: unknown) => isIntegerId(typeof v === 'string' ? Number(v) : v);

/** Group ids (32-hex); duplicates dropped. */
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
export function pickSettings(raw: Raw, keys: readonly string[]): Record<string, unknown> {
  const settings: Record<string, unknown> = {};
  for (const key of keys) if (raw[key] !== undefined) settings[key] = raw[key];
  return settings;
}

/** `base` made unique among `taken` with a numeric suffix; the result is added to `taken`. */
export function uniqueAlias(base: string, taken: Set<string>): string {
  let alias = base;
  for (let n = 2; taken.has(alias); n++) alias = `${base}-${n}`;
  taken.add(alias);
  return alias;
}
