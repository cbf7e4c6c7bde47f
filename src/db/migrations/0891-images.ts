import type { AnyKysely, SqlDialect } from '../dialect.js';
import { timestampType } from '../dialect.js';

/**
 * Pictures and logos, re-encoded on upload: a member's profile picture (`user`, global like
 * the account, so no organization), an organization's logo and a group's logo. Each row
 * names its full-size and thumbnail objects in the file store.
 */
export async function up(db: AnyKysely, dialect: SqlDialect): Promise<void> {
  const ts = timestampType(dialect);
  await db.schema
    .createTable('images')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.references('organizations.id').onDelete('cascade'))
    /** `user | organization | group` */
    .addColumn('owner_type', 'text', (c) => c.notNull())
    .addColumn('owner_id', 'text', (c) => c.notNull())
    .addColumn('storage_key', 'text', (c) => c.notNull())
    .addColumn('thumb_key', 'text', (c) => c.notNull())
    .addColumn('width', 'integer', (c) => c.notNull())
    .addColumn('height', 'integer', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('images_owner').on('images').columns(['owner_type', 'owner_id']).execute();
}
