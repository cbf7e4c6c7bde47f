/**
 * A member's own account: their profile, password, tokens and the organizations they see.
 * Password changes keep the session that made them and end every other one.
 */

import { revokeOtherTokensOfUser } from '../../db/repositories/tokens-repository.js';
import {
  findMember,
  findPasswordHash,
  setPasswordHash,
  updateUserProfile,
} from '../../db/repositories/users-repository.js';
import { invalidFields, notFound } from '../../domain/errors.js';
import type { User } from '../../domain/identity.js';
import type { PageRequest } from '../../domain/pagination.js';
import { newPasswordProblems } from '../../domain/passwords.js';
import type { Member } from '../../domain/people.js';
import { type AppContext, inTransaction, type MemberActor, nowIso, type Principal } from '../context.js';
import { recordActivities } from '../events/record.js';
import { authorize, memberNotFound } from '../people/access.js';
import { requestEmailChange } from './email-change.js';
import { getCurrentUser, listMyOrganizations } from './me.js';
import { hashPassword, verifyPassword } from './passwords.js';
import { type ProfileInput, recordProfileChange, validateProfile } from './profile.js';
import { recordSecurityEvents } from './security-events.js';
import { reserveAttempts, settleFailure, settleSuccess } from './throttle.js';

/** Wrong current passwords a member may give per quarter hour before the check locks. */
const CURRENT_PASSWORD_MAX = 5;
const CURRENT_PASSWORD_WINDOW_SECONDS = 15 * 60;

/** `GET /organizations/{org}/me`: the member with their membership in this organization. */
export async function getOwnMembership(ctx: AppContext, actor: MemberActor): Promise<Member> {
  await authorize(ctx, actor, 'account.manage');
  const member = await findMember(ctx.db.kysely, actor.organizationId, actor.userId);
  if (!member) throw memberNotFound();
  return member;
}

/** `PUT /organizations/{org}/me`: names and profile fields; the role is never the member's to set. */
export async function updateOwnAccount(
  ctx: AppContext,
  actor: MemberActor,
  input: ProfileInput,
): Promise<Member> {
  await authorize(ctx, actor, 'account.manage');
  validateProfile(input);
  return inTransaction(ctx, async (tx) => {
    const before = await getOwnMembership(tx, actor);
    await updateUserProfile(tx.db.kysely, actor.userId, input, nowIso(tx));
    const after = await getOwnMembership(tx, actor);
    await recordProfileChange(tx, actor.organizationId, actor.userId, before, after);
    return after;
  });
}

export interface PasswordChangeInput {
  currentPassword: string;
  newPassword: string;
}

/**
 * `PUT …/me/update-password`: the current password proves it is the member (a stolen token
 * alone cannot take the account over; wrong guesses are throttled), the new one must be
 * long enough and not a common password. Every other token of theirs is revoked.
 */
export async function updateOwnPassword(
  ctx: AppContext,
  actor: MemberActor,
  input: PasswordChangeInput,
  clientAddress: string,
): Promise<Member> {
  await authorize(ctx, actor, 'account.manage');
  const user = await getCurrentUser(ctx, actor);
  await assertCurrentPassword(ctx, user, input.currentPassword, 'old_password', clientAddress);
  const problems = newPasswordProblems(input.newPassword, { email: user.email });
  if (input.newPassword === input.currentPassword)
    problems.push('The new password must differ from the current one.');
  if (problems.length > 0) throw invalidFields('PASSWORD_TOO_WEAK', { new_password: problems });
  const hash = await hashPassword(input.newPassword);
  return inTransaction(ctx, async (tx) => {
    const now = nowIso(tx);
    await setPasswordHash(tx.db.kysely, actor.userId, hash, now);
    await revokeOtherTokensOfUser(tx.db.kysely, actor.userId, actor.tokenId, now);
    await recordActivities(tx, actor.organizationId, { type: 'user', id: actor.userId }, [
      {
        action: 'password_changed',
        objectType: 'user',
        objectId: String(actor.userId),
        field: 'password',
        oldValue: null,
        newValue: null,
      },
    ]);
    await recordSecurityEvents(tx, [
      { userId: actor.userId, event: 'password_changed', outcome: 'succeeded', clientAddress },
      { userId: actor.userId, event: 'token_revoked', outcome: 'succeeded', clientAddress },
    ]);
    return getOwnMembership(tx, actor);
  });
}

/**
 * Checks a password the member typed to confirm a sensitive change, within a per-account
 * limit, and records a failure as a security event. Throws 422 with `field` on a mismatch.
 */
export async function assertCurrentPassword(
  ctx: AppContext,
  user: User,
  password: string,
  field: string,
  clientAddress: string,
): Promise<void> {
  const held = await reserveAttempts(ctx, [
    {
      key: `password-check:${user.id}`,
      max: CURRENT_PASSWORD_MAX,
      windowSeconds: CURRENT_PASSWORD_WINDOW_SECONDS,
    },
  ]);
  const hash = await findPasswordHash(ctx.db.kysely, user.id);
  if (!(await verifyPassword(hash, password))) {
    await settleFailure(ctx, held);
    await recordSecurityEvents(ctx, [
      { userId: user.id, event: 'password_changed', outcome: 'failed', clientAddress },
    ]);
    throw invalidFields('CURRENT_PASSWORD_INCORRECT', { [field]: ['The current password is incorrect.'] });
  }
  await settleSuccess(ctx, held, []);
}

/** `DELETE …/me/delete-active-tokens`: signs out everywhere but here; returns how many ended. */
export async function deleteOtherActiveTokens(
  ctx: AppContext,
  actor: MemberActor,
  clientAddress: string,
): Promise<number> {
  await authorize(ctx, actor, 'account.manage');
  return inTransaction(ctx, async (tx) => {
    const count = await revokeOtherTokensOfUser(tx.db.kysely, actor.userId, actor.tokenId, nowIso(tx));
    await recordSecurityEvents(tx, [
      { userId: actor.userId, event: 'token_revoked', outcome: 'succeeded', clientAddress },
    ]);
    await recordActivities(tx, actor.organizationId, { type: 'user', id: actor.userId }, [
      {
        action: 'tokens_revoked',
        objectType: 'user',
        objectId: String(actor.userId),
        field: null,
        oldValue: null,
        newValue: count,
      },
    ]);
    return count;
  });
}

const onlyYourself = () => notFound('USER_NOT_FOUND', 'User');

/** `GET /current-user/{id}`: the caller's own global profile; anyone else's id is not found. */
export async function getCurrentUserById(
  ctx: AppContext,
  principal: Principal,
  userId: number,
): Promise<User> {
  if (userId !== principal.userId) throw onlyYourself();
  return getCurrentUser(ctx, principal);
}

/** `GET /current-user/{id}/organizations`: as `/me/organizations`, for the caller's own id only. */
export async function listCurrentUserOrganizations(
  ctx: AppContext,
  principal: Principal,
  userId: number,
  page: PageRequest,
  q: string | undefined,
) {
  if (userId !== principal.userId) throw onlyYourself();
  return listMyOrganizations(ctx, principal, page, q);
}

export interface OwnEmailChangeInput {
  email: string;
  password: string;
}

/**
 * `PUT …/me/update-email`: with the current password, sends a confirmation link to the new
 * address; the account's address changes only when the link is followed.
 */
export async function requestOwnEmailChange(
  ctx: AppContext,
  actor: MemberActor,
  input: OwnEmailChangeInput,
  clientAddress: string,
): Promise<Member> {
  await authorize(ctx, actor, 'account.manage');
  const user = await getCurrentUser(ctx, actor);
  await assertCurrentPassword(ctx, user, input.password, 'password', clientAddress);
  return inTransaction(ctx, async (tx) => {
    await requestEmailChange(tx, actor, {
      user,
      newEmail: input.email,
      keepTokenId: actor.tokenId,
      clientAddress,
    });
    return getOwnMembership(tx, actor);
  });
}
