/** The in-app list of a member's notifications. */
import {
  listNotificationsOf,
  markAllNotificationsRead,
  markNotificationRead,
  type NotificationRow,
} from '../../db/repositories/notifications-repository.js';
import { notFound } from '../../domain/errors.js';
import { type Page, type PageRequest, pageWindow, toPage } from '../../domain/pagination.js';
import type { AppContext, MemberActor } from '../context.js';
import { nowIso } from '../context.js';

const me = (actor: MemberActor) => ({ type: 'user' as const, id: actor.userId });

/** Newest first, with how many are unread. */
export async function listMyNotifications(
  ctx: AppContext,
  actor: MemberActor,
  page: PageRequest,
): Promise<{ page: Page<NotificationRow>; unread: number }> {
  const { items, total, unread } = await listNotificationsOf(
    ctx.db.kysely,
    actor.organizationId,
    me(actor),
    pageWindow(page),
  );
  return { page: toPage(page, items, total), unread };
}

export async function readNotification(
  ctx: AppContext,
  actor: MemberActor,
  id: string,
): Promise<NotificationRow> {
  const row = await markNotificationRead(ctx.db.kysely, actor.organizationId, me(actor), id, nowIso(ctx));
  if (!row) throw notFound('NOTIFICATION_NOT_FOUND', 'Notification');
  return row;
}

export function readAllNotifications(ctx: AppContext, actor: MemberActor): Promise<number> {
  return markAllNotificationsRead(ctx.db.kysely, actor.organizationId, me(actor), nowIso(ctx));
}
