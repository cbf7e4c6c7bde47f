import { type Selectable, sql } from 'kysely';
import type { Membership, Role, User } from '../../domain/identity.js';
import type { Member } from '../../domain/people.js';
import type { Db } from '../database.js';
import { dialectOf, lockForUpdate, toBool, toInt } from '../dialect.js';
import type { MembershipsTable, UsersTable } from '../tables/identity.js';
import { matchesText } from './people-search.js';

export function toUser(row: Selectable<UsersTable>): User {
  return {
    id: row.id,
    email: row.email,
    firstName: row.first_name,
    lastName: row.last_name,
    timezone: row.timezone,
    phone: row.phone,
    jobTitle: row.job_title,
    jobDescription: row.job_description,
    team: row.team,
    dateFormat: row.date_format,
    locale: row.locale,
    profilePic: row.profile_pic,
    lastLoginAt: row.last_login_at,
    createdAt: row.created_at,
    lastUpdated: row.last_updated,
    hasPassword: row.password_hash !== null,
  };
}

export function toMembership(row: Selectable<MembershipsTable>): Membership {
  return {
    organizationId: row.organization_id,
    userId: row.user_id,
    role: row.role,
    status: row.status,
    isDefaultAdmin: toBool(row.is_default_admin),
    invitedBy: row.invited_by,
    approvedAt: row.approved_at,
    disabledAt: row.disabled_at,
    disabledBy: row.disabled_by,
    reactivatedAt: row.reactivated_at,
    reactivatedBy: row.reactivated_by,
    createdAt: row.created_at,
  };
}

export interface NewUser {
  email: string;
  firstName: string;
  lastName: string;
  passwordHash: string | null;
  timezone: string;
  now: string;
}

export async function insertUser(db: Db, user: NewUser): Promise<number> {
  const row = await db
    .insertInto('users')
    .values({
      email: user.email,
      first_name: user.firstName,
      last_name: user.lastName,
      password_hash: user.passwordHash,
      timezone: user.timezone,
      date_format: 'mm/dd/yyyy',
      locale: 'en',
      created_at: user.now,
      last_updated: user.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function findUserById(db: Db, id: number): Promise<User | undefined> {
  const row = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toUser(row) : undefined;
}

export async function findUsersByIds(db: Db, ids: readonly number[]): Promise<Map<number, User>> {
  const result = new Map<number, User>();
  if (ids.length === 0) return result;
  const rows = await db
    .selectFrom('users')
    .selectAll()
    .where('id', 'in', [...new Set(ids)])
    .execute();
  for (const row of rows) result.set(row.id, toUser(row));
  return result;
}

export async function findUserByEmail(db: Db, email: string): Promise<User | undefined> {
  const row = await db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
  return row ? toUser(row) : undefined;
}

/** The stored password hash, for login only. */
export async function findPasswordHash(db: Db, userId: number): Promise<string | null> {
  const row = await db
    .selectFrom('users')
    .select('password_hash')
    .where('id', '=', userId)
    .executeTakeFirst();
  return row?.password_hash ?? null;
}

export async function setPasswordHash(db: Db, userId: number, hash: string, now: string): Promise<void> {
  await db
    .updateTable('users')
    .set({ password_hash: hash, last_updated: now })
    .where('id', '=', userId)
    .execute();
}

export async function recordLogin(db: Db, userId: number, now: string): Promise<void> {
  await db.updateTable('users').set({ last_login_at: now }).where('id', '=', userId).execute();
}

export async function findMembership(
  db: Db,
  organizationId: string,
  userId: number,
): Promise<Membership | undefined> {
  const row = await db
    .selectFrom('memberships')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row ? toMembership(row) : undefined;
}

export interface NewMembership {
  organizationId: string;
  userId: number;
  role: Role;
  status: Membership['status'];
  isDefaultAdmin: boolean;
  invitedBy: number | null;
  now: string;
}

export async function insertMembership(db: Db, m: NewMembership): Promise<void> {
  await db
    .insertInto('memberships')
    .values({
      organization_id: m.organizationId,
      user_id: m.userId,
      role: m.role,
      status: m.status,
      is_default_admin: m.isDefaultAdmin,
      invited_by: m.invitedBy,
      approved_at: m.status === 'active' ? m.now : null,
      created_at: m.now,
      last_updated: m.now,
    })
    .execute();
}

// ---- Members of one organization (issue 6): batch look-ups, listing, membership changes.

/** Members (any status) of the organization among `userIds`, in one query. */
export async function findMembersOfOrganization(
  db: Db,
  organizationId: string,
  userIds: readonly number[],
): Promise<Map<number, Member>> {
  const result = new Map<number, Member>();
  if (userIds.length === 0) return result;
  const rows = await memberQuery(db, organizationId)
    .where('memberships.user_id', 'in', [...new Set(userIds)])
    .execute();
  for (const row of rows) result.set(row.id, toMember(row));
  return result;
}

export async function findMember(
  db: Db,
  organizationId: string,
  userId: number,
): Promise<Member | undefined> {
  return (await findMembersOfOrganization(db, organizationId, [userId])).get(userId);
}

/** Members (any status) by lowercased e-mail, in one query. */
export async function findMembersByEmails(
  db: Db,
  organizationId: string,
  emails: readonly string[],
): Promise<Map<string, Member>> {
  const result = new Map<string, Member>();
  if (emails.length === 0) return result;
  const rows = await memberQuery(db, organizationId)
    .where('users.email', 'in', [...new Set(emails)])
    .execute();
  for (const row of rows) result.set(row.email, toMember(row));
  return result;
}

export const MEMBER_SORT_FIELDS = [
  'first_name',
  'last_name',
  'email',
  'created_at',
  'last_login_at',
] as const;
export type MemberSortField = (typeof MEMBER_SORT_FIELDS)[number];

export interface MemberListFilter {
  q?: string | undefined;
  role?: Role | undefined;
  status?: Membership['status'] | undefined;
  sort: { field: MemberSortField; direction: 'asc' | 'desc' };
  offset: number;
  limit: number | undefined;
}

/** One page of the organization's members (every status unless filtered), `q` on name/e-mail. */
export async function listMembers(
  db: Db,
  organizationId: string,
  filter: MemberListFilter,
): Promise<{ items: Member[]; total: number }> {
  const dialect = dialectOf(db);
  let base = db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .where('memberships.organization_id', '=', organizationId);
  if (filter.role) base = base.where('memberships.role', '=', filter.role);
  if (filter.status) base = base.where('memberships.status', '=', filter.status);
  if (filter.q) {
    base = base.where(matchesText(dialect, ['users.email', 'users.first_name', 'users.last_name'], filter.q));
  }
  const count = await base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst();
  const column = filter.sort.field === 'created_at' ? 'memberships.created_at' : `users.${filter.sort.field}`;
  let query = base
    .selectAll('users')
    .select(MEMBERSHIP_COLUMNS)
    .orderBy(sql.ref(column), filter.sort.direction)
    .orderBy('users.id');
  if (filter.limit !== undefined) query = query.limit(filter.limit).offset(filter.offset);
  return { items: (await query.execute()).map(toMember), total: toInt(count?.n) };
}

export interface MembershipChanges {
  role?: Role;
  status?: Membership['status'];
  approvedAt?: string | null;
  disabledAt?: string | null;
  disabledBy?: number | null;
  reactivatedAt?: string | null;
  reactivatedBy?: number | null;
  invitedBy?: number | null;
}

export async function updateMembership(
  db: Db,
  organizationId: string,
  userId: number,
  changes: MembershipChanges,
  now: string,
): Promise<void> {
  const set: Record<string, unknown> = { last_updated: now };
  if (changes.role !== undefined) set.role = changes.role;
  if (changes.status !== undefined) set.status = changes.status;
  if (changes.approvedAt !== undefined) set.approved_at = changes.approvedAt;
  if (changes.disabledAt !== undefined) set.disabled_at = changes.disabledAt;
  if (changes.disabledBy !== undefined) set.disabled_by = changes.disabledBy;
  if (changes.reactivatedAt !== undefined) set.reactivated_at = changes.reactivatedAt;
  if (changes.reactivatedBy !== undefined) set.reactivated_by = changes.reactivatedBy;
  if (changes.invitedBy !== undefined) set.invited_by = changes.invitedBy;
  await db
    .updateTable('memberships')
    .set(set)
    .where('organization_id', '=', organizationId)
    .where('user_id', '=', userId)
    .execute();
}

export async function deleteMembership(db: Db, organizationId: string, userId: number): Promise<void> {
  await db
    .deleteFrom('memberships')
    .where('organization_id', '=', organizationId)
    .where('user_id', '=', userId)
    .execute();
}

/**
 * Ids of the organization's active admins. With `lock`, their rows stay locked until the
 * transaction ends, so two concurrent demotions cannot both leave "one other admin".
 */
export async function findActiveAdminIds(
  db: Db,
  organizationId: string,
  options: { lock?: boolean } = {},
): Promise<number[]> {
  const dialect = dialectOf(db);
  let query = db
    .selectFrom('memberships')
    .select('user_id')
    .where('organization_id', '=', organizationId)
    .where('role', '=', 'admin')
    .where('status', '=', 'active');
  if (options.lock) query = lockForUpdate(query, dialect);
  return (await query.execute()).map((r) => r.user_id);
}

/** How many organizations a user belongs to in any status (to keep or drop the account). */
export async function countMembershipsOfUser(db: Db, userId: number): Promise<number> {
  const row = await db
    .selectFrom('memberships')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return toInt(row?.n);
}

export async function updateUserNames(
  db: Db,
  userId: number,
  names: { firstName?: string; lastName?: string },
  now: string,
): Promise<void> {
  await db
    .updateTable('users')
    .set({
      ...(names.firstName !== undefined ? { first_name: names.firstName } : {}),
      ...(names.lastName !== undefined ? { last_name: names.lastName } : {}),
      last_updated: now,
    })
    .where('id', '=', userId)
    .execute();
}

const MEMBERSHIP_COLUMNS = [
  'memberships.organization_id',
  'memberships.user_id',
  'memberships.role',
  'memberships.status',
  'memberships.is_default_admin',
  'memberships.invited_by',
  'memberships.approved_at',
  'memberships.disabled_at',
  'memberships.disabled_by',
  'memberships.reactivated_at',
  'memberships.reactivated_by',
  'memberships.created_at as membership_created_at',
  'memberships.last_updated as membership_last_updated',
] as const;

function memberQuery(db: Db, organizationId: string) {
  return db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .selectAll('users')
    .select(MEMBERSHIP_COLUMNS)
    .where('memberships.organization_id', '=', organizationId);
}

type MemberRow = Selectable<UsersTable> &
  Omit<Selectable<MembershipsTable>, 'created_at' | 'last_updated'> & {
    membership_created_at: string;
    membership_last_updated: string;
  };

function toMember(row: MemberRow): Member {
  return {
    user: toUser(row),
    membership: toMembership({
      ...row,
      created_at: row.membership_created_at,
      last_updated: row.membership_last_updated,
    }),
  };
}

/** The profile fields a member edits (own account) or an administrator edits for them. */
export interface ProfileChanges {
  firstName?: string;
  lastName?: string;
  phone?: string | null;
  jobTitle?: string | null;
  jobDescription?: string | null;
  team?: string | null;
  timezone?: string;
  dateFormat?: string;
}

const PROFILE_COLUMNS: Record<keyof ProfileChanges, keyof UsersTable> = {
  firstName: 'first_name',
  lastName: 'last_name',
  phone: 'phone',
  jobTitle: 'job_title',
  jobDescription: 'job_description',
  team: 'team',
  timezone: 'timezone',
  dateFormat: 'date_format',
};

export async function updateUserProfile(
  db: Db,
  userId: number,
  changes: ProfileChanges,
  now: string,
): Promise<void> {
  const set: Record<string, unknown> = { last_updated: now };
  for (const [key, column] of Object.entries(PROFILE_COLUMNS)) {
    const value = changes[key as keyof ProfileChanges];
    if (value !== undefined) set[column] = value;
  }
  await db.updateTable('users').set(set).where('id', '=', userId).execute();
}

export async function setUserEmail(db: Db, userId: number, email: string, now: string): Promise<void> {
  await db.updateTable('users').set({ email, last_updated: now }).where('id', '=', userId).execute();
}

export async function setProfilePicture(
  db: Db,
  userId: number,
  picture: string | null,
  now: string,
): Promise<void> {
  await db
    .updateTable('users')
    .set({ profile_pic: picture, last_updated: now })
    .where('id', '=', userId)
    .execute();
}

/**
 * Makes `userId` the organization's one default admin. Call inside the transaction that
 * decides it: the two updates commit together, so there is never none and never two.
 */
export async function setDefaultAdmin(
  db: Db,
  organizationId: string,
  userId: number,
  now: string,
): Promise<void> {
  await db
    .updateTable('memberships')
    .set({ is_default_admin: false, last_updated: now })
    .where('organization_id', '=', organizationId)
    .where('user_id', '!=', userId)
    .where('is_default_admin', '=', true)
    .execute();
  await db
    .updateTable('memberships')
    .set({ is_default_admin: true, last_updated: now })
    .where('organization_id', '=', organizationId)
    .where('user_id', '=', userId)
    .execute();
}

/** Members of the organization in sign-up order, a page at a time (the CSV export). */
export async function listMembersChunk(
  db: Db,
  organizationId: string,
  afterUserId: number,
  limit: number,
): Promise<Member[]> {
  const rows = await memberQuery(db, organizationId)
    .where('memberships.user_id', '>', afterUserId)
    .orderBy('memberships.user_id')
    .limit(limit)
    .execute();
  return rows.map(toMember);
}

/** True when another account already uses the address (lowercased). */
export async function emailInUse(db: Db, email: string, exceptUserId: number): Promise<boolean> {
  const row = await db
    .selectFrom('users')
    .select('id')
    .where('email', '=', email)
    .where('id', '!=', exceptUserId)
    .executeTakeFirst();
  return row !== undefined;
}

/** Users sharing at least one organization with `viewerId` among `userId` (for pictures). */
export async function sharesOrganization(db: Db, viewerId: number, userId: number): Promise<boolean> {
  if (viewerId === userId) return true;
  const row = await db
    .selectFrom('memberships as a')
    .innerJoin('memberships as b', 'b.organization_id', 'a.organization_id')
    .select('a.organization_id')
    .where('a.user_id', '=', viewerId)
    .where('a.status', '=', 'active')
    .where('b.user_id', '=', userId)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
