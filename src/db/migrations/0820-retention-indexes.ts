import type { AnyKysely, SqlDialect } from '../dialect.js';

/**
 * The retention job deletes finished deliveries and e-mails oldest first; these indexes let
 * it find them in order instead of reading every row of the status (at 30 days of a busy
 * installation, hundreds of thousands). Dispatched events already have one
 * (outbox_events_pending_idx starts with dispatched_at).
 */
export async function up(db: AnyKysely, _dialect: SqlDialect): Promise<void> {
  await db.schema
    .createIndex('webhook_deliveries_finished_idx')
    .on('webhook_deliveries')
    .columns(['status', 'completed_at'])
    .execute();
  await db.schema
    .createIndex('outgoing_emails_finished_idx')
    .on('outgoing_emails')
    .columns(['status', 'created_at'])
    .execute();
}
