import { findGroupsByIds } from '../../db/repositories/groups-repository.js';
import { ensureGuests } from '../../db/repositories/guests-repository.js';
import { findJobTitlesByIds } from '../../db/repositories/job-titles-repository.js';
import { findActiveMemberIds } from '../../db/repositories/task-owners-repository.js';
import type { FieldErrorCollector } from '../../domain/errors.js';
import { isValidEmail, normalizeEmail } from '../../domain/identity.js';
import { isHexId } from '../../domain/ids.js';
import { isIntegerId } from '../../domain/limits.js';
import type { TaskOwners } from '../../domain/tasks/task.js';
import type { AppContext } from '../context.js';

/** Owners as a client sends them; each bucket optional (a missing bucket is empty). */
export interface OwnersInput {
  users?: unknown[] | undefined;
  guests?: unknown[] | undefined;
  groups?: unknown[] | undefined;
  /** Job-title ids (the wire's `roles`). */
  roles?: unknown[] | undefined;
}

/** Member ids may arrive as numbers, numeric strings or `{id}` objects (read back from a GET). */
function userIdOf(value: unknown): number | undefined {
  const raw = value && typeof value === 'object' ? (value as { id?: unknown }).id : value;
  const n = typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : raw;
  return isIntegerId(n) ? n : undefined;
}

function textOf(value: unknown, key: string): string | undefined {
  const raw = value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : value;
  return typeof raw === 'string' ? raw : undefined;
}

function hexIdsOf(
  values: readonly unknown[] | undefined,
  path: string,
  what: string,
  errors: FieldErrorCollector,
) {
  const ids: string[] = [];
  for (const value of values ?? []) {
    const id = textOf(value, 'id');
    if (id === undefined || !isHexId(id.toLowerCase()))
      errors.add(path, `Each ${what} must be a ${what} id.`);
    else if (!ids.includes(id.toLowerCase())) ids.push(id.toLowerCase());
  }
  return ids;
}

/**
 * Checks owners against the organization (active members, well-formed e-mails, existing
 * groups and job titles), recording problems under `<path>.users|guests|groups|roles`.
 * Call inside the transaction that assigns them.
 */
export async function resolveOwners(
  tx: AppContext,
  organizationId: string,
  input: OwnersInput,
  path: string,
  errors: FieldErrorCollector,
): Promise<TaskOwners> {
  const users: number[] = [];
  for (const value of input.users ?? []) {
    const id = userIdOf(value);
    if (id === undefined) errors.add(`${path}.users`, 'Each user must be a member id.');
    else if (!users.includes(id)) users.push(id);
  }
  const guests: string[] = [];
  for (const value of input.guests ?? []) {
    const email = textOf(value, 'email');
    if (email === undefined || !isValidEmail(email.trim()))
      errors.add(`${path}.guests`, 'Each guest must be an e-mail.');
    else if (!guests.includes(normalizeEmail(email))) guests.push(normalizeEmail(email));
  }
  const groups = hexIdsOf(input.groups, `${path}.groups`, 'group', errors);
  const roles = hexIdsOf(input.roles, `${path}.roles`, 'job title', errors);
  const members = await findActiveMemberIds(tx.db.kysely, organizationId, users);
  const unknownUsers = users.filter((u) => !members.has(u));
  if (unknownUsers.length) errors.add(`${path}.users`, `Not active members: ${unknownUsers.join(', ')}.`);
  const found = await findGroupsByIds(tx.db.kysely, organizationId, groups);
  const unknownGroups = groups.filter((g) => !found.has(g));
  if (unknownGroups.length) errors.add(`${path}.groups`, `Unknown groups: ${unknownGroups.join(', ')}.`);
  const jobTitles = await findJobTitlesByIds(tx.db.kysely, organizationId, roles);
  const unknownRoles = roles.filter((r) => !jobTitles.has(r));
  if (unknownRoles.length) errors.add(`${path}.roles`, `Unknown job titles: ${unknownRoles.join(', ')}.`);
  return { users, guests, groups, roles };
}

/** Creates guest records for the owners' e-mails (after validation passed). */
export async function ensureOwnerGuests(
  tx: AppContext,
  organizationId: string,
  owners: TaskOwners,
): Promise<void> {
  if (owners.guests.length)
    await ensureGuests(tx.db.kysely, organizationId, owners.guests, tx.clock.now().toISOString());
}
