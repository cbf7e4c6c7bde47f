import { findOrganizationById } from '../../db/repositories/organizations-repository.js';
import {
  findMembership,
  findUserByEmail,
  findUserById,
  insertMembership,
  insertUser,
  setPasswordHash,
} from '../../db/repositories/users-repository.js';
import { FieldErrorCollector, notFound } from '../../domain/errors.js';
import { isValidEmail, normalizeEmail, ROLES, type Role, type User } from '../../domain/identity.js';
import { type AppContext, inTransaction, nowIso } from '../context.js';
import { hashPassword, MIN_PASSWORD_LENGTH } from './passwords.js';

export interface CreateMemberInput {
  organizationId: string;
  email: string;
  role: string;
  password?: string | undefined;
  firstName?: string | undefined;
  lastName?: string | undefined;
}

/**
 * Creates a user (or finds the existing one by email) and makes them an active member of the
 * organization with the given role. Used by the CLI and by tests' factories.
 */
export async function createMember(ctx: AppContext, input: CreateMemberInput): Promise<User> {
  const errors = new FieldErrorCollector();
  const email = normalizeEmail(input.email);
  if (!isValidEmail(email)) errors.add('email', 'The email must be a valid email address.');
  if (!ROLES.includes(input.role as Role)) errors.add('role', `The role must be one of ${ROLES.join(', ')}.`);
  if (input.password !== undefined && input.password.length < MIN_PASSWORD_LENGTH) {
    errors.add('password', `The password must be at least ${MIN_PASSWORD_LENGTH} characters.`);
  }
  errors.throwIfAny();
  const org = await findOrganizationById(ctx.db.kysely, input.organizationId);
  if (!org) throw notFound('ORGANIZATION_NOT_FOUND', 'Organization');

  const passwordHash = input.password ? await hashPassword(input.password) : null;
  const now = nowIso(ctx);
  return inTransaction(ctx, async (tx) => {
    const trx = tx.db.kysely;
    let user = await findUserByEmail(trx, email);
    if (!user) {
      const local = email.split('@')[0] ?? email;
      const id = await insertUser(trx, {
        email,
        firstName: input.firstName ?? local,
        lastName: input.lastName ?? '',
        passwordHash,
        timezone: org.timezone,
        now,
      });
      user = await findUserById(trx, id);
    } else if (passwordHash) {
      await setPasswordHash(trx, user.id, passwordHash, now);
    }
    if (!user) throw notFound('USER_NOT_FOUND', 'User');
    const membership = await findMembership(trx, org.id, user.id);
    if (!membership) {
      await insertMembership(trx, {
        organizationId: org.id,
        userId: user.id,
        role: input.role as Role,
        status: 'active',
        isDefaultAdmin: false,
        invitedBy: null,
        now,
      });
    }
    return user;
  });
}
