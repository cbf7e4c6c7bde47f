/** Per-member organization settings (digest days) and the organization's e-mail domains. */
import {
  type EmailDomainRow,
  findCadenceDays,
  listMemberEmailDomains,
  setCadenceDays,
} from '../../db/repositories/membership-settings-repository.js';
import { findMembersOfOrganization } from '../../db/repositories/users-repository.js';
import { invalidFields, notFound } from '../../domain/errors.js';
import { parseCadenceDays } from '../../domain/organization-settings.js';
import type { Member } from '../../domain/people.js';
import { assertCan, assertCanSee } from '../../domain/policy.js';
import { type AppContext, inTransaction, type MemberActor, nowIso } from '../context.js';
import { actorRef, recordActivities } from '../events/record.js';

export interface MemberCadenceView {
  member: Member;
  cadenceDays: string[];
}

/**
 * The days a member's digest may go out. Members set their own; admins anyone's. A member
 * of another organization, or none, is not found.
 */
export async function setMemberCadenceDays(
  ctx: AppContext,
  actor: MemberActor,
  userId: number,
  raw: unknown,
): Promise<MemberCadenceView> {
  const days = parseCadenceDays(raw);
  return inTransaction(ctx, async (tx) => {
    const member = (await findMembersOfOrganization(tx.db.kysely, actor.organizationId, [userId])).get(
      userId,
    );
    assertCanSee(actor, 'member.read', {}, () => notFound('USER_NOT_FOUND', 'User'));
    if (!member) throw notFound('USER_NOT_FOUND', 'User');
    assertCan(actor, 'member.set_cadence', { isSelf: userId === actor.userId });
    if (!days)
      throw invalidFields('VALIDATION_FAILED', {
        cadence_days: ['The cadence days must be a list of day names (Monday to Sunday).'],
      });
    const before = await findCadenceDays(tx.db.kysely, actor.organizationId, userId);
    await setCadenceDays(tx.db.kysely, actor.organizationId, userId, days, nowIso(tx));
    await recordActivities(tx, actor.organizationId, actorRef(actor), [
      {
        action: 'updated',
        objectType: 'user',
        objectId: String(userId),
        field: 'cadence_days',
        oldValue: before ?? [],
        newValue: days,
      },
    ]);
    return { member, cadenceDays: days };
  });
}

/** The e-mail domains the organization's active members use, most used first. */
export async function listOrganizationDomains(
  ctx: AppContext,
  actor: MemberActor,
): Promise<EmailDomainRow[]> {
  assertCan(actor, 'organization.read_domains');
  return listMemberEmailDomains(ctx.db.kysely, actor.organizationId);
}
