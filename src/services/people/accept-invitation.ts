import {
  deleteInvitationsOfMember,
  findInvitationByTokenHash,
} from '../../db/repositories/invitations-repository.js';
import {
  findMember,
  findPasswordHash,
  setPasswordHash,
  updateMembership,
  updateUserNames,
} from '../../db/repositories/users-repository.js';
import { AppError, invalidFields, notFound, rejected } from '../../domain/errors.js';
import type { Member } from '../../domain/people.js';
import { constantTimeEqual, hashSecret } from '../../domain/tokens.js';
import { type AppContext, inTransaction, nowIso, type Principal } from '../context.js';
import { appendEvents, recordActivities } from '../events/record.js';
import { assertPasswordLength, hashPassword, MIN_PASSWORD_LENGTH } from '../identity/passwords.js';
import { reserveAttempts, settleFailure, settleSuccess } from '../identity/throttle.js';
import { memberEventPayload } from './payloads.js';

export interface AcceptInvitationInput {
  token: string;
  /** The new account's password; an existing account signs in instead and sends none. */
  password?: string | undefined;
  firstName?: string | undefined;
  lastName?: string | undefined;
}

// Unknown tokens: 10 per address in 15 minutes, reserved before the token is looked up.
const ADDRESS_RULE = { max: 10, windowSeconds: 900 };

const invitationNotFound = () => notFound('INVITATION_NOT_FOUND', 'Invitation');

/**
 * `POST /invitations/accept`: activates the invited membership. A new account takes the
 * password given. An existing account (a member elsewhere) accepts only while signed in as
 * itself (`principal`): this route never checks a password, so an invitation cannot be
 * used to guess one or to join someone to an organization without them. Unknown tokens are
 * limited per client address, counted atomically before the lookup (429 + Retry-After).
 */
export async function acceptInvitation(
  ctx: AppContext,
  input: AcceptInvitationInput,
  clientAddress: string,
  principal: Principal | undefined,
): Promise<Member> {
  if (!input.token) throw invalidFields('VALIDATION_FAILED', { token: ['The token field is required.'] });
  if (input.password) assertPasswordLength(input.password);
  const held = await reserveAttempts(ctx, [{ key: `invite:address:${clientAddress}`, ...ADDRESS_RULE }]);
  const hash = hashSecret(input.token);
  const invitation = await findInvitationByTokenHash(ctx.db.kysely, hash);
  if (!invitation || !constantTimeEqual(invitation.tokenHash, hash)) {
    await settleFailure(ctx, held);
    throw invitationNotFound();
  }
  await settleSuccess(ctx, held);
  if (new Date(invitation.expiresAt).getTime() <= ctx.clock.now().getTime()) {
    throw rejected('INVITATION_EXPIRED', 'This invitation has expired; ask for a new one.');
  }
  const storedHash = await findPasswordHash(ctx.db.kysely, invitation.userId);
  let newHash: string | null = null;
  if (storedHash !== null) {
    assertSignedInAs(principal, invitation.userId);
  } else {
    validateNewPassword(input.password);
    newHash = await hashPassword(input.password ?? '');
  }
  return inTransaction(ctx, async (tx) => {
    const org = invitation.organizationId;
    const member = await findMember(tx.db.kysely, org, invitation.userId);
    // Withdrawn or accepted meanwhile: the token no longer leads anywhere.
    if (member?.membership.status !== 'invited') throw invitationNotFound();
    const now = nowIso(tx);
    if (newHash) await setPasswordHash(tx.db.kysely, invitation.userId, newHash, now);
    const names = {
      ...(input.firstName?.trim() ? { firstName: input.firstName.trim() } : {}),
      ...(input.lastName?.trim() ? { lastName: input.lastName.trim() } : {}),
    };
    if (Object.keys(names).length > 0) await updateUserNames(tx.db.kysely, invitation.userId, names, now);
    await updateMembership(tx.db.kysely, org, invitation.userId, { status: 'active', approvedAt: now }, now);
    await deleteInvitationsOfMember(tx.db.kysely, org, invitation.userId);
    const after = await findMember(tx.db.kysely, org, invitation.userId);
    if (!after) throw invitationNotFound();
    await recordActivities(tx, org, { type: 'user', id: invitation.userId }, [
      {
        action: 'invitation_accepted',
        objectType: 'user',
        objectId: String(invitation.userId),
        field: 'status',
        oldValue: 'invited',
        newValue: 'active',
      },
    ]);
    await appendEvents(tx, org, [
      { name: 'member.joined', processId: null, taskId: null, payload: memberEventPayload(after) },
    ]);
    return after;
  });
}

function assertSignedInAs(principal: Principal | undefined, userId: number): void {
  if (!principal) {
    throw new AppError(
      'SIGN_IN_REQUIRED',
      'This e-mail already has an account: sign in and accept the invitation with your access token.',
    );
  }
  if (principal.userId !== userId) {
    throw new AppError(
      'INVITATION_FOR_ANOTHER_ACCOUNT',
      'This invitation is for another account; sign in as the invited person to accept it.',
    );
  }
}

function validateNewPassword(password: string | undefined): void {
  if (!password || password.length < MIN_PASSWORD_LENGTH) {
    throw invalidFields('VALIDATION_FAILED', {
      password: [`The password must be at least ${MIN_PASSWORD_LENGTH} characters.`],
    });
  }
}
