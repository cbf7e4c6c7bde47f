import {
  countActiveMembers,
  findOrganizationById,
  insertOrganization,
  updateOrganization,
} from '../../db/repositories/organizations-repository.js';
import { isDurationValue } from '../../domain/deadlines.js';
import { FieldErrorCollector, notFound } from '../../domain/errors.js';
import {
  type DefaultDeadline,
  defaultWorkingDays,
  isValidTimezone,
  type Organization,
  WEEKDAYS,
  type WorkingDays,
} from '../../domain/identity.js';
import { newHexId, slugify } from '../../domain/ids.js';
import { assertCan } from '../../domain/policy.js';
import { generateSecret } from '../../domain/tokens.js';
import type { OrganizationView } from '../../domain/views.js';
import { type AppContext, inTransaction, type MemberActor, nowIso } from '../context.js';
import { actorRef, recordActivities } from '../events/record.js';

export type { OrganizationView };

/** Settings an organization starts with; the keys of the spec's Organization that we keep. */
export const DEFAULT_ORGANIZATION_SETTINGS: Record<string, unknown> = {
  address1: null,
  address2: null,
  country: null,
  state: null,
  city: null,
  zipcode: null,
  org_logo: null,
  allow_user_invite: true,
  allow_manage_groups: true,
  auto_archive: false,
  auto_archive_processes_after: null,
  auto_complete_tasks: false,
  auto_complete_task_months: null,
  deadline_setting: 'after/before',
  webhook_date_field_format: 'yyyy-MM-ddTHH:mm:ssZ',
  maximum_group_assignment_limit: null,
};

/** Setting keys a PUT may change, besides the first-class columns. */
export const ORGANIZATION_SETTING_KEYS = Object.keys(DEFAULT_ORGANIZATION_SETTINGS);

export interface CreateOrganizationInput {
  name: string;
  timezone?: string;
  description?: string | null;
  /** Values for keys of DEFAULT_ORGANIZATION_SETTINGS; other keys are ignored. */
  settings?: Record<string, unknown>;
  /** Tallyfy's working-days shape (see parseWorkingDays); Monday to Friday when absent. */
  workingDays?: unknown;
}

export async function createOrganization(
  ctx: AppContext,
  input: CreateOrganizationInput,
): Promise<Organization> {
  const errors = new FieldErrorCollector();
  const name = input.name.trim();
  if (!name) errors.add('name', 'The name field is required.');
  if (name.length > 250) errors.add('name', 'The name may not be greater than 250 characters.');
  const timezone = input.timezone ?? 'UTC';
  if (!isValidTimezone(timezone)) errors.add('timezone', 'The timezone must be a valid zone.');
  const workingDays =
    input.workingDays === undefined ? defaultWorkingDays() : parseWorkingDays(input.workingDays, errors);
  errors.throwIfAny();
  const settings = { ...DEFAULT_ORGANIZATION_SETTINGS };
  for (const key of ORGANIZATION_SETTING_KEYS) {
    if (input.settings?.[key] !== undefined) settings[key] = input.settings[key];
  }
  const id = newHexId();
  await insertOrganization(ctx.db.kysely, {
    id,
    name,
    slug: slugify(name, 'organization'),
    description: input.description ?? null,
    timezone,
    workingDays: workingDays ?? defaultWorkingDays(),
    defaultDeadline: { type: 'days', value: 5 },
    settings,
    webhookSecret: generateSecret('whsec'),
    now: nowIso(ctx),
  });
  const org = await findOrganizationById(ctx.db.kysely, id);
  if (!org) throw notFound('ORGANIZATION_NOT_FOUND', 'Organization');
  return org;
}

export async function getOrganization(ctx: AppContext, actor: MemberActor): Promise<OrganizationView> {
  const org = await findOrganizationById(ctx.db.kysely, actor.organizationId);
  if (!org) throw notFound('ORGANIZATION_NOT_FOUND', 'Organization');
  const counts = await countActiveMembers(ctx.db.kysely, [org.id]);
  return { organization: org, usersCount: counts.get(org.id) ?? 0 };
}

export interface UpdateOrganizationInput {
  name?: string | undefined;
  description?: string | null | undefined;
  timezone?: string | undefined;
  /** Tallyfy's `{Monday: {anytime, from, to}, …}` or a list of day names; checked here. */
  workingDays?: unknown;
  /** `{value, unit}`; checked here. */
  defaultDeadline?: unknown;
  /** The organization settings that were sent (keys of ORGANIZATION_SETTING_KEYS), as given. */
  settings: Record<string, unknown>;
}

const DEADLINE_UNITS = ['minutes', 'hours', 'days', 'weeks', 'months'] as const;

/** Admins change the organization's name, zone, working days, default deadline and settings. */
export async function updateOrganizationSettings(
  ctx: AppContext,
  actor: MemberActor,
  input: UpdateOrganizationInput,
): Promise<OrganizationView> {
  assertCan(actor, 'organization.update', {}, 'Only administrators can change the organization.');
  const current = await findOrganizationById(ctx.db.kysely, actor.organizationId);
  if (!current) throw notFound('ORGANIZATION_NOT_FOUND', 'Organization');

  const errors = new FieldErrorCollector();
  if (input.name !== undefined && !input.name.trim()) errors.add('name', 'The name field is required.');
  if (input.timezone !== undefined && !isValidTimezone(input.timezone)) {
    errors.add('timezone', 'The timezone must be a valid zone.');
  }
  const workingDays =
    input.workingDays === undefined ? undefined : parseWorkingDays(input.workingDays, errors);
  const defaultDeadline =
    input.defaultDeadline === undefined ? undefined : parseDefaultDeadline(input.defaultDeadline, errors);
  errors.throwIfAny();

  const settings = { ...current.settings };
  for (const key of ORGANIZATION_SETTING_KEYS) {
    if (input.settings[key] !== undefined) settings[key] = input.settings[key];
  }
  const after: OrganizationChangeable = {
    name: input.name !== undefined ? input.name.trim() : current.name,
    description: input.description !== undefined ? input.description : current.description,
    timezone: input.timezone ?? current.timezone,
    working_days: workingDays ?? current.workingDays,
    default_deadline: defaultDeadline ?? current.defaultDeadline,
    settings,
  };
  await inTransaction(ctx, async (tx) => {
    await updateOrganization(
      tx.db.kysely,
      current.id,
      {
        ...(input.name !== undefined ? { name: after.name } : {}),
        ...(input.description !== undefined ? { description: after.description } : {}),
        ...(input.timezone !== undefined ? { timezone: after.timezone } : {}),
        ...(workingDays ? { workingDays } : {}),
        ...(defaultDeadline ? { defaultDeadline } : {}),
        settings,
      },
      nowIso(tx),
    );
    const change = changedValues(changeableOf(current), after);
    if (change) {
      await recordActivities(tx, current.id, actorRef(actor), [
        { action: 'updated', objectType: 'organization', objectId: current.id, ...change },
      ]);
    }
  });
  return getOrganization(ctx, actor);
}

/** What a PUT may change, under its wire names (as the activity feed shows them). */
interface OrganizationChangeable {
  name: string;
  description: string | null;
  timezone: string;
  working_days: unknown;
  default_deadline: unknown;
  settings: Record<string, unknown>;
}

const changeableOf = (o: Organization): OrganizationChangeable => ({
  name: o.name,
  description: o.description,
  timezone: o.timezone,
  working_days: o.workingDays,
  default_deadline: o.defaultDeadline,
  settings: o.settings,
});

/**
 * The old and new values of what changed (settings key by key), or undefined when nothing did.
 * Values compare by their JSON, as they are stored.
 */
function changedValues(before: OrganizationChangeable, after: OrganizationChangeable) {
  const oldValue: Record<string, unknown> = {};
  const newValue: Record<string, unknown> = {};
  const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
  for (const key of ['name', 'description', 'timezone', 'working_days', 'default_deadline'] as const) {
    if (!same(before[key], after[key])) {
      oldValue[key] = before[key] ?? null;
      newValue[key] = after[key] ?? null;
    }
  }
  const keys = new Set([...Object.keys(before.settings), ...Object.keys(after.settings)]);
  for (const key of keys) {
    if (!same(before.settings[key], after.settings[key])) {
      oldValue[key] = before.settings[key] ?? null;
      newValue[key] = after.settings[key] ?? null;
    }
  }
  return Object.keys(newValue).length ? { oldValue, newValue } : undefined;
}

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

/**
 * Accepts Tallyfy's shape `{Monday: {anytime: "true"|true, from, to}, …}` or a list of day
 * names (`["Monday", …]`). A day left out is not a working day; at least one must remain.
 */
export function parseWorkingDays(value: unknown, errors: FieldErrorCollector): WorkingDays | undefined {
  const result: WorkingDays = {};
  if (Array.isArray(value)) {
    for (const day of value) {
      const name = WEEKDAYS.find((d) => d.toLowerCase() === String(day).toLowerCase());
      if (!name) errors.add('working_days', `Unknown day "${String(day)}".`);
      else result[name] = { anytime: true };
    }
  } else if (value && typeof value === 'object') {
    for (const [key, raw] of Object.entries(value as Record<string, unknown>)) {
      const name = WEEKDAYS.find((d) => d.toLowerCase() === key.toLowerCase());
      if (!name) {
        errors.add(`working_days.${key}`, `Unknown day "${key}".`);
        continue;
      }
      if (raw === false || raw === null) continue;
      const day = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
      const anytime = day.anytime === undefined || day.anytime === true || day.anytime === 'true';
      if (anytime) {
        result[name] = { anytime: true };
        continue;
      }
      const from = String(day.from ?? '');
      const to = String(day.to ?? '');
      if (!TIME.test(from) || !TIME.test(to) || from >= to) {
        errors.add(`working_days.${key}`, 'Working hours need "from" and "to" as HH:MM, from before to.');
        continue;
      }
      result[name] = { anytime: false, from, to };
    }
  } else {
    errors.add('working_days', 'The working days must be an object keyed by day name.');
    return undefined;
  }
  if (Object.keys(result).length === 0) errors.add('working_days', 'At least one working day is required.');
  return result;
}

function parseDefaultDeadline(value: unknown, errors: FieldErrorCollector): DefaultDeadline | undefined {
  const obj = (value && typeof value === 'object' ? value : {}) as Record<string, unknown>;
  const rawUnit = String(obj.type ?? obj.unit ?? '');
  const unit = DEADLINE_UNITS.find((u) => u === rawUnit || u === `${rawUnit}s`);
  const amount = Number(obj.value);
  if (!unit) errors.add('default_deadline.type', `The type must be one of ${DEADLINE_UNITS.join(', ')}.`);
  const valid = isDurationValue(amount, unit);
  if (!valid) errors.add('default_deadline.value', 'The value must be a whole number from 0 to 100 years.');
  return unit && valid ? { type: unit, value: amount } : undefined;
}
