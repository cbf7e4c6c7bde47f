/**
 * Members of an organization: listing, reading, role changes, disabling and enabling,
 * removal. Every change keeps at least one active admin and is written with its activity
 * row and outbox event in one transaction.
 */
import { findGroupsOfUsers, removeUserFromGroups } from '../../db/repositories/groups-repository.js';
import { deleteInvitationsOfMember } from '../../db/repositories/invitations-repository.js';
import { hasActiveMembership } from '../../db/repositories/membership-status-repository.js';
import { transferTaskOwnership } from '../../db/repositories/owner-transfer-repository.js';
import { findPeopleStats } from '../../db/repositories/people-stats-repository.js';
import { transferRecordOwnership } from '../../db/repositories/reassignment-repository.js';
import { removeOwnerFromAllTasks } from '../../db/repositories/task-owners-repository.js';
import { revokeTokensOfUser } from '../../db/repositories/tokens-repository.js';
import {
  deleteMembership,
  findMember,
  findMembersOfOrganization,
  listMembers,
  MEMBER_SORT_FIELDS,
  type MembershipChanges,
  updateMembership,
} from '../../db/repositories/users-repository.js';
import { invalidFields, rejected } from '../../domain/errors.js';
import type { MembershipStatus, Role } from '../../domain/identity.js';
import { type Page, type PageRequest, pageWindow, parseSort, toPage } from '../../domain/pagination.js';
import type { Group, Member, PersonStats } from '../../domain/people.js';
import { type AppContext, inTransaction, type MemberActor, nowIso } from '../context.js';
import { appendEvents, recordActivities } from '../events/record.js';
import { recordSecurityEvents } from '../identity/security-events.js';
import { assertNotLastAdmin, authorize, memberNotFound } from './access.js';
import { memberEventPayload } from './payloads.js';

export interface MemberListQuery {
  q?: string | undefined;
  role?: Role | undefined;
  status?: MembershipStatus | undefined;
  sort?: string | undefined;
}

/** Every member (invited and disabled included unless filtered), sorted by name by default. */
export async function listOrganizationMembers(
  ctx: AppContext,
  actor: MemberActor,
  query: MemberListQuery,
  page: PageRequest,
): Promise<Page<Member>> {
  await authorize(ctx, actor, 'member.list');
  const sort = parseSort(query.sort, MEMBER_SORT_FIELDS, { field: 'first_name', direction: 'asc' });
  if (!sort)
    throw invalidFields('VALIDATION_FAILED', {
      sort: [`The sort must be one of ${MEMBER_SORT_FIELDS.join(', ')}.`],
    });
  const { items, total } = await listMembers(ctx.db.kysely, actor.organizationId, {
    q: query.q?.trim() || undefined,
    role: query.role,
    status: query.status,
    sort,
    ...pageWindow(page),
  });
  return toPage(page, items, total);
}

export async function getOrganizationMember(
  ctx: AppContext,
  actor: MemberActor,
  userId: number,
): Promise<Member> {
  await authorize(ctx, actor, 'member.read');
  const member = await findMember(ctx.db.kysely, actor.organizationId, userId);
  if (!member) throw memberNotFound();
  return member;
}

/** `PUT …/users/{id}/role`: admins change roles; the last active admin stays admin. */
export async function changeMemberRole(
  ctx: AppContext,
  actor: MemberActor,
  userId: number,
  role: Role,
): Promise<Member> {
  await authorize(ctx, actor, 'member.change_role');
  return inTransaction(ctx, async (tx) => {
    const member = await loadMember(tx, actor, userId);
    if (member.membership.role === role) return member;
    if (member.membership.role === 'admin') await assertNotLastAdmin(tx, actor.organizationId, userId);
    return applyChange(tx, actor, member, { role }, 'role_changed', 'role');
  });
}

/**
 * Disables an active member (their tokens stop working in this organization); idempotent for a disabled one. With
 * `reassignTo` (`DELETE …/users/{id}?with_reassignment=true&to=`), their task assignments
 * and the templates and processes they own move to that active member in the same
 * transaction.
 */
export async function disableMember(
  ctx: AppContext,
  actor: MemberActor,
  userId: number,
  options: { reassignTo?: number | undefined } = {},
): Promise<Member> {
  await authorize(ctx, actor, 'member.disable');
  return inTransaction(ctx, async (tx) => {
    const member = await loadMember(tx, actor, userId);
    if (options.reassignTo !== undefined) await reassignTasks(tx, actor, userId, options.reassignTo);
    if (member.membership.status === 'disabled') return member;
    if (member.membership.status !== 'active') {
      throw rejected(
        'MEMBER_NOT_ACTIVE',
        'Only active members can be disabled; withdraw the invitation instead.',
      );
    }
    if (member.membership.role === 'admin') await assertNotLastAdmin(tx, actor.organizationId, userId);
    const now = nowIso(tx);
    const changes: MembershipChanges = { status: 'disabled', disabledAt: now, disabledBy: actor.userId };
    const disabled = await applyChange(tx, actor, member, changes, 'disabled', 'status');
    // Tokens belong to the person, not to one organization: the disabled membership already
    // stops them here (every organization route checks it), and the person's other
    // organizations are not this admin's to cut off. Only someone left with no active
    // membership anywhere loses their tokens now.
    if (!(await hasActiveMembership(tx.db.kysely, userId))) {
      await revokeTokensOfUser(tx.db.kysely, userId, now);
      await recordSecurityEvents(tx, [
        { userId, event: 'token_revoked', outcome: 'succeeded', clientAddress: null },
      ]);
    }
    return disabled;
  });
}

async function reassignTasks(tx: AppContext, actor: MemberActor, from: number, to: number): Promise<void> {
  const target = await findMember(tx.db.kysely, actor.organizationId, to);
  if (target?.membership.status !== 'active' || to === from) {
    throw invalidFields('UNKNOWN_MEMBERS', {
      to: ['The tasks can only be reassigned to another active member.'],
    });
  }
  await transferTaskOwnership(
    tx.db.kysely,
    actor.organizationId,
    { kind: 'user', ownerId: String(from) },
    { kind: 'user', ownerId: String(to) },
  );
  await transferRecordOwnership(tx.db.kysely, actor.organizationId, from, to);
}

/** Enables a disabled member again; idempotent for an active one. */
export async function enableMember(ctx: AppContext, actor: MemberActor, userId: number): Promise<Member> {
  await authorize(ctx, actor, 'member.disable');
  return inTransaction(ctx, async (tx) => {
    const member = await loadMember(tx, actor, userId);
    if (member.membership.status === 'active') return member;
    if (member.membership.status !== 'disabled') {
      throw rejected('MEMBER_NOT_DISABLED', 'Only disabled members can be enabled.');
    }
    const changes: MembershipChanges = {
      status: 'active',
      reactivatedAt: nowIso(tx),
      reactivatedBy: actor.userId,
    };
    return applyChange(tx, actor, member, changes, 'enabled', 'status');
  });
}

/**
 * `DELETE …/users/{id}/delete`: removes a disabled member from the organization for good
 * (their account stays): membership, group places, open invitations and task assignments.
 */
export async function deleteMemberPermanently(
  ctx: AppContext,
  actor: MemberActor,
  userId: number,
): Promise<void> {
  await authorize(ctx, actor, 'member.delete');
  await inTransaction(ctx, async (tx) => {
    const member = await loadMember(tx, actor, userId);
    if (member.membership.status !== 'disabled') {
      throw rejected('MEMBER_NOT_DISABLED', 'Disable the member before deleting them.');
    }
    const org = actor.organizationId;
    await removeUserFromGroups(tx.db.kysely, org, userId);
    await deleteInvitationsOfMember(tx.db.kysely, org, userId);
    await removeOwnerFromAllTasks(tx.db.kysely, org, 'user', String(userId));
    await deleteMembership(tx.db.kysely, org, userId);
    await record(tx, actor, member, 'deleted', null, member.membership.status, null);
  });
}

async function loadMember(tx: AppContext, actor: MemberActor, userId: number): Promise<Member> {
  const member = await findMember(tx.db.kysely, actor.organizationId, userId);
  if (!member) throw memberNotFound();
  return member;
}

async function applyChange(
  tx: AppContext,
  actor: MemberActor,
  before: Member,
  changes: MembershipChanges,
  verb: string,
  field: 'role' | 'status',
): Promise<Member> {
  await updateMembership(tx.db.kysely, actor.organizationId, before.user.id, changes, nowIso(tx));
  const after = await loadMember(tx, actor, before.user.id);
  await record(tx, actor, after, verb, field, before.membership[field], after.membership[field]);
  return after;
}

/** The activity row and the `member.<verb>` event of a membership change. */
export async function record(
  tx: AppContext,
  actor: MemberActor,
  member: Member,
  verb: string,
  field: string | null,
  oldValue: unknown,
  newValue: unknown,
): Promise<void> {
  const org = actor.organizationId;
  await recordActivities(tx, org, { type: 'user', id: actor.userId }, [
    { action: verb, objectType: 'user', objectId: String(member.user.id), field, oldValue, newValue },
  ]);
  await appendEvents(tx, org, [
    { name: `member.${verb}`, processId: null, taskId: null, payload: memberEventPayload(member) },
  ]);
}

/** The groups of the listed members, for `with=groups` (one query for the whole page). */
export async function groupsOfMembers(
  ctx: AppContext,
  actor: MemberActor,
  userIds: readonly number[],
): Promise<Map<number, Group[]>> {
  return findGroupsOfUsers(ctx.db.kysely, actor.organizationId, userIds);
}

/** Members by id (any status), for `with=users` on groups (one query). */
export async function membersByIds(
  ctx: AppContext,
  actor: MemberActor,
  userIds: readonly number[],
): Promise<Map<number, Member>> {
  return findMembersOfOrganization(ctx.db.kysely, actor.organizationId, userIds);
}

/** Task counts of the listed members, for `with=stats` (two queries for the whole page). */
export async function statsOfMembers(
  ctx: AppContext,
  actor: MemberActor,
  members: readonly Member[],
): Promise<Map<number, PersonStats>> {
  return findPeopleStats(
    ctx.db.kysely,
    actor.organizationId,
    'user',
    members.map((m) => ({ id: m.user.id, ownerId: String(m.user.id) })),
  );
}
