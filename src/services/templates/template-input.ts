/**
 * The template's own keys from a request document (not its steps, fields or rules). On an
 * update, keys left out keep their value; `users` and `groups`, when sent, replace the lists.
 */
import type { FieldErrorCollector } from '../../domain/errors.js';
import { isHexId, slugify } from '../../domain/ids.js';
import { TEMPLATE_TYPES, type TemplateType } from '../../domain/templates/definition.js';
import {
  TEMPLATE_SETTING_KEYS,
  TEMPLATE_STATUSES,
  type Template,
  type TemplateStatus,
} from '../../domain/templates/template.js';
import type { UrlPolicyConfig } from '../../domain/webhooks/url-safety.js';
import {
  pickSettings,
  type Raw,
  type Reader,
  readBool,
  readGroupIds,
  readInt,
  readText,
  readUrl,
  readUserIds,
} from './input.js';

export const TEMPLATE_TITLE_MAX = 250;

const BOOLEAN_SETTINGS = TEMPLATE_SETTING_KEYS.filter((k) =>
  /^(starred|is_|dual_|folderize|tag_process|allow_|folder_changeable)/.test(k),
);

function readEnum<T extends string>(r: Reader, key: string, allowed: readonly T[]): T | undefined {
  const value = r.raw[key];
  if (value === undefined || value === null) return undefined;
  if (allowed.includes(value as T)) return value as T;
  r.errors.add(`${r.prefix}${key}`, `The ${key} must be one of ${allowed.join(', ')}.`);
  return undefined;
}

function readFolderId(r: Reader, base: Template | undefined): string | null {
  if (!Object.hasOwn(r.raw, 'folder_id')) return base?.folderId ?? null;
  const value = r.raw.folder_id;
  if (value === null || value === '') return null;
  if (typeof value !== 'string' || !isHexId(value.toLowerCase())) {
    r.errors.add(`${r.prefix}folder_id`, 'The folder_id must be a folder id.');
    return base?.folderId ?? null;
  }
  return value.toLowerCase();
}

function readTemplateSettings(r: Reader, base: Template | undefined): Record<string, unknown> {
  const sent = pickSettings(r.raw, TEMPLATE_SETTING_KEYS);
  for (const key of BOOLEAN_SETTINGS)
    if (sent[key] !== undefined) sent[key] = readBool({ ...r, raw: sent }, key);
  return { ...(base?.settings ?? {}), ...sent };
}

export interface TemplateTarget {
  /** Where the template's webhook may point (`config.webhooks.allowPrivate`). */
  urlPolicy: UrlPolicyConfig;
  id: string;
  organizationId: string;
  actorId: number;
  now: string;
  base?: Template | undefined;
  /** Keep the document's alias (imports); otherwise a new template's alias comes from its title. */
  keepAlias?: boolean;
}

/** The template row the document describes; the title is required every time. */
export function parseTemplateKeys(raw: Raw, errors: FieldErrorCollector, target: TemplateTarget): Template {
  const r: Reader = { raw, prefix: '', errors };
  const { base } = target;
  const title = readText(r, 'title', { max: TEMPLATE_TITLE_MAX, required: true }) ?? base?.title ?? '';
  const text = (key: string, max: number, current: string | null | undefined) => {
    const value = readText(r, key, { max });
    return value === undefined ? (current ?? null) : value;
  };
  const webhook = readUrl(r, 'webhook', target.urlPolicy);
  const docAlias = typeof raw.alias === 'string' ? slugify(raw.alias, '') : '';
  return {
    id: target.id,
    organizationId: target.organizationId,
    title,
    alias: base?.alias ?? (target.keepAlias && docAlias ? docAlias : slugify(title, 'template')),
    type: readEnum<TemplateType>(r, 'type', TEMPLATE_TYPES) ?? base?.type ?? 'procedure',
    summary: text('summary', 2000, base?.summary),
    guidance: text('guidance', 50_000, base?.guidance),
    webhook: webhook === undefined ? (base?.webhook ?? null) : webhook,
    kickoffTitle: text('kickoff_title', 600, base?.kickoffTitle),
    kickoffDescription: text('kickoff_description', 20_000, base?.kickoffDescription),
    defaultProcessNameFormat: text('default_process_name_format', 550, base?.defaultProcessNameFormat),
    autoNaming: readBool(r, 'auto_naming') ?? base?.autoNaming ?? false,
    canAddOneOffTasks: readBool(r, 'can_add_oot') ?? base?.canAddOneOffTasks ?? true,
    settings: readTemplateSettings(r, base),
    status: readEnum<TemplateStatus>(r, 'status', TEMPLATE_STATUSES) ?? base?.status ?? 'started',
    folderId: readFolderId(r, base),
    ownerId: readInt(r, 'owner_id', { min: 1 }) ?? base?.ownerId ?? target.actorId,
    createdBy: base?.createdBy ?? target.actorId,
    lastUpdatedBy: target.actorId,
    users: readUserIds(r, 'users') ?? base?.users ?? [],
    groups: readGroupIds(r, 'groups') ?? base?.groups ?? [],
    version: base?.version ?? 0,
    publishedVersion: base?.publishedVersion ?? null,
    archivedAt: base?.archivedAt ?? null,
    createdAt: base?.createdAt ?? target.now,
    lastUpdated: base?.lastUpdated ?? target.now,
  };
}
