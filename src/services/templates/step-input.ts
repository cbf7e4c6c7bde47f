/**
 * A step from its input: created from scratch, or an existing one with the sent keys changed.
 * Keys left out keep their value; `assignees`, `guests` and `groups`, when sent, replace the
 * lists. Deadlines are taken as given and checked for the whole template afterwards
 * (validateStepDeadlines), since they may refer to other steps.
 */
import type { FieldErrorCollector } from '../../domain/errors.js';
import { slugify } from '../../domain/ids.js';
import type { TemplateStep } from '../../domain/templates/template.js';
import { checkWebhookUrl, type UrlPolicyConfig } from '../../domain/webhooks/url-safety.js';
import { uniqueAlias } from './aliases.js';
import type { StepFlagsInput, StepInput } from './template-inputs.js';

export const STEP_TITLE_MAX = 600;
export const STEP_SUMMARY_MAX = 50_000;

export interface StepTarget {
  id: string;
  templateId: string;
  now: string;
  base?: TemplateStep | undefined;
  /** Step aliases already used in the template. */
  aliases: Set<string>;
  keepAlias?: boolean;
  /** Where the step's webhook may point (`config.webhooks.allowPrivate`). */
  urlPolicy: UrlPolicyConfig;
}

function flagsOf(flags: StepFlagsInput, base: TemplateStep | undefined) {
  return {
    assignRunStarter: flags.assignRunStarter ?? base?.assignRunStarter ?? true,
    canCompleteOnlyAssignees: flags.canCompleteOnlyAssignees ?? base?.canCompleteOnlyAssignees ?? false,
    everyoneMustComplete: flags.everyoneMustComplete ?? base?.everyoneMustComplete ?? false,
    allowGuestOwners: flags.allowGuestOwners ?? base?.allowGuestOwners ?? false,
    preventGuestComment: flags.preventGuestComment ?? base?.preventGuestComment ?? false,
    skipStartProcess: flags.skipStartProcess ?? base?.skipStartProcess ?? false,
    isSoftStartDate: flags.isSoftStartDate ?? base?.isSoftStartDate ?? false,
    topSecret: flags.topSecret ?? base?.topSecret ?? false,
  };
}

/**
 * A webhook URL passes the same save-time check as every other webhook URL (http(s), and no
 * private or loopback address unless WEBHOOK_ALLOW_PRIVATE=true).
 */
export function checkWebhook(
  url: string | null | undefined,
  path: string,
  policy: UrlPolicyConfig,
  errors: FieldErrorCollector,
): void {
  const problem = url ? checkWebhookUrl(url, policy) : undefined;
  if (problem) errors.add(path, problem);
}

/** The step the input describes; `position` is the caller's to place. */
export function buildStep(
  input: StepInput,
  prefix: string,
  errors: FieldErrorCollector,
  target: StepTarget,
): TemplateStep {
  const { base } = target;
  checkWebhook(input.webhook, `${prefix}webhook`, target.urlPolicy, errors);
  const title = input.title ?? base?.title ?? '';
  const docAlias = input.alias ? slugify(input.alias, '') : '';
  const alias =
    base?.alias ??
    (target.keepAlias && docAlias && !target.aliases.has(docAlias)
      ? uniqueAlias(docAlias, target.aliases)
      : uniqueAlias(slugify(title, 'step'), target.aliases));
  return {
    id: target.id,
    templateId: target.templateId,
    alias,
    title,
    summary: input.summary === undefined ? (base?.summary ?? null) : input.summary,
    stepType: input.stepType ?? base?.stepType ?? 'task',
    position: input.position ?? base?.position ?? Number.MAX_SAFE_INTEGER,
    deadline: input.deadline === undefined ? (base?.deadline ?? null) : input.deadline,
    startDate: input.startDate === undefined ? (base?.startDate ?? null) : input.startDate,
    assignees: input.assignees ?? base?.assignees ?? [],
    guests: input.guests ?? base?.guests ?? [],
    groups: input.groups ?? base?.groups ?? [],
    ...flagsOf(input.flags, base),
    maxAssignable: input.maxAssignable ?? base?.maxAssignable ?? 0,
    webhook: input.webhook === undefined ? (base?.webhook ?? null) : input.webhook,
    settings: { ...(base?.settings ?? {}), ...input.settings },
    createdAt: base?.createdAt ?? target.now,
    lastUpdated: base?.lastUpdated ?? target.now,
  };
}
