import { DateTime } from 'luxon';
import type { FieldDefinition } from '../templates/definition.js';

export const PROCESS_NAME_MAX = 550;

export interface NamingInput {
  templateTitle: string;
  /** `default_process_name_format`, e.g. "{{template_title}} for {{client_name}}". */
  format: string | null;
  launchedAt: Date;
  timezone: string;
  launcherName: string;
  kickoffFields: readonly FieldDefinition[];
  /** Normalised kick-off values keyed by field id. */
  prerun: Record<string, unknown>;
}

function valueText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  if (Array.isArray(value)) {
    return value
      .filter((v) => (v as { selected?: unknown }).selected !== false)
      .map((v) => (typeof v === 'object' && v ? String((v as { text?: unknown }).text ?? '') : String(v)))
      .join(', ');
  }
  if (typeof value === 'object') return String((value as { text?: unknown }).text ?? '');
  return '';
}

/**
 * The name a process gets when the launch does not give one: the template's naming format
 * with its tokens filled in (`{{template_title}}`, `{{date}}`, `{{datetime}}`,
 * `{{launcher}}`, and kick-off fields by alias or label), else "<template title> - <date>".
 * Dates are written in the organization's time zone.
 */
export function defaultProcessName(input: NamingInput): string {
  const local = DateTime.fromJSDate(input.launchedAt, { zone: input.timezone });
  const date = local.toFormat('LLL d, yyyy');
  if (!input.format || input.format.trim() === '') {
    return `${input.templateTitle} - ${date}`.slice(0, PROCESS_NAME_MAX);
  }
  const tokens = new Map<string, string>([
    ['template_title', input.templateTitle],
    ['checklist_title', input.templateTitle],
    ['blueprint_title', input.templateTitle],
    ['date', date],
    ['datetime', local.toFormat('LLL d, h:mma')],
    ['launcher', input.launcherName],
  ]);
  for (const field of input.kickoffFields) {
    const text = valueText(input.prerun[field.id]);
    tokens.set(field.alias.toLowerCase(), text);
    tokens.set(field.label.toLowerCase(), text);
  }
  const name = input.format.replace(/\{\{\s*([^}]+?)\s*\}\}/g, (whole, key: string) => {
    return tokens.get(key.toLowerCase()) ?? whole;
  });
  const trimmed = name.trim();
  return (trimmed === '' ? `${input.templateTitle} - ${date}` : trimmed).slice(0, PROCESS_NAME_MAX);
}
