/** The organization's notification settings: the due-soon lead time. */
import {
  findOrgDueSoonHours,
  saveOrgDueSoonHours,
} from '../../db/repositories/notifications-settings-repository.js';
import { assertCan } from '../../domain/policy.js';
import type { AppContext, MemberActor } from '../context.js';
import { nowIso } from '../context.js';

export interface OrganizationNotificationSettings {
  /** How long before a deadline its assignees are reminded (hours). */
  dueSoonHours: number;
}

export async function getOrganizationNotificationSettings(
  ctx: AppContext,
  actor: MemberActor,
): Promise<OrganizationNotificationSettings> {
  const hours = await findOrgDueSoonHours(ctx.db.kysely, actor.organizationId);
  return { dueSoonHours: hours ?? ctx.config.notifications.defaultDueSoonHours };
}

/** Administrators set the lead time; it applies to deadlines not yet announced. */
export async function updateOrganizationNotificationSettings(
  ctx: AppContext,
  actor: MemberActor,
  input: OrganizationNotificationSettings,
): Promise<OrganizationNotificationSettings> {
  assertCan(actor, 'organization.update');
  await saveOrgDueSoonHours(ctx.db.kysely, actor.organizationId, input.dueSoonHours, nowIso(ctx));
  return input;
}
