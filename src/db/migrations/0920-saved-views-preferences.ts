import type { AnyKysely, SqlDialect } from '../dialect.js';
import { jsonType, serialPrimaryKey, timestampType } from '../dialect.js';

/**
 * Each member's saved list views (process and template lists) and their preferences. Both
 * belong to one member of one organization: every read is by (organization, user).
 */
export async function up(db: AnyKysely, dialect: SqlDialect): Promise<void> {
  const ts = timestampType(dialect);
  await db.schema
    .createTable('saved_views')
    .addColumn('id', 'integer', serialPrimaryKey(dialect))
    .addColumn('organization_id', 'text', (c) =>
      c.notNull().references('organizations.id').onDelete('cascade'),
    )
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    /** `process` (process list) | `template` (template list). */
    .addColumn('list_kind', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    /** `all` (every criterion) | `any` (one of them). */
    .addColumn('filter_type', 'text', (c) => c.notNull())
    .addColumn('is_active', 'integer', (c) => c.notNull())
    .addColumn('is_org_level', 'integer', (c) => c.notNull())
    /** `[{field, value, label?, task?}]`, each field one the list accepts. */
    .addColumn('criteria', jsonType(dialect), (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();
  // "My views of this list", in creation order: one index range.
  await db.schema
    .createIndex('saved_views_owner_idx')
    .on('saved_views')
    .columns(['organization_id', 'user_id', 'list_kind', 'id'])
    .execute();

  await db.schema
    .createTable('member_preferences')
    .addColumn('organization_id', 'text', (c) =>
      c.notNull().references('organizations.id').onDelete('cascade'),
    )
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('slug', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('metadata', jsonType(dialect))
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('member_preferences_pk', ['organization_id', 'user_id', 'slug'])
    .execute();
}
