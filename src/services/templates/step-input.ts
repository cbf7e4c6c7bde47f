/**
 * A step from a request document: created from scratch, or an existing one with the sent
 * keys changed. Keys left out keep their value; `assignees`, `guests` and `groups`, when
 * sent, replace the lists. Deadlines are read as given and checked for the whole template
 * afterwards (validateStepDeadlines), since they may refer to other steps.
 */
import { isDurationValue, normalizeDurationUnit, START_RUN } from '../../domain/deadlines.js';
import type { FieldErrorCollector } from '../../domain/errors.js';
import { slugify } from '../../domain/ids.js';
import {
  DURATION_UNITS,
  STEP_TYPES,
  type StepDeadline,
  type StepStartDate,
  type StepType,
} from '../../domain/templates/definition.js';
import { STEP_SETTING_KEYS, type TemplateStep } from '../../domain/templates/template.js';
import type { UrlPolicyConfig } from '../../domain/webhooks/url-safety.js';
import {
  asObject,
  pickSettings,
  type Raw,
  type Reader,
  readBool,
  readEmails,
  readGroupIds,
  readInt,
  readText,
  readUrl,
  readUserIds,
  uniqueAlias,
} from './input.js';

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

function readStepType(r: Reader, base: TemplateStep | undefined): StepType {
  const raw = r.raw.step_type ?? r.raw.task_type;
  if (raw === undefined || raw === null) return base?.stepType ?? 'task';
  if (STEP_TYPES.includes(raw as StepType)) return raw as StepType;
  r.errors.add(`${r.prefix}step_type`, `The step_type must be one of ${STEP_TYPES.join(', ')}.`);
  return base?.stepType ?? 'task';
}

const numeric = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? Number(v) : v);

/** `{value, unit, option, step}` as given (units normalized); null clears; checked later. */
function readDeadline(r: Reader): StepDeadline | null | undefined {
  if (!Object.hasOwn(r.raw, 'deadline') || r.raw.deadline === undefined) return undefined;
  if (r.raw.deadline === null) return null;
  const d = asObject(r.raw.deadline);
  if (!d) {
    r.errors.add(`${r.prefix}deadline`, 'The deadline must be an object with value, unit, option and step.');
    return undefined;
  }
  return {
    value: numeric(d.value) as number,
    unit: normalizeDurationUnit(d.unit) ?? (d.unit as StepDeadline['unit']),
    option: (d.option ?? 'from') as StepDeadline['option'],
    step: (d.step ?? START_RUN) as string,
  };
}

function readStartDate(r: Reader): StepStartDate | null | undefined {
  if (!Object.hasOwn(r.raw, 'start_date') || r.raw.start_date === undefined) return undefined;
  if (r.raw.start_date === null) return null;
  const d = asObject(r.raw.start_date);
  const unit = normalizeDurationUnit(d?.unit);
  const value = numeric(d?.value);
  if (!d || !unit || !isDurationValue(value, unit)) {
    r.errors.add(
      `${r.prefix}start_date`,
      `The start date needs a whole-number value (at most 100 years) and a unit (${DURATION_UNITS.join(', ')}).`,
    );
    return undefined;
  }
  return { value, unit };
}

function readStepSettings(r: Reader, base: TemplateStep | undefined): Record<string, unknown> {
  const sent = pickSettings(r.raw, STEP_SETTING_KEYS);
  if (
    sent.roles !== undefined &&
    (!Array.isArray(sent.roles) || sent.roles.some((x) => typeof x !== 'string'))
  ) {
    r.errors.add(`${r.prefix}roles`, 'The roles must be a list of job titles.');
  }
  if (sent.bp_to_launch !== undefined && sent.bp_to_launch !== null && !asObject(sent.bp_to_launch)) {
    r.errors.add(`${r.prefix}bp_to_launch`, 'The bp_to_launch must be an object with the template id.');
  }
  return { ...(base?.settings ?? {}), ...sent };
}

function readFlags(r: Reader, base: TemplateStep | undefined) {
  const flag = (key: string, current: boolean | undefined, fallback: boolean) =>
    readBool(r, key) ?? current ?? fallback;
  return {
    assignRunStarter: flag('assign_run_starter', base?.assignRunStarter, true),
    canCompleteOnlyAssignees: flag('can_complete_only_assignees', base?.canCompleteOnlyAssignees, false),
    everyoneMustComplete: flag('everyone_must_complete', base?.everyoneMustComplete, false),
    allowGuestOwners: flag('allow_guest_owners', base?.allowGuestOwners, false),
    preventGuestComment: flag('prevent_guest_comment', base?.preventGuestComment, false),
    skipStartProcess: flag('skip_start_process', base?.skipStartProcess, false),
    isSoftStartDate: flag('is_soft_start_date', base?.isSoftStartDate, false),
    topSecret: flag('top_secret', base?.topSecret, false),
  };
}

/** The step the document describes; `position` is the caller's to place. */
export function parseStep(
  raw: Raw,
  prefix: string,
  errors: FieldErrorCollector,
  target: StepTarget,
): TemplateStep {
  const r: Reader = { raw, prefix, errors };
  const { base } = target;
  const title = readText(r, 'title', { max: STEP_TITLE_MAX, required: !base || Object.hasOwn(raw, 'title') });
  const summary = readText(r, 'summary', { max: STEP_SUMMARY_MAX });
  const deadline = readDeadline(r);
  const startDate = readStartDate(r);
  const webhook = readUrl(r, 'webhook', target.urlPolicy);
  const docAlias = typeof raw.alias === 'string' ? slugify(raw.alias, '') : '';
  const finalTitle = title ?? base?.title ?? '';
  const alias =
    base?.alias ??
    (target.keepAlias && docAlias && !target.aliases.has(docAlias)
      ? uniqueAlias(docAlias, target.aliases)
      : uniqueAlias(slugify(finalTitle, 'step'), target.aliases));
  return {
    id: target.id,
    templateId: target.templateId,
    alias,
    title: finalTitle,
    summary: summary === undefined ? (base?.summary ?? null) : summary,
    stepType: readStepType(r, base),
    position: readInt(r, 'position', { min: 1 }) ?? base?.position ?? Number.MAX_SAFE_INTEGER,
    deadline: deadline === undefined ? (base?.deadline ?? null) : deadline,
    startDate: startDate === undefined ? (base?.startDate ?? null) : startDate,
    assignees: readUserIds(r, 'assignees') ?? base?.assignees ?? [],
    guests: readEmails(r, 'guests') ?? base?.guests ?? [],
    groups: readGroupIds(r, 'groups') ?? base?.groups ?? [],
    ...readFlags(r, base),
    maxAssignable: readInt(r, 'max_assignable', { min: 0, max: 10_000 }) ?? base?.maxAssignable ?? 0,
    webhook: webhook === undefined ? (base?.webhook ?? null) : webhook,
    settings: readStepSettings(r, base),
    createdAt: base?.createdAt ?? target.now,
    lastUpdated: base?.lastUpdated ?? target.now,
  };
}
