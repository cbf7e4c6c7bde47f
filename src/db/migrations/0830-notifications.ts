import { sql } from 'kysely';
import type { AnyKysely, SqlDialect } from '../dialect.js';
import { jsonType, timestampType } from '../dialect.js';

/**
 * Notifications: what people are told about their work, fed from the outbox.
 *
 * - `outbox_events` learns who acted (`actor_type`, `actor_id`: nobody is told of their own
 *   action), what the event is about beyond its payload (`detail`, e.g. the comment's thread
 *   id) and when the notification consumer took it (`notified_at`). Events written before
 *   this migration are marked taken, so an upgrade does not mail the past.
 * - `notifications`: one row per recipient, event and task; the unique key makes the
 *   at-least-once consumer idempotent. The in-app list reads it; the mail pass sends rows
 *   whose `send_after` arrived (the coalescing window), the digest takes `delivery = digest`.
 * - `notification_settings`: per member or guest of an organization, per category.
 * - `notification_org_settings`: an organization's due-soon lead time, when it set one.
 * - `tasks.due_soon_notified_for`: the deadline `task.due_soon` was emitted for (as
 *   `overdue_notified_for` does for overdue), with the sweeper's partial index.
 * - `outgoing_emails.headers`: threading and List-Unsubscribe headers of a queued message.
 */
export async function up(db: AnyKysely, dialect: SqlDialect): Promise<void> {
  const ts = timestampType(dialect);
  const json = jsonType(dialect);

  await db.schema.alterTable('outbox_events').addColumn('actor_type', 'text').execute();
  await db.schema.alterTable('outbox_events').addColumn('actor_id', 'integer').execute();
  await db.schema.alterTable('outbox_events').addColumn('detail', json).execute();
  await db.schema.alterTable('outbox_events').addColumn('notified_at', ts).execute();
  await sql`update outbox_events set notified_at = created_at`.execute(db);
  await db.schema
    .createIndex('outbox_events_notify_idx')
    .on('outbox_events')
    .columns(['notified_at', 'created_at'])
    .execute();

  await db.schema.alterTable('outgoing_emails').addColumn('headers', json).execute();

  await db.schema.alterTable('tasks').addColumn('due_soon_notified_for', ts).execute();
  await db.schema
    .createIndex('tasks_due_soon_idx')
    .on('tasks')
    .column('deadline')
    .where(
      sql<boolean>`status in ('not-started', 'in-progress') and archived_at is null and (due_soon_notified_for is null or due_soon_notified_for <> deadline)`,
    )
    .execute();

  await db.schema
    .createTable('notifications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) =>
      c.notNull().references('organizations.id').onDelete('cascade'),
    )
    .addColumn('recipient_type', 'text', (c) => c.notNull())
    .addColumn('recipient_id', 'integer', (c) => c.notNull())
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('task_key', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('task_id', 'text')
    .addColumn('process_id', 'text')
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('text', 'text')
    .addColumn('actor_type', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'integer')
    .addColumn('watch_id', 'integer')
    .addColumn('delivery', 'text', (c) => c.notNull())
    .addColumn('send_after', ts)
    .addColumn('emailed_at', ts)
    .addColumn('email_id', 'text')
    .addColumn('read_at', ts)
    .addColumn('created_at', ts, (c) => c.notNull())
    .addUniqueConstraint('notifications_event_recipient_key', [
      'event_id',
      'recipient_type',
      'recipient_id',
      'task_key',
    ])
    .execute();
  await db.schema
    .createIndex('notifications_recipient_idx')
    .on('notifications')
    .columns(['organization_id', 'recipient_type', 'recipient_id', 'created_at'])
    .execute();
  await db.schema
    .createIndex('notifications_mail_due_idx')
    .on('notifications')
    .column('send_after')
    .where(sql<boolean>`delivery = 'email' and emailed_at is null`)
    .execute();

  await db.schema
    .createTable('notification_settings')
    .addColumn('organization_id', 'text', (c) =>
      c.notNull().references('organizations.id').onDelete('cascade'),
    )
    .addColumn('recipient_type', 'text', (c) => c.notNull())
    .addColumn('recipient_id', 'integer', (c) => c.notNull())
    .addColumn('assigned', 'text', (c) => c.notNull())
    .addColumn('reminders', 'text', (c) => c.notNull())
    .addColumn('comments', 'text', (c) => c.notNull())
    .addColumn('problems', 'text', (c) => c.notNull())
    .addColumn('processes', 'text', (c) => c.notNull())
    .addColumn('digest_hour', 'integer', (c) => c.notNull())
    .addColumn('last_digest_at', ts)
    .addColumn('next_digest_at', ts)
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('notification_settings_pk', [
      'organization_id',
      'recipient_type',
      'recipient_id',
    ])
    .execute();
  await db.schema
    .createIndex('notification_settings_digest_idx')
    .on('notification_settings')
    .column('next_digest_at')
    .execute();

  await db.schema
    .createTable('notification_org_settings')
    .addColumn('organization_id', 'text', (c) =>
      c.primaryKey().references('organizations.id').onDelete('cascade'),
    )
    .addColumn('due_soon_hours', 'integer', (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();
}
