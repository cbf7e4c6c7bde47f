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
import { AppError, FieldErrorCollector, notFound, rejected } from '../../domain/errors.js';
import type { Member } from '../../domain/people.js';
import { constantTimeEqual, hashSecret } from '../../domain/tokens.js';
import { type AppContext, inTransaction, nowIso } from '../context.js';
import { appendEvents, recordActivities } from '../events/record.js';
import { hashPassword, MIN_PASSWORD_LENGTH, verifyPassword } from '../identity/passwords.js';
import { assertNotThrottled, recordFailures, type ThrottleRule } from '../identity/throttle.js';
import { memberEventPayload } from './payloads.js';

export interface AcceptInvitationInput {
  token: string;
  password: string;
  firstName?: string | undefined;
  lastName?: string | undefined;
}

// Failed acceptances (unknown token, wrong password): 10 per address in 15 minutes.
const ADDRESS_RULE = { max: 10, windowSeconds: 900 };

const invitationNotFound = () => notFound('Invitation', 'INVITATION_NOT_FOUND');

/**
 * `POST /invitations/accept`: activates the invited membership. A new account takes the
 * password given; an existing account (a member elsewhere) must prove it with its current
 * password, so an invitation can never be used to take over someone's account. Failures
 * are throttled per client address (429 + Retry-After).
 */
export async function acceptInvitation(
  ctx: AppContext,
  input: AcceptInvitationInput,
  clientAddress: string,
): Promise<Member> {
  validate(input);
  const rules: ThrottleRule[] = [{ key: `invite:address:${clientAddress}`, ...ADDRESS_RULE }];
  await assertNotThrottled(ctx, rules);
  const hash = hashSecret(input.token);
  const invitation = await findInvitationByTokenHash(ctx.db.kysely, hash);
  if (!invitation || !constantTimeEqual(invitation.tokenHash, hash)) {
    await recordFailures(ctx, rules);
    throw invitationNotFound();
  }
  if (new Date(invitation.expiresAt).getTime() <= ctx.clock.now().getTime()) {
    throw rejected('INVITATION_EXPIRED', 'This invitation has expired; ask for a new one.');
  }
  const storedHash = await findPasswordHash(ctx.db.kysely, invitation.userId);
  if (storedHash !== null && !(await verifyPassword(storedHash, input.password))) {
    await recordFailures(ctx, rules);
    throw new AppError(
      'unauthenticated',
      'INVALID_CREDENTIALS',
      'This e-mail already has an account: give its current password to accept.',
    );
  }
  const newHash = storedHash === null ? await hashPassword(input.password) : null;
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

function validate(input: AcceptInvitationInput): void {
  const errors = new FieldErrorCollector();
  if (!input.token) errors.add('token', 'The token field is required.');
  if (!input.password || input.password.length < MIN_PASSWORD_LENGTH) {
    errors.add('password', `The password must be at least ${MIN_PASSWORD_LENGTH} characters.`);
  }
  errors.throwIfAny();
}
