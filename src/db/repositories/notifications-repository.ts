/** Notifications: the consumer's writes, the in-app list and the mail pass's reads. */
import { sql } from 'kysely';
import type { Notification, Recipient } from '../../domain/notifications.js';
import type { Db } from '../database.js';
import { dialectOf, fromJson, lockSkipLocked, toInt } from '../dialect.js';
import type { NotificationsTable } from '../tables/notifications.js';

export interface OutboxNotice {
  id: string;
  organizationId: string;
  name: string;
  processId: string | null;
  taskId: string | null;
  actor: { type: 'user' | 'guest' | 'system'; id: number | null };
  detail: Record<string, unknown>;
  createdAt: string;
}

/**
 * The oldest events the notification consumer has not taken. Call inside a transaction: on
 * PostgreSQL the rows stay locked (other consumers skip them) until it commits.
 */
export async function claimUnnotifiedEvents(db: Db, limit: number): Promise<OutboxNotice[]> {
  const query = db
    .selectFrom('outbox_events')
    .select([
      'id',
      'organization_id',
      'name',
      'process_id',
      'task_id',
      'actor_type',
      'actor_id',
      'detail',
      'created_at',
    ])
    .where('notified_at', 'is', null)
    .orderBy('created_at')
    .orderBy('id')
    .limit(limit);
  const rows = await lockSkipLocked(query, dialectOf(db)).execute();
  return rows.map((row) => ({
    id: row.id,
    organizationId: row.organization_id,
    name: row.name,
    processId: row.process_id,
    taskId: row.task_id,
    actor: { type: row.actor_type ?? 'system', id: row.actor_id },
    detail: fromJson<Record<string, unknown>>(row.detail, {}),
    createdAt: row.created_at,
  }));
}

export async function markEventsNotified(db: Db, ids: readonly string[], now: string): Promise<void> {
  if (ids.length === 0) return;
  await db
    .updateTable('outbox_events')
    .set({ notified_at: now })
    .where('id', 'in', [...ids])
    .execute();
}

export type NewNotification = Omit<NotificationsTable, 'emailed_at' | 'email_id' | 'read_at'>;

/** Inserts, skipping rows already there (same event, recipient and task): at least once, stored once. */
export async function insertNotifications(db: Db, rows: readonly NewNotification[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 200) {
    await db
      .insertInto('notifications')
      .values(rows.slice(i, i + 200))
      .onConflict((oc) => oc.columns(['event_id', 'recipient_type', 'recipient_id', 'task_key']).doNothing())
      .execute();
  }
}

/** Who was told they were assigned one of these tasks (read through the partial index on the task). */
export function assignmentsNotifiedQuery(db: Db, organizationId: string, taskIds: readonly string[]) {
  return (
    db
      .selectFrom('notifications')
      .select(['recipient_type', 'recipient_id', 'task_id'])
      .where('organization_id', '=', organizationId)
      // A literal, not a parameter: the planner matches it to the partial index's own condition.
      .where(sql<boolean>`kind = 'assigned'`)
      .where('task_id', 'in', [...new Set(taskIds)])
  );
}

/** `type:id:task` of everyone already told they were assigned one of these tasks. */
export async function findAssignmentsNotified(
  db: Db,
  organizationId: string,
  taskIds: readonly string[],
): Promise<Set<string>> {
  if (taskIds.length === 0) return new Set();
  const rows = await assignmentsNotifiedQuery(db, organizationId, taskIds).execute();
  return new Set(rows.map((r) => `${r.recipient_type}:${r.recipient_id}:${r.task_id}`));
}

export type NotificationRow = Notification;

function toNotification(row: NotificationsTable): Notification {
  return {
    id: row.id,
    organizationId: row.organization_id,
    recipient: { type: row.recipient_type, id: row.recipient_id },
    kind: row.kind,
    category: row.category,
    taskId: row.task_id,
    processId: row.process_id,
    title: row.title,
    text: row.text,
    actor: { type: row.actor_type, id: row.actor_id },
    watchId: row.watch_id,
    delivery: row.delivery,
    readAt: row.read_at,
    createdAt: row.created_at,
  };
}

export async function listNotificationsOf(
  db: Db,
  organizationId: string,
  recipient: Recipient,
  window: { offset: number; limit: number | undefined },
): Promise<{ items: NotificationRow[]; total: number; unread: number }> {
  const base = db
    .selectFrom('notifications')
    .where('organization_id', '=', organizationId)
    .where('recipient_type', '=', recipient.type)
    .where('recipient_id', '=', recipient.id);
  const counts = await base
    .select((eb) => [
      eb.fn.countAll().as('n'),
      eb.fn.count(sql`case when read_at is null then 1 end`).as('unread'),
    ])
    .executeTakeFirst();
  let query = base.selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc');
  if (window.limit !== undefined) query = query.limit(window.limit).offset(window.offset);
  return {
    items: (await query.execute()).map(toNotification),
    total: toInt(counts?.n),
    unread: toInt(counts?.unread),
  };
}

/** Marks one notification read; false when it is not the recipient's. */
export async function markNotificationRead(
  db: Db,
  organizationId: string,
  recipient: Recipient,
  id: string,
  now: string,
): Promise<NotificationRow | undefined> {
  await db
    .updateTable('notifications')
    .set({ read_at: now })
    .where('organization_id', '=', organizationId)
    .where('recipient_type', '=', recipient.type)
    .where('recipient_id', '=', recipient.id)
    .where('id', '=', id)
    .where('read_at', 'is', null)
    .execute();
  const row = await db
    .selectFrom('notifications')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('recipient_type', '=', recipient.type)
    .where('recipient_id', '=', recipient.id)
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? toNotification(row) : undefined;
}

export async function markAllNotificationsRead(
  db: Db,
  organizationId: string,
  recipient: Recipient,
  now: string,
): Promise<number> {
  const result = await db
    .updateTable('notifications')
    .set({ read_at: now })
    .where('organization_id', '=', organizationId)
    .where('recipient_type', '=', recipient.type)
    .where('recipient_id', '=', recipient.id)
    .where('read_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export interface MailRecipient extends Recipient {
  organizationId: string;
}

/** Recipients with mail whose coalescing window has closed (notifications_mail_due_idx). */
export async function findRecipientsWithDueMail(
  db: Db,
  now: string,
  limit: number,
): Promise<MailRecipient[]> {
  const rows = await db
    .selectFrom('notifications')
    .select(['organization_id', 'recipient_type', 'recipient_id'])
    .where(sql<boolean>`delivery = 'email' and emailed_at is null`)
    .where('send_after', '<=', now)
    .groupBy(['organization_id', 'recipient_type', 'recipient_id'])
    .orderBy(sql`min(send_after)`)
    .limit(limit)
    .execute();
  return rows.map((r) => ({ organizationId: r.organization_id, type: r.recipient_type, id: r.recipient_id }));
}

/**
 * Locks and reads one recipient's due mail rows (skipping them when another mail pass holds
 * them), so two workers never mail the same rows.
 */
export async function claimDueMailRows(
  db: Db,
  recipient: MailRecipient,
  now: string,
): Promise<NotificationRow[]> {
  const query = db
    .selectFrom('notifications')
    .selectAll()
    .where('organization_id', '=', recipient.organizationId)
    .where('recipient_type', '=', recipient.type)
    .where('recipient_id', '=', recipient.id)
    .where(sql<boolean>`delivery = 'email' and emailed_at is null`)
    .where('send_after', '<=', now)
    .orderBy('created_at')
    .orderBy('id');
  return (await lockSkipLocked(query, dialectOf(db)).execute()).map(toNotification);
}

/** Notification mails sent to the recipient since `since` (for the hourly cap). */
export async function countMailsSince(db: Db, recipient: MailRecipient, since: string): Promise<number> {
  const row = await db
    .selectFrom('notifications')
    .select(sql<number>`count(distinct email_id)`.as('n'))
    .where('organization_id', '=', recipient.organizationId)
    .where('recipient_type', '=', recipient.type)
    .where('recipient_id', '=', recipient.id)
    .where('emailed_at', '>', since)
    .where('email_id', 'is not', null)
    .executeTakeFirst();
  return toInt(row?.n);
}

/** The oldest notification mail sent to the recipient since `since`, or undefined. */
export async function oldestMailSince(
  db: Db,
  recipient: MailRecipient,
  since: string,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('notifications')
    .select(sql<string | null>`min(emailed_at)`.as('at'))
    .where('organization_id', '=', recipient.organizationId)
    .where('recipient_type', '=', recipient.type)
    .where('recipient_id', '=', recipient.id)
    .where('emailed_at', '>', since)
    .where('email_id', 'is not', null)
    .executeTakeFirst();
  return row?.at ?? undefined;
}

/** Holds mail rows back until `until` (they then go out together in one mail). */
export async function postponeNotifications(db: Db, ids: readonly string[], until: string): Promise<void> {
  if (ids.length === 0) return;
  await db
    .updateTable('notifications')
    .set({ send_after: until })
    .where('id', 'in', [...ids])
    .execute();
}

export async function markNotificationsEmailed(
  db: Db,
  ids: readonly string[],
  emailId: string,
  now: string,
): Promise<void> {
  if (ids.length === 0) return;
  await db
    .updateTable('notifications')
    .set({ emailed_at: now, email_id: emailId })
    .where('id', 'in', [...ids])
    .execute();
}

/** Over the hourly cap: the rows wait for the recipient's digest instead. */
export async function moveNotificationsToDigest(db: Db, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await db
    .updateTable('notifications')
    .set({ delivery: 'digest' })
    .where('id', 'in', [...ids])
    .execute();
}

/** Digest rows not yet sent, of these members of one organization. */
export async function findDigestRows(
  db: Db,
  organizationId: string,
  userIds: readonly number[],
): Promise<NotificationRow[]> {
  if (userIds.length === 0) return [];
  const rows = await db
    .selectFrom('notifications')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('recipient_type', '=', 'user')
    .where('recipient_id', 'in', [...userIds])
    .where('delivery', '=', 'digest')
    .where('emailed_at', 'is', null)
    .orderBy('created_at')
    .execute();
  return rows.map(toNotification);
}

/** Assignments of these members told since `since` (the digest's "new since last time"). */
export async function findAssignmentsSince(
  db: Db,
  organizationId: string,
  userIds: readonly number[],
  since: string,
): Promise<NotificationRow[]> {
  if (userIds.length === 0) return [];
  const rows = await db
    .selectFrom('notifications')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('recipient_type', '=', 'user')
    .where('recipient_id', 'in', [...userIds])
    .where('kind', '=', 'assigned')
    .where('created_at', '>', since)
    .orderBy('created_at')
    .execute();
  return rows.map(toNotification);
}
