/**
 * Creating an organization through the API (`POST /organizations`): who may is the
 * instance's ORGANIZATION_CREATION setting; the creator becomes its default admin; one
 * account creates at most ORGANIZATION_CREATE_PER_DAY organizations a day.
 */
import { findUserById, insertMembership } from '../../db/repositories/users-repository.js';
import { notFound } from '../../domain/errors.js';
import { assertCan } from '../../domain/policy.js';
import { type AppContext, inTransaction, nowIso, type Principal } from '../context.js';
import { recordActivities } from '../events/record.js';
import {
  type CreateOrganizationInput,
  createOrganization,
  getOrganization,
  type OrganizationView,
} from '../identity/organizations.js';
import { reserveAttempts, settleSuccess } from '../identity/throttle.js';

export async function createOrganizationForAccount(
  ctx: AppContext,
  principal: Principal,
  input: CreateOrganizationInput,
): Promise<OrganizationView> {
  const user = await findUserById(ctx.db.kysely, principal.userId);
  if (!user) throw notFound('USER_NOT_FOUND', 'User');
  const { creation, instanceAdminEmails, createPerDay } = ctx.config.organizations;
  assertCan({ kind: 'user', userId: user.id, role: 'standard' }, 'organization.create', {
    organizationCreation: creation,
    isInstanceAdmin: instanceAdminEmails.includes(user.email.toLowerCase()),
  });
  const held = await reserveAttempts(ctx, [
    { key: `organization-create:user:${user.id}`, max: createPerDay, windowSeconds: 86_400 },
  ]);
  try {
    return await inTransaction(ctx, async (tx) => {
      const org = await createOrganization(tx, input);
      const now = nowIso(tx);
      await insertMembership(tx.db.kysely, {
        organizationId: org.id,
        userId: user.id,
        role: 'admin',
        status: 'active',
        isDefaultAdmin: true,
        invitedBy: null,
        now,
      });
      await recordActivities(tx, org.id, { type: 'user', id: user.id }, [
        { action: 'created', objectType: 'organization', objectId: org.id, newValue: { name: org.name } },
      ]);
      return getOrganization(tx, {
        kind: 'user',
        userId: user.id,
        organizationId: org.id,
        role: 'admin',
        tokenId: principal.tokenId,
      });
    });
  } catch (error) {
    // Refused input creates nothing, so it does not count against the daily limit.
    await settleSuccess(ctx, held);
    throw error;
  }
}
