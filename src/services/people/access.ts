/**
 * Facts the policy needs about the caller and the organization, loaded once per request,
 * and the invariants every membership change keeps.
 */
import { findGroupIdsOfUser } from '../../db/repositories/groups-repository.js';
import { findOrganizationById } from '../../db/repositories/organizations-repository.js';
import { findActiveAdminIds } from '../../db/repositories/users-repository.js';
import { notFound, rejected } from '../../domain/errors.js';
import { type Action, assertCan, type PolicyContext } from '../../domain/policy.js';
import type { AppContext, MemberActor } from '../context.js';

export const memberNotFound = () => notFound('MEMBER_NOT_FOUND', 'Member');
export const guestNotFound = () => notFound('GUEST_NOT_FOUND', 'Guest');
export const groupNotFound = () => notFound('GROUP_NOT_FOUND', 'Group');

/**
 * The organization switches the policy reads (`allow_user_invite`, `allow_manage_groups`)
 * and the groups the member belongs to: the context for people and template decisions.
 */
export async function loadMemberFacts(ctx: AppContext, actor: MemberActor): Promise<PolicyContext> {
  const [org, groupIds] = await Promise.all([
    findOrganizationById(ctx.db.kysely, actor.organizationId),
    findGroupIdsOfUser(ctx.db.kysely, actor.organizationId, actor.userId),
  ]);
  const settings = org?.settings ?? {};
  return {
    allowUserInvite: settings.allow_user_invite !== false,
    allowManageGroups: settings.allow_manage_groups !== false,
    actorGroupIds: groupIds,
  };
}

/** Loads the facts and asks the policy; throws 403 with the policy's code when refused. */
export async function authorize(
  ctx: AppContext,
  actor: MemberActor,
  action: Action,
  extra: PolicyContext = {},
): Promise<void> {
  const needsFacts = action === 'member.invite' || action === 'group.manage';
  const facts = needsFacts ? await loadMemberFacts(ctx, actor) : {};
  assertCan(actor, action, { ...facts, ...extra });
}

/**
 * Refuses (422 LAST_ADMIN) a change that would leave the organization without an active
 * admin. Locks the admins' rows, so concurrent demotions are decided one after the other.
 * Call inside the transaction that makes the change.
 */
export async function assertNotLastAdmin(
  tx: AppContext,
  organizationId: string,
  userId: number,
): Promise<void> {
  const admins = await findActiveAdminIds(tx.db.kysely, organizationId, { lock: true });
  if (admins.includes(userId) && admins.length <= 1) {
    throw rejected('LAST_ADMIN', 'The organization must keep at least one active administrator.');
  }
}
