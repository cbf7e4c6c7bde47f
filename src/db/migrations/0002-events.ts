import type { AnyKysely, SqlDialect } from '../dialect.js';
import { jsonType, serialPrimaryKey, timestampType } from '../dialect.js';

export async function up(db: AnyKysely, dialect: SqlDialect): Promise<void> {
  const ts = timestampType(dialect);
  const json = jsonType(dialect);

  await db.schema
    .createTable('activities')
    .addColumn('id', 'integer', serialPrimaryKey(dialect))
    .addColumn('organization_id', 'text', (c) =>
      c.notNull().references('organizations.id').onDelete('cascade'),
    )
    .addColumn('actor_type', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'integer')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('object_type', 'text', (c) => c.notNull())
    .addColumn('object_id', 'text', (c) => c.notNull())
    .addColumn('process_id', 'text')
    .addColumn('task_id', 'text')
    .addColumn('field', 'text')
    .addColumn('old_value', json)
    .addColumn('new_value', json)
    .addColumn('text', 'text')
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('activities_object_idx')
    .on('activities')
    .columns(['organization_id', 'object_type', 'object_id', 'id'])
    .execute();
  await db.schema
    .createIndex('activities_process_idx')
    .on('activities')
    .columns(['organization_id', 'process_id', 'id'])
    .execute();
  await db.schema.createIndex('activities_task_idx').on('activities').columns(['task_id', 'id']).execute();

  await db.schema
    .createTable('outbox_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) =>
      c.notNull().references('organizations.id').onDelete('cascade'),
    )
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('process_id', 'text')
    .addColumn('task_id', 'text')
    .addColumn('sequence', 'integer', (c) => c.notNull())
    .addColumn('payload', json, (c) => c.notNull())
    .addColumn('targets', json, (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('dispatched_at', ts)
    .execute();
  await db.schema
    .createIndex('outbox_events_pending_idx')
    .on('outbox_events')
    .columns(['dispatched_at', 'created_at'])
    .execute();
  await db.schema
    .createIndex('outbox_events_process_idx')
    .on('outbox_events')
    .columns(['process_id', 'sequence'])
    .execute();
}
