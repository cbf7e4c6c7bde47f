/** The parts of a launch request that need checking against the template and organization. */
import { findJobTitlesByIds } from '../../db/repositories/job-titles-repository.js';
import { findActiveMemberIds } from '../../db/repositories/task-owners-repository.js';
import { parseDateInput } from '../../domain/dates.js';
import { pushToWorkingTime } from '../../domain/deadlines.js';
import type { FieldErrorCollector } from '../../domain/errors.js';
import type { Organization } from '../../domain/identity.js';
import { isHexId } from '../../domain/ids.js';
import { stepJobTitleIds } from '../../domain/job-titles.js';
import { validateFormValues } from '../../domain/tasks/form-values.js';
import type { TaskOwners } from '../../domain/tasks/task.js';
import type { TemplateDefinition } from '../../domain/templates/definition.js';
import type { AppContext } from '../context.js';
import { checkFileFormValues } from '../files/form-file-values.js';
import type { StepOverride } from './launch-plan.js';
import type { LaunchProcessInput } from './launch-process.js';
import { type OwnersInput, resolveOwners } from './owners.js';

/**
 * Kick-off values validated against the frozen kick-off fields (unknown keys dropped);
 * `file` values must name kick-off uploads made to the template.
 */
export async function checkKickoff(
  tx: AppContext,
  organizationId: string,
  definition: TemplateDefinition,
  prerun: Record<string, unknown>,
  errors: FieldErrorCollector,
): Promise<Record<string, unknown>> {
  const kickoff = new Map(definition.kickoffFields.map((f) => [f.id, f]));
  const subject = { kind: 'template' as const, templateId: definition.id };
  const fields = definition.kickoffFields;
  const sent = await checkFileFormValues(tx, organizationId, subject, fields, prerun, {}, 'prerun', errors);
  const checked = validateFormValues(kickoff, sent, 'prerun');
  for (const [path, messages] of Object.entries(checked.errors))
    for (const m of messages) errors.add(path, m);
  return checked.values;
}

/** Per-step overrides (keyed by step id or alias): owners checked, deadlines pushed to working time. */
export async function checkOverrides(
  tx: AppContext,
  organization: Organization,
  definition: TemplateDefinition,
  tasks: NonNullable<LaunchProcessInput['tasks']>,
  errors: FieldErrorCollector,
): Promise<Map<string, StepOverride>> {
  const overrides = new Map<string, StepOverride>();
  for (const [key, value] of Object.entries(tasks)) {
    const step = definition.steps.find((s) => s.id === key || s.alias === key);
    const path = `tasks.${key}`;
    if (!step) {
      errors.add(path, 'There is no step with this id in the template.');
      continue;
    }
    const override: StepOverride = {};
    if (value.owners)
      override.owners = await resolveOwners(tx, organization.id, value.owners, `${path}.owners`, errors);
    if (value.deadline !== undefined) {
      const date = parseDateInput(value.deadline);
      if (!date) errors.add(`${path}.deadline`, 'The deadline is not a valid date.');
      else override.deadline = pushToWorkingTime(date, organization.workingDays, organization.timezone);
    }
    if (value.position !== undefined) override.position = value.position;
    if (value.maxAssignable !== undefined) override.maxAssignable = value.maxAssignable;
    overrides.set(step.id, override);
  }
  return overrides;
}

/** Collaborators (`users`) and the owner must be active members of the organization. */
export async function checkPeople(
  tx: AppContext,
  organizationId: string,
  input: Pick<LaunchProcessInput, 'users' | 'ownerId'>,
  errors: FieldErrorCollector,
): Promise<void> {
  const people = [...(input.users ?? []), ...(input.ownerId ? [input.ownerId] : [])];
  const members = await findActiveMemberIds(tx.db.kysely, organizationId, people);
  const strangers = (input.users ?? []).filter((u) => !members.has(u));
  if (strangers.length) errors.add('users', `Not active members: ${strangers.join(', ')}.`);
  if (input.ownerId && !members.has(input.ownerId))
    errors.add('owner_id', 'The owner must be an active member.');
}

/**
 * The launch's `roles`: for each job title (by id), the members, guests and groups filling it
 * in this process. Keys must be job titles of the organization; the people are checked like
 * any owners (a job title cannot be filled by another job title).
 */
export async function checkFilledRoles(
  tx: AppContext,
  organizationId: string,
  roles: Readonly<Record<string, OwnersInput>>,
  errors: FieldErrorCollector,
): Promise<Map<string, TaskOwners>> {
  const filled = new Map<string, TaskOwners>();
  const keys = Object.keys(roles);
  const known = await findJobTitlesByIds(
    tx.db.kysely,
    organizationId,
    keys.map((k) => k.toLowerCase()).filter(isHexId),
  );
  for (const key of keys) {
    const id = key.toLowerCase();
    const path = `roles.${key}`;
    if (!known.has(id)) {
      errors.add(path, 'There is no job title with this id in the organization.');
      continue;
    }
    const { roles: _nested, ...people } = roles[key] ?? {};
    const owners = await resolveOwners(tx, organizationId, people, path, errors);
    if (owners.users.length + owners.guests.length + owners.groups.length > 0) filled.set(id, owners);
  }
  return filled;
}

/** The job titles the definition's steps assign that the organization still has. */
export async function findJobTitleIdsOfSteps(
  tx: AppContext,
  organizationId: string,
  definition: TemplateDefinition,
): Promise<Set<string>> {
  const ids = definition.steps.flatMap((s) => stepJobTitleIds(s));
  return new Set((await findJobTitlesByIds(tx.db.kysely, organizationId, ids)).keys());
}
