/** A member's or guest's notification settings in one organization. */
import { findSettings, saveSettings } from '../../db/repositories/notifications-settings-repository.js';
import { findUserById } from '../../db/repositories/users-repository.js';
import {
  defaultSettings,
  type NotificationCategory,
  type NotificationPreference,
  type NotificationSettings,
  nextDigestAt,
  type Recipient,
  recipientKey,
} from '../../domain/notifications.js';
import type { AppContext, GuestActor, MemberActor } from '../context.js';
import { inTransaction, nowIso } from '../context.js';

/** What a PUT changes: any categories, and (members) the digest hour. */
export interface SettingsInput {
  categories: Partial<Record<NotificationCategory, NotificationPreference>>;
  digestHour?: number;
}

const memberOf = (actor: MemberActor): Recipient => ({ type: 'user', id: actor.userId });
const guestOf = (actor: GuestActor): Recipient => ({ type: 'guest', id: actor.guestId });

async function current(
  ctx: AppContext,
  organizationId: string,
  recipient: Recipient,
): Promise<NotificationSettings> {
  const stored = await findSettings(ctx.db.kysely, organizationId, [recipient]);
  return stored.get(recipientKey(recipient)) ?? defaultSettings(ctx.config.notifications.defaultDigestHour);
}

export function getMemberSettings(ctx: AppContext, actor: MemberActor): Promise<NotificationSettings> {
  return current(ctx, actor.organizationId, memberOf(actor));
}

export function getGuestSettings(ctx: AppContext, actor: GuestActor): Promise<NotificationSettings> {
  return current(ctx, actor.organizationId, guestOf(actor));
}

/** Saves the member's choices; a new digest hour takes effect from the next digest on. */
export async function updateMemberSettings(
  ctx: AppContext,
  actor: MemberActor,
  input: SettingsInput,
): Promise<NotificationSettings> {
  return inTransaction(ctx, async (tx) => {
    const before = await current(tx, actor.organizationId, memberOf(actor));
    const after: NotificationSettings = {
      categories: { ...before.categories, ...input.categories },
      digestHour: input.digestHour ?? before.digestHour,
    };
    const user = await findUserById(tx.db.kysely, actor.userId);
    const next = nextDigestAt(tx.clock.now(), user?.timezone ?? 'UTC', after.digestHour);
    await saveSettings(tx.db.kysely, actor.organizationId, memberOf(actor), after, next, nowIso(tx));
    return after;
  });
}

/** A guest's choices: immediate or off per category (the route admits nothing else). */
export async function updateGuestSettings(
  ctx: AppContext,
  actor: GuestActor,
  input: SettingsInput,
): Promise<NotificationSettings> {
  return inTransaction(ctx, async (tx) => {
    const before = await current(tx, actor.organizationId, guestOf(actor));
    const after: NotificationSettings = {
      categories: { ...before.categories, ...input.categories },
      digestHour: before.digestHour,
    };
    await saveSettings(tx.db.kysely, actor.organizationId, guestOf(actor), after, null, nowIso(tx));
    return after;
  });
}
