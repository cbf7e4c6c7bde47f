import type { Selectable } from 'kysely';
import type { Membership, Role, User } from '../../domain/identity.js';
import type { Db } from '../database.js';
import { toBool } from '../dialect.js';
import type { MembershipsTable, UsersTable } from '../tables/identity.js';

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
