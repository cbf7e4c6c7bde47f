import type { Selectable } from 'kysely';
import { rejected } from '../../domain/errors.js';
import { normalizeEmail } from '../../domain/identity.js';
import type { Guest, GuestDetails, GuestStatus } from '../../domain/people.js';
import type { Db } from '../database.js';
import { dialectOf, fromJson, toInt, toJson } from '../dialect.js';
import type { GuestsTable } from '../tables/people.js';
import { newCodeNonce, pendingCodeHash } from './guest-codes-repository.js';
import { matchesText } from './people-search.js';

/**
 * Guests of one organization. Every query is scoped by organization_id, and soft-deleted
 * guests (removed from the organization) are invisible unless a function says otherwise.
 */

export function toGuest(row: Selectable<GuestsTable>): Guest {
  return {
    id: row.id,
    organizationId: row.organization_id,
    email: row.email,
    firstName: row.first_name,
    lastName: row.last_name,
    details: fromJson<GuestDetails>(row.details, {}),
    status: row.status,
    lastKnownIp: row.last_known_ip,
    disabledAt: row.disabled_at,
    disabledBy: row.disabled_by,
    reactivatedAt: row.reactivated_at,
    reactivatedBy: row.reactivated_by,
    createdAt: row.created_at,
    lastUpdated: row.last_updated,
    lastAccessedAt: row.last_accessed_at,
    deletedAt: row.deleted_at,
  };
}

/** Guests by (lowercased) e-mail, in one query; e-mails with no guest are absent. */
export async function findGuestsByEmails(
  db: Db,
  organizationId: string,
  emails: readonly string[],
): Promise<Map<string, Guest>> {
  const result = new Map<string, Guest>();
  const wanted = [...new Set(emails.map(normalizeEmail))];
  if (wanted.length === 0) return result;
  const rows = await db
    .selectFrom('guests')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('email', 'in', wanted)
    .where('deleted_at', 'is', null)
    .execute();
  for (const row of rows) result.set(row.email, toGuest(row));
  return result;
}

/** Guests by id, in one query; ids of other organizations or removed guests are absent. */
export async function findGuestsByIds(
  db: Db,
  organizationId: string,
  ids: readonly number[],
): Promise<Map<number, Guest>> {
  const result = new Map<number, Guest>();
  if (ids.length === 0) return result;
  const rows = await db
    .selectFrom('guests')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('id', 'in', [...new Set(ids)])
    .where('deleted_at', 'is', null)
    .execute();
  for (const row of rows) result.set(row.id, toGuest(row));
  return result;
}

/** One guest by e-mail; `includeDeleted` also finds a removed guest (to revive it). */
export async function findGuestByEmail(
  db: Db,
  organizationId: string,
  email: string,
  options: { includeDeleted?: boolean } = {},
): Promise<Guest | undefined> {
  let query = db
    .selectFrom('guests')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('email', '=', normalizeEmail(email));
  if (!options.includeDeleted) query = query.where('deleted_at', 'is', null);
  const row = await query.executeTakeFirst();
  return row ? toGuest(row) : undefined;
}

/** The guest whose code hashes to `codeHash`, with the stored hash for a constant-time check. */
export async function findGuestByCodeHash(
  db: Db,
  organizationId: string,
  codeHash: string,
): Promise<{ guest: Guest; codeHash: string } | undefined> {
  const row = await db
    .selectFrom('guests')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('guest_code_hash', '=', codeHash)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return row ? { guest: toGuest(row), codeHash: row.guest_code_hash } : undefined;
}

export interface NewGuest {
  organizationId: string;
  email: string;
  firstName: string | null;
  lastName: string | null;
  details: GuestDetails;
  status: GuestStatus;
  now: string;
}

export async function insertGuest(db: Db, guest: NewGuest): Promise<number> {
  const row = await db
    .insertInto('guests')
    .values({
      organization_id: guest.organizationId,
      email: normalizeEmail(guest.email),
      first_name: guest.firstName,
      last_name: guest.lastName,
      details: toJson(guest.details),
      status: guest.status,
      guest_code_hash: pendingCodeHash(),
      code_nonce: newCodeNonce(),
      created_at: guest.now,
      last_updated: guest.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * The guests for these e-mails, creating the missing ones (as Tallyfy does when a process is
 * launched or a task assigned to a new e-mail). A removed guest is brought back. A guest is
 * never also a member: an e-mail of a member refuses the whole call with 422
 * EMAIL_IS_MEMBER (details.emails), before anything is written. Returns every e-mail's
 * guest, keyed by lowercased e-mail (disabled guests included).
 */
export async function ensureGuests(
  db: Db,
  organizationId: string,
  emails: readonly string[],
  now: string,
): Promise<Map<string, Guest>> {
  const wanted = [...new Set(emails.map(normalizeEmail))];
  if (wanted.length === 0) return new Map();
  const members = await findMemberEmails(db, organizationId, wanted);
  if (members.length > 0) {
    throw rejected(
      'EMAIL_IS_MEMBER',
      `Already members of the organization, so not guests: ${members.join(', ')}.`,
      {
        emails: members,
      },
    );
  }
  const existing = await db
    .selectFrom('guests')
    .select(['id', 'email', 'deleted_at'])
    .where('organization_id', '=', organizationId)
    .where('email', 'in', wanted)
    .execute();
  const removed = existing.filter((r) => r.deleted_at !== null).map((r) => r.id);
  if (removed.length > 0) await reviveGuests(db, organizationId, removed, now);
  const known = new Set(existing.map((r) => r.email));
  const missing = wanted.filter((email) => !known.has(email));
  if (missing.length > 0) {
    await db
      .insertInto('guests')
      .values(
        missing.map((email) => ({
          organization_id: organizationId,
          email,
          first_name: null,
          last_name: null,
          details: toJson({}),
          status: 'active' as const,
          guest_code_hash: pendingCodeHash(),
          code_nonce: newCodeNonce(),
          created_at: now,
          last_updated: now,
        })),
      )
      .execute();
  }
  return findGuestsByEmails(db, organizationId, wanted);
}

/** Which of these (lowercased) e-mails belong to members of the organization, in any status. */
export async function findMemberEmails(
  db: Db,
  organizationId: string,
  emails: readonly string[],
): Promise<string[]> {
  if (emails.length === 0) return [];
  const rows = await db
    .selectFrom('users')
    .innerJoin('memberships', 'memberships.user_id', 'users.id')
    .select('users.email')
    .where('memberships.organization_id', '=', organizationId)
    .where('users.email', 'in', [...new Set(emails)])
    .execute();
  return rows.map((r) => r.email);
}

/** Brings removed guests back as new: active, with a fresh code and cleared history. */
export async function reviveGuests(db: Db, organizationId: string, ids: readonly number[], now: string) {
  for (const id of ids) {
    await db
      .updateTable('guests')
      .set({
        deleted_at: null,
        status: 'active',
        guest_code_hash: pendingCodeHash(),
        code_nonce: newCodeNonce(),
        disabled_at: null,
        disabled_by: null,
        created_at: now,
        last_updated: now,
      })
      .where('organization_id', '=', organizationId)
      .where('id', '=', id)
      .execute();
  }
}

export interface GuestChanges {
  firstName?: string | null;
  lastName?: string | null;
  details?: GuestDetails;
  status?: GuestStatus;
  disabledAt?: string | null;
  disabledBy?: number | null;
  reactivatedAt?: string | null;
  reactivatedBy?: number | null;
  deletedAt?: string | null;
}

export async function updateGuest(
  db: Db,
  organizationId: string,
  id: number,
  changes: GuestChanges,
  now: string,
): Promise<void> {
  const set: Record<string, unknown> = { last_updated: now };
  if (changes.firstName !== undefined) set.first_name = changes.firstName;
  if (changes.lastName !== undefined) set.last_name = changes.lastName;
  if (changes.details !== undefined) set.details = toJson(changes.details);
  if (changes.status !== undefined) set.status = changes.status;
  if (changes.disabledAt !== undefined) set.disabled_at = changes.disabledAt;
  if (changes.disabledBy !== undefined) set.disabled_by = changes.disabledBy;
  if (changes.reactivatedAt !== undefined) set.reactivated_at = changes.reactivatedAt;
  if (changes.reactivatedBy !== undefined) set.reactivated_by = changes.reactivatedBy;
  if (changes.deletedAt !== undefined) {
    set.deleted_at = changes.deletedAt;
    // A removed guest's link stops working at once.
    if (changes.deletedAt !== null) set.guest_code_hash = pendingCodeHash();
  }
  await db
    .updateTable('guests')
    .set(set)
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .execute();
}

/** Records a guest's visit (at most once a minute, decided by the caller). */
export async function touchGuest(
  db: Db,
  organizationId: string,
  id: number,
  now: string,
  ip: string | null,
): Promise<void> {
  await db
    .updateTable('guests')
    .set({ last_accessed_at: now, last_known_ip: ip })
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .execute();
}

/** Permanently removes a guest; group rows go with it (foreign keys cascade). */
export async function deleteGuestRow(db: Db, organizationId: string, id: number): Promise<void> {
  await db.deleteFrom('guests').where('organization_id', '=', organizationId).where('id', '=', id).execute();
}

export const GUEST_SORT_FIELDS = [
  'created_at',
  'email',
  'first_name',
  'last_name',
  'last_accessed_at',
] as const;
export type GuestSortField = (typeof GUEST_SORT_FIELDS)[number];

export interface GuestListFilter {
  q?: string | undefined;
  status?: GuestStatus | undefined;
  sort: { field: GuestSortField; direction: 'asc' | 'desc' };
  offset: number;
  limit: number | undefined;
}

/** One page of an organization's guests, `q` matching e-mail or name. */
export async function listGuests(
  db: Db,
  organizationId: string,
  filter: GuestListFilter,
): Promise<{ items: Guest[]; total: number }> {
  const dialect = dialectOf(db);
  let base = db
    .selectFrom('guests')
    .where('organization_id', '=', organizationId)
    .where('deleted_at', 'is', null);
  if (filter.status) base = base.where('status', '=', filter.status);
  if (filter.q) base = base.where(matchesText(dialect, ['email', 'first_name', 'last_name'], filter.q));
  const count = await base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst();
  let query = base.selectAll().orderBy(filter.sort.field, filter.sort.direction).orderBy('id');
  if (filter.limit !== undefined) query = query.limit(filter.limit).offset(filter.offset);
  return { items: (await query.execute()).map(toGuest), total: toInt(count?.n) };
}
