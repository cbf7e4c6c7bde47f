import type { AnyKysely, SqlDialect } from '../dialect.js';

/**
 * A one-off task's events are numbered per task (the last number of the task plus one, read
 * when an event is written, and by the retention job, which keeps each task's latest event);
 * this index finds a task's events in sequence order instead of reading the whole outbox.
 */
export async function up(db: AnyKysely, _dialect: SqlDialect): Promise<void> {
  await db.schema
    .createIndex('outbox_events_task_idx')
    .on('outbox_events')
    .columns(['task_id', 'sequence'])
    .execute();
}
