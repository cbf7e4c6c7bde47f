import type { AnyKysely, SqlDialect } from '../dialect.js';
import { booleanDefault, booleanType, serialPrimaryKey, timestampType } from '../dialect.js';

/** The spec's watchers, including organization-level webhook subscriptions. */
export async function up(db: AnyKysely, dialect: SqlDialect): Promise<void> {
  const ts = timestampType(dialect);
  await db.schema
    .createTable('watchers')
    .addColumn('id', 'integer', serialPrimaryKey(dialect))
    .addColumn('organization_id', 'text', (c) =>
      c.notNull().references('organizations.id').onDelete('cascade'),
    )
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('object_type', 'text', (c) => c.notNull())
    .addColumn('object_id', 'text', (c) => c.notNull())
    .addColumn('notification_type', 'text', (c) => c.notNull())
    .addColumn('frequency', 'text', (c) => c.notNull())
    .addColumn('webhook', 'text')
    .addColumn('is_system_watch', booleanType(dialect), (c) =>
      c.notNull().defaultTo(booleanDefault(dialect, false)),
    )
    .addColumn('created_by', 'integer', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('last_updated', ts, (c) => c.notNull())
    .execute();
  // The dispatcher's lookup: webhook watchers of an organization / process / task.
  await db.schema
    .createIndex('watchers_object_idx')
    .on('watchers')
    .columns(['organization_id', 'object_type', 'object_id'])
    .execute();
  await db.schema
    .createIndex('watchers_user_idx')
    .on('watchers')
    .columns(['organization_id', 'user_id'])
    .execute();
}
