/**
 * What administrators do to other members' accounts: edit their profile and role, change
 * their e-mail (confirmed from the new address), approve or reject those asking to join,
 * lift a sign-in lockout, hand the default-admin mark on, and see what a member owns
 * before they are disabled. Each change writes its activity row (old and new values) in
 * the transaction that makes it.
 */
import { findGroupsOfUsers } from '../../db/repositories/groups-repository.js';
import {
  findOpenTasksOwnedBy,
  findProcessesOwnedBy,
  findStepsAssigningMember,
  findTemplatesOwnedBy,
} from '../../db/repositories/reassignment-repository.js';
import { clearBucketsMatching } from '../../db/repositories/throttle-repository.js';
import {
  deleteMembership,
  findMember,
  findUserById,
  setDefaultAdmin,
  updateMembership,
  updateUserProfile,
} from '../../db/repositories/users-repository.js';
import { rejected } from '../../domain/errors.js';
import type { Role } from '../../domain/identity.js';
import type { Member } from '../../domain/people.js';
import type { ReassignmentInformation } from '../../domain/reassignment.js';
import { type AppContext, inTransaction, type MemberActor, nowIso } from '../context.js';
import { assertCurrentPassword } from '../identity/account.js';
import { requestEmailChange } from '../identity/email-change.js';
import { type ProfileInput, recordProfileChange, validateProfile } from '../identity/profile.js';
import { recordSecurityEvents } from '../identity/security-events.js';
import { assertNotLastAdmin, authorize, memberNotFound } from './access.js';
import { record } from './members.js';

export interface MemberEditInput extends ProfileInput {
  /** Admins only (`member.change_role`); the last active admin is never demoted. */
  role?: Role | undefined;
}

/** `PUT …/users/{id}`: an administrator edits a member's profile and, optionally, role. */
export async function updateMemberAccount(
  ctx: AppContext,
  actor: MemberActor,
  userId: number,
  input: MemberEditInput,
): Promise<Member> {
  await authorize(ctx, actor, 'member.update');
  const { role, ...profile } = input;
  if (role !== undefined) await authorize(ctx, actor, 'member.change_role');
  validateProfile(profile);
  return inTransaction(ctx, async (tx) => {
    const before = await loadMember(tx, actor, userId);
    await updateUserProfile(tx.db.kysely, userId, profile, nowIso(tx));
    if (role !== undefined && role !== before.membership.role) {
      if (before.membership.role === 'admin') await assertNotLastAdmin(tx, actor.organizationId, userId);
      await updateMembership(tx.db.kysely, actor.organizationId, userId, { role }, nowIso(tx));
    }
    const after = await loadMember(tx, actor, userId);
    await recordProfileChange(tx, actor.organizationId, actor.userId, before, after);
    if (after.membership.role !== before.membership.role) {
      await record(tx, actor, after, 'role_changed', 'role', before.membership.role, after.membership.role);
    }
    return after;
  });
}

export interface MemberEmailInput {
  email: string;
  /** The administrator's own password: changing someone's sign-in address is re-confirmed. */
  password: string;
}

/**
 * `PUT …/users/{id}/update-email`: sends the confirmation link to the member's new address;
 * when it is followed, every token of the member is revoked.
 */
export async function requestMemberEmailChange(
  ctx: AppContext,
  actor: MemberActor,
  userId: number,
  input: MemberEmailInput,
  clientAddress: string,
): Promise<Member> {
  await authorize(ctx, actor, 'member.update');
  const member = await loadMember(ctx, actor, userId);
  const self = await findUserById(ctx.db.kysely, actor.userId);
  if (!self) throw memberNotFound();
  await assertCurrentPassword(ctx, self, input.password, 'password', clientAddress);
  return inTransaction(ctx, async (tx) => {
    await requestEmailChange(tx, actor, {
      user: member.user,
      newEmail: input.email,
      keepTokenId: null,
      clientAddress,
    });
    return loadMember(tx, actor, userId);
  });
}

/** `PUT …/users/{id}/approve`: someone waiting to join becomes an active member. */
export async function approveMember(ctx: AppContext, actor: MemberActor, userId: number): Promise<Member> {
  await authorize(ctx, actor, 'member.approve');
  return inTransaction(ctx, async (tx) => {
    const member = await loadPending(tx, actor, userId);
    const now = nowIso(tx);
    await updateMembership(
      tx.db.kysely,
      actor.organizationId,
      userId,
      { status: 'active', approvedAt: now },
      now,
    );
    const after = await loadMember(tx, actor, userId);
    await record(tx, actor, after, 'approved', 'status', member.membership.status, after.membership.status);
    return after;
  });
}

/** `DELETE …/users/{id}/reject`: the request to join is refused; the account itself stays. */
export async function rejectMember(ctx: AppContext, actor: MemberActor, userId: number): Promise<Member> {
  await authorize(ctx, actor, 'member.approve');
  return inTransaction(ctx, async (tx) => {
    const member = await loadPending(tx, actor, userId);
    await deleteMembership(tx.db.kysely, actor.organizationId, userId);
    await record(tx, actor, member, 'rejected', 'status', member.membership.status, null);
    return member;
  });
}

/**
 * `PUT …/users/{id}/unsuspend`: lifts the sign-in lockout that failed passwords put on the
 * member's account (from every client address), strikes included.
 */
export async function unsuspendMember(
  ctx: AppContext,
  actor: MemberActor,
  userId: number,
  clientAddress: string,
): Promise<Member> {
  await authorize(ctx, actor, 'member.update');
  return inTransaction(ctx, async (tx) => {
    const member = await loadMember(tx, actor, userId);
    const email = member.user.email;
    const cleared = await clearBucketsMatching(
      tx.db.kysely,
      [`login:unknown-client:${email}`, `password-check:${userId}`],
      [`login:pair:${email}:`],
    );
    await record(
      tx,
      actor,
      member,
      'unsuspended',
      'sign_in_lock',
      cleared > 0 ? 'locked' : 'unlocked',
      'unlocked',
    );
    await recordSecurityEvents(tx, [
      { userId, event: 'sign_in_unlocked', outcome: 'succeeded', clientAddress },
    ]);
    return member;
  });
}

/**
 * `PUT …/users/{id}/set-new-admin`: makes the member (`new_admin_id`, or the path's member)
 * the organization's one default admin, promoting them to admin if needed. The previous
 * default admin keeps the admin role.
 */
export async function setNewDefaultAdmin(
  ctx: AppContext,
  actor: MemberActor,
  userId: number,
): Promise<Member> {
  await authorize(ctx, actor, 'member.set_default_admin');
  return inTransaction(ctx, async (tx) => {
    const member = await loadMember(tx, actor, userId);
    if (member.membership.status !== 'active') {
      throw rejected('MEMBER_NOT_ACTIVE', 'Only an active member can become the default admin.');
    }
    const now = nowIso(tx);
    if (member.membership.role !== 'admin') {
      await updateMembership(tx.db.kysely, actor.organizationId, userId, { role: 'admin' }, now);
    }
    await setDefaultAdmin(tx.db.kysely, actor.organizationId, userId, now);
    const after = await loadMember(tx, actor, userId);
    if (member.membership.role !== 'admin') {
      await record(tx, actor, after, 'role_changed', 'role', member.membership.role, 'admin');
    }
    await record(
      tx,
      actor,
      after,
      'default_admin_set',
      'is_default_admin',
      member.membership.isDefaultAdmin,
      true,
    );
    return after;
  });
}

/** `GET …/users/{id}/reassignment-information`: what moves if the member is disabled. */
export async function getReassignmentInformation(
  ctx: AppContext,
  actor: MemberActor,
  userId: number,
): Promise<ReassignmentInformation> {
  await authorize(ctx, actor, 'member.read_reassignment');
  await loadMember(ctx, actor, userId);
  const db = ctx.db.kysely;
  const org = actor.organizationId;
  const [tasks, templates, processes, steps, groups] = await Promise.all([
    findOpenTasksOwnedBy(db, org, userId),
    findTemplatesOwnedBy(db, org, userId),
    findProcessesOwnedBy(db, org, userId),
    findStepsAssigningMember(db, org, userId),
    findGroupsOfUsers(db, org, [userId]),
  ]);
  return { tasks, templates, processes, steps, groups: groups.get(userId) ?? [] };
}

async function loadMember(tx: AppContext, actor: MemberActor, userId: number): Promise<Member> {
  const member = await findMember(tx.db.kysely, actor.organizationId, userId);
  if (!member) throw memberNotFound();
  return member;
}

async function loadPending(tx: AppContext, actor: MemberActor, userId: number): Promise<Member> {
  const member = await loadMember(tx, actor, userId);
  if (member.membership.status !== 'pending') {
    throw rejected('MEMBER_NOT_PENDING', 'Only a member waiting for approval can be approved or rejected.');
  }
  return member;
}
