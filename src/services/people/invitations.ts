/**
 * Invitations: an invited membership plus a one-time token sent by e-mail. Accepting the
 * token (with a password) activates the membership. Only the token's hash is stored.
 */
import { findGuestByEmail } from '../../db/repositories/guests-repository.js';
import { deleteInvitationsOfMember, insertInvitation } from '../../db/repositories/invitations-repository.js';
import { findOrganizationById } from '../../db/repositories/organizations-repository.js';
import {
  deleteMembership,
  findMember,
  findUserByEmail,
  insertMembership,
  insertUser,
} from '../../db/repositories/users-repository.js';
import { FieldErrorCollector, rejected } from '../../domain/errors.js';
import { isValidEmail, normalizeEmail, ROLES, type Role } from '../../domain/identity.js';
import { newHexId } from '../../domain/ids.js';
import type { Member } from '../../domain/people.js';
import { generateSecret, hashSecret } from '../../domain/tokens.js';
import { type AppContext, inTransaction, type MemberActor, nowIso } from '../context.js';
import { queueEmail } from '../email/queue-email.js';
import { asDuplicate } from '../errors.js';
import { assertNotLastAdmin, authorize, memberNotFound } from './access.js';
import { record } from './members.js';

export const INVITATION_TTL_DAYS = 7;

export interface InviteInput {
  email: string;
  firstName?: string | undefined;
  lastName?: string | undefined;
  role?: string | undefined;
  message?: string | undefined;
}

/**
 * `POST …/users/invite`: creates an invited membership (and the account when the e-mail is
 * new) and e-mails a link with a one-time token. An e-mail that is already a member or a
 * guest of the organization is refused (422), with nothing written.
 */
export async function inviteMember(
  ctx: AppContext,
  actor: MemberActor,
  input: InviteInput,
  baseUrl: string,
): Promise<Member> {
  const { email, role } = validateInvite(input);
  await authorize(ctx, actor, 'member.invite', { grantsRole: role });
  // Two concurrent invitations of one address: the loser meets the first one's rows.
  return asDuplicate(
    () =>
      inTransaction(ctx, async (tx) => {
        const org = actor.organizationId;
        const now = nowIso(tx);
        const user = await findUserByEmail(tx.db.kysely, email);
        if (user) {
          const existing = await findMember(tx.db.kysely, org, user.id);
          if (existing?.membership.status === 'invited') {
            throw alreadyInvited();
          }
          if (existing)
            throw rejected('ALREADY_MEMBER', 'This person is already a member of the organization.');
        }
        if (await findGuestByEmail(tx.db.kysely, org, email)) {
          throw rejected(
            'EMAIL_IS_GUEST',
            'This e-mail belongs to a guest; convert the guest to a member instead.',
          );
        }
        const userId = user?.id ?? (await createInvitedUser(tx, org, email, input, now));
        await insertMembership(tx.db.kysely, {
          organizationId: org,
          userId,
          role,
          status: 'invited',
          isDefaultAdmin: false,
          invitedBy: actor.userId,
          now,
        });
        return issueInvitation(tx, actor, userId, input.message ?? null, baseUrl, 'invited');
      }),
    alreadyInvited,
  );
}

/** A new account without a password: the invitee chooses one when accepting. */
export async function createInvitedUser(
  tx: AppContext,
  organizationId: string,
  email: string,
  names: { firstName?: string | null | undefined; lastName?: string | null | undefined },
  now: string,
): Promise<number> {
  const local = email.split('@')[0] ?? email;
  return insertUser(tx.db.kysely, {
    email,
    firstName: names.firstName?.trim() || local,
    lastName: names.lastName?.trim() ?? '',
    passwordHash: null,
    timezone: (await findOrganizationById(tx.db.kysely, organizationId))?.timezone ?? 'UTC',
    now,
  });
}

/** Sends a new invitation (a new token; the previous one stops working). */
export async function resendInvitation(
  ctx: AppContext,
  actor: MemberActor,
  userId: number,
  baseUrl: string,
): Promise<Member> {
  return inTransaction(ctx, async (tx) => {
    const member = await findInvitedMember(tx, actor, userId);
    await authorize(tx, actor, 'member.invite', { grantsRole: member.membership.role });
    return issueInvitation(tx, actor, userId, null, baseUrl, 'invitation_resent');
  });
}

/** Withdraws an invitation: the invited membership and its token are removed. */
export async function withdrawInvitation(
  ctx: AppContext,
  actor: MemberActor,
  userId: number,
): Promise<Member> {
  return inTransaction(ctx, async (tx) => {
    const member = await findInvitedMember(tx, actor, userId);
    await authorize(tx, actor, 'member.invite', { grantsRole: member.membership.role });
    if (member.membership.role === 'admin') await assertNotLastAdmin(tx, actor.organizationId, userId);
    await deleteInvitationsOfMember(tx.db.kysely, actor.organizationId, userId);
    await deleteMembership(tx.db.kysely, actor.organizationId, userId);
    await record(tx, actor, member, 'invitation_withdrawn', 'status', 'invited', null);
    return member;
  });
}

async function findInvitedMember(tx: AppContext, actor: MemberActor, userId: number): Promise<Member> {
  const member = await findMember(tx.db.kysely, actor.organizationId, userId);
  if (!member) throw memberNotFound();
  if (member.membership.status !== 'invited')
    throw rejected('NOT_INVITED', 'This member has no open invitation.');
  return member;
}

/** Replaces the member's invitation with a new token, e-mails it and records the change. */
export async function issueInvitation(
  tx: AppContext,
  actor: MemberActor,
  userId: number,
  message: string | null,
  baseUrl: string,
  verb: string,
): Promise<Member> {
  const org = actor.organizationId;
  const token = generateSecret('fli');
  const now = tx.clock.now();
  const expiresAt = new Date(now.getTime() + INVITATION_TTL_DAYS * 86_400_000).toISOString();
  await deleteInvitationsOfMember(tx.db.kysely, org, userId);
  await insertInvitation(tx.db.kysely, {
    id: newHexId(),
    organizationId: org,
    userId,
    tokenHash: hashSecret(token),
    invitedBy: actor.userId,
    message,
    expiresAt,
    createdAt: now.toISOString(),
  });
  const member = await findMember(tx.db.kysely, org, userId);
  if (!member) throw memberNotFound();
  const organization = await findOrganizationById(tx.db.kysely, org);
  await queueEmail(tx, {
    organizationId: org,
    to: member.user.email,
    subject: `You are invited to join ${organization?.name ?? 'an organization'} on Flowlane`,
    text: invitationText(baseUrl, token, message, expiresAt),
    reason: 'member.invited',
  });
  await record(tx, actor, member, verb, 'status', null, 'invited');
  return member;
}

function invitationText(baseUrl: string, token: string, message: string | null, expiresAt: string): string {
  const lines = [
    message ? `${message}\n` : '',
    'To accept, send this invitation token with the password you choose:',
    `  POST ${baseUrl.replace(/\/+$/, '')}/invitations/accept`,
    `  {"token": "${token}", "password": "<your password>"}`,
    'If you already have a Flowlane account, sign in and send the token alone, with your access token',
    '(Authorization: Bearer …).',
    '',
    `Invitation token: ${token}`,
    `It expires at ${expiresAt}.`,
  ];
  return lines.filter((l, i) => i > 0 || l).join('\n');
}

function validateInvite(input: InviteInput): { email: string; role: Role } {
  const errors = new FieldErrorCollector();
  const email = normalizeEmail(input.email ?? '');
  if (!isValidEmail(email)) errors.add('email', 'The email must be a valid email address.');
  const role = (input.role ?? 'standard') as Role;
  if (!ROLES.includes(role)) errors.add('role', `The role must be one of ${ROLES.join(', ')}.`);
  errors.throwIfAny();
  return { email, role };
}

const alreadyInvited = () =>
  rejected('ALREADY_INVITED', 'This person is already invited; resend the invitation instead.');
