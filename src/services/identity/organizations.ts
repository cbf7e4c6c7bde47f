import {
  countActiveMembers,
  findOrganizationById,
  insertOrganization,
  updateOrganization,
} from '../../db/repositories/organizations-repository.js';
import { isDurationValue } from '../../domain/deadlines.js';
import { FieldErrorCollector, forbidden, notFound } from '../../domain/errors.js';
import {
  type DefaultDeadline,
  defaultWorkingDays,
  isValidTimezone,
  type Organization,
  WEEKDAYS,
  type WorkingDays,
} from '../../domain/identity.js';
import { newHexId, slugify } from '../../domain/ids.js';
import { generateSecret } from '../../domain/tokens.js';
import { type AppContext, type MemberActor, nowIso } from '../context.js';

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
  errors.throwIfAny();
  const id = newHexId();
  await insertOrganization(ctx.db.kysely, {
    id,
    name,
    slug: slugify(name, 'organization'),
    description: null,
    timezone,
    workingDays: defaultWorkingDays(),
    defaultDeadline: { type: 'days', value: 5 },
    settings: { ...DEFAULT_ORGANIZATION_SETTINGS },
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

export interface OrganizationView {
  organization: Organization;
  usersCount: number;
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
  if (actor.role !== 'admin')
    throw forbidden('ADMIN_ONLY', 'Only administrators can change the organization.');
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
  await updateOrganization(
    ctx.db.kysely,
    current.id,
    {
      ...(input.name !== undefined ? { name: input.name.trim() } : {}),
      ...(input.description !== undefined ? { description: input.description } : {}),
      ...(input.timezone !== undefined ? { timezone: input.timezone } : {}),
      ...(workingDays ? { workingDays } : {}),
      ...(defaultDeadline ? { defaultDeadline } : {}),
      settings,
    },
    nowIso(ctx),
  );
  return getOrganization(ctx, actor);
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
