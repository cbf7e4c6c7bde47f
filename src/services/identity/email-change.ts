/**
 * Changing an account's e-mail address: asked for by the member (with their password) or by
 * an administrator, confirmed by the link sent to the new address. Until the link is
 * followed the account keeps its old address, so a typo or a stolen session cannot move
 * the account to an address its owner does not read.
 */
import {
  deletePendingEmailChanges,
  findEmailChangeByTokenHash,
  insertEmailChange,
  markEmailChangeConfirmed,
} from '../../db/repositories/email-changes-repository.js';
import { revokeOtherTokensOfUser, revokeTokensOfUser } from '../../db/repositories/tokens-repository.js';
import { emailInUse, findUserById, setUserEmail } from '../../db/repositories/users-repository.js';
import { conflict, invalidFields, notFound } from '../../domain/errors.js';
import { isValidEmail, normalizeEmail, type User } from '../../domain/identity.js';
import { newHexId } from '../../domain/ids.js';
import { generateSecret, hashSecret } from '../../domain/tokens.js';
import { type AppContext, inTransaction, type MemberActor, nowIso } from '../context.js';
import { queueEmail } from '../email/queue-email.js';
import { recordActivities } from '../events/record.js';
import { publicBase } from '../notifications/mail-links.js';
import { recordSecurityEvents } from './security-events.js';

/** How long a confirmation link works. */
export const EMAIL_CHANGE_TTL_SECONDS = 24 * 3600;

export interface EmailChangeRequest {
  /** Whose address changes. */
  user: User;
  newEmail: string;
  /** The token to keep signed in when the change revokes the account's others (own changes). */
  keepTokenId: string | null;
  clientAddress: string;
}

/**
 * Records the change and queues the confirmation link to the new address (and a notice to
 * the old one), in the caller's transaction. Throws 422 for a malformed address and 409
 * EMAIL_TAKEN for one another account uses. A newer request replaces an older one.
 */
export async function requestEmailChange(
  tx: AppContext,
  actor: MemberActor,
  request: EmailChangeRequest,
): Promise<void> {
  const email = normalizeEmail(request.newEmail);
  if (!isValidEmail(email))
    throw invalidFields('VALIDATION_FAILED', { email: ['The email must be a valid email address.'] });
  if (email === request.user.email) {
    throw invalidFields('VALIDATION_FAILED', { email: ['The new email is the current one.'] });
  }
  if (await emailInUse(tx.db.kysely, email, request.user.id)) {
    throw conflict('EMAIL_TAKEN', 'Another account already uses this email address.');
  }
  const now = tx.clock.now();
  const token = generateSecret('fle');
  await deletePendingEmailChanges(tx.db.kysely, request.user.id);
  await insertEmailChange(tx.db.kysely, {
    id: newHexId(),
    userId: request.user.id,
    organizationId: actor.organizationId,
    newEmail: email,
    tokenHash: hashSecret(token),
    requestedBy: actor.userId,
    keepTokenId: request.keepTokenId,
    expiresAt: new Date(now.getTime() + EMAIL_CHANGE_TTL_SECONDS * 1000).toISOString(),
    now: now.toISOString(),
  });
  const link = `${publicBase(tx)}/confirm-email/${token}`;
  await queueEmail(tx, {
    organizationId: actor.organizationId,
    to: email,
    subject: 'Confirm your new email address',
    text: `Follow this link within 24 hours to use ${email} for your Flowlane account:\n\n${link}\n\nIf you did not ask for this, ignore this message: nothing changes.`,
    reason: 'account.email_change',
  });
  await queueEmail(tx, {
    organizationId: actor.organizationId,
    to: request.user.email,
    subject: 'Your email address is about to change',
    text: `A change of your Flowlane account's email address to ${email} was requested. It takes effect only when confirmed from the new address. If this was not you, change your password and tell your administrator.`,
    reason: 'account.email_change_notice',
  });
  await recordActivities(tx, actor.organizationId, { type: 'user', id: actor.userId }, [
    {
      action: 'email_change_requested',
      objectType: 'user',
      objectId: String(request.user.id),
      field: 'email',
      oldValue: request.user.email,
      newValue: email,
    },
  ]);
  await recordSecurityEvents(tx, [
    {
      userId: request.user.id,
      event: 'email_change_requested',
      outcome: 'succeeded',
      clientAddress: request.clientAddress,
    },
  ]);
}

/**
 * `GET /confirm-email/{token}`: the link from the e-mail. Changes the address once (a
 * second use, an expired or unknown link answer 404 EMAIL_CHANGE_NOT_FOUND) and signs the
 * account out everywhere but the session that asked for the change.
 */
export async function confirmEmailChange(
  ctx: AppContext,
  token: string,
  clientAddress: string,
): Promise<User> {
  const missing = () => notFound('EMAIL_CHANGE_NOT_FOUND', 'Email change');
  return inTransaction(ctx, async (tx) => {
    const change = await findEmailChangeByTokenHash(tx.db.kysely, hashSecret(token));
    if (!change || change.confirmedAt) throw missing();
    if (new Date(change.expiresAt).getTime() <= tx.clock.now().getTime()) throw missing();
    const user = await findUserById(tx.db.kysely, change.userId);
    if (!user) throw missing();
    const now = nowIso(tx);
    if (!(await markEmailChangeConfirmed(tx.db.kysely, change.id, now))) throw missing();
    if (await emailInUse(tx.db.kysely, change.newEmail, user.id)) {
      throw conflict('EMAIL_TAKEN', 'Another account already uses this email address.');
    }
    await setUserEmail(tx.db.kysely, user.id, change.newEmail, now);
    if (change.keepTokenId) await revokeOtherTokensOfUser(tx.db.kysely, user.id, change.keepTokenId, now);
    else await revokeTokensOfUser(tx.db.kysely, user.id, now);
    await recordActivities(tx, change.organizationId, { type: 'user', id: change.requestedBy }, [
      {
        action: 'email_changed',
        objectType: 'user',
        objectId: String(user.id),
        field: 'email',
        oldValue: user.email,
        newValue: change.newEmail,
      },
    ]);
    await recordSecurityEvents(tx, [
      { userId: user.id, event: 'email_changed', outcome: 'succeeded', clientAddress },
      { userId: user.id, event: 'token_revoked', outcome: 'succeeded', clientAddress },
    ]);
    const updated = await findUserById(tx.db.kysely, user.id);
    if (!updated) throw missing();
    return updated;
  });
}
