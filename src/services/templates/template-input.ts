/**
 * The template row from its input keys (not its steps, fields or rules). On an update, keys
 * left out keep their value; `users` and `groups`, when sent, replace the lists.
 */
import type { FieldErrorCollector } from '../../domain/errors.js';
import { slugify } from '../../domain/ids.js';
import type { Template } from '../../domain/templates/template.js';
import type { UrlPolicyConfig } from '../../domain/webhooks/url-safety.js';
import { checkWebhook } from './step-input.js';
import type { TemplateKeysInput } from './template-inputs.js';

export const TEMPLATE_TITLE_MAX = 250;

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

/** The template row the input describes. */
export function buildTemplate(
  input: TemplateKeysInput,
  errors: FieldErrorCollector,
  target: TemplateTarget,
): Template {
  const { base } = target;
  const keep = <T>(sent: T | undefined, current: T | undefined, fallback: T): T =>
    sent === undefined ? (current ?? fallback) : sent;
  checkWebhook(input.webhook, 'webhook', target.urlPolicy, errors);
  const docAlias = input.alias ? slugify(input.alias, '') : '';
  return {
    id: target.id,
    organizationId: target.organizationId,
    title: input.title,
    alias: base?.alias ?? (target.keepAlias && docAlias ? docAlias : slugify(input.title, 'template')),
    type: input.type ?? base?.type ?? 'procedure',
    summary: keep(input.summary, base?.summary, null),
    guidance: keep(input.guidance, base?.guidance, null),
    webhook: keep(input.webhook, base?.webhook, null),
    kickoffTitle: keep(input.kickoffTitle, base?.kickoffTitle, null),
    kickoffDescription: keep(input.kickoffDescription, base?.kickoffDescription, null),
    defaultProcessNameFormat: keep(input.defaultProcessNameFormat, base?.defaultProcessNameFormat, null),
    autoNaming: input.autoNaming ?? base?.autoNaming ?? false,
    canAddOneOffTasks: input.canAddOneOffTasks ?? base?.canAddOneOffTasks ?? true,
    settings: { ...(base?.settings ?? {}), ...input.settings },
    status: input.status ?? base?.status ?? 'started',
    folderId: input.folderId === undefined ? (base?.folderId ?? null) : input.folderId,
    ownerId: input.ownerId ?? base?.ownerId ?? target.actorId,
    createdBy: base?.createdBy ?? target.actorId,
    lastUpdatedBy: target.actorId,
    users: input.users ?? base?.users ?? [],
    groups: input.groups ?? base?.groups ?? [],
    version: base?.version ?? 0,
    publishedVersion: base?.publishedVersion ?? null,
    archivedAt: base?.archivedAt ?? null,
    createdAt: base?.createdAt ?? target.now,
    lastUpdated: base?.lastUpdated ?? target.now,
  };
}
