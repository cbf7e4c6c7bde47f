import { sql } from 'kysely';
import type { AnyKysely, SqlDialect } from '../dialect.js';
import { timestampType } from '../dialect.js';

/**
 * What the deadline sweeper has done to a task, and the indexes it finds its work
 * with. `email_sent_at`: when an email step's message was queued (never twice).
 * `overdue_notified_for`: the deadline `task.overdue` was last emitted for, so a task is
 * announced once per deadline and again only when it gets a new one.
 *
 * Each index is partial: it holds only tasks that still have that kind of work waiting, so a
 * sweep reads a short range in deadline order however many tasks the installation keeps.
 * The sweep queries repeat these predicates word for word (both planners match them).
 */
export async function up(db: AnyKysely, dialect: SqlDialect): Promise<void> {
  const ts = timestampType(dialect);
  await db.schema.alterTable('tasks').addColumn('email_sent_at', ts).execute();
  await db.schema.alterTable('tasks').addColumn('overdue_notified_for', ts).execute();

  const open = sql`status in ('not-started', 'in-progress') and archived_at is null`;
  await db.schema
    .createIndex('tasks_expiry_due_idx')
    .on('tasks')
    .column('deadline')
    .where(sql<boolean>`task_type in ('expiring', 'expiring_email') and ${open}`)
    .execute();
  await db.schema
    .createIndex('tasks_email_due_idx')
    .on('tasks')
    .column('deadline')
    .where(sql<boolean>`task_type in ('email', 'expiring_email') and email_sent_at is null and ${open}`)
    .execute();
  await db.schema
    .createIndex('tasks_overdue_due_idx')
    .on('tasks')
    .column('deadline')
    .where(sql<boolean>`${open} and (overdue_notified_for is null or overdue_notified_for <> deadline)`)
    .execute();
}
