import type { ColumnDefinitionBuilder } from 'kysely';
import type { AnyKysely, SqlDialect } from '../dialect.js';
import { timestampType } from '../dialect.js';

/** Favorites: a member's starred templates and processes (each member stars for themselves). */
export async function up(db: AnyKysely, dialect: SqlDialect): Promise<void> {
  const ts = timestampType(dialect);
  await db.schema
    .createTable('favorites')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c: ColumnDefinitionBuilder) =>
      c.notNull().references('organizations.id').onDelete('cascade'),
    )
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    /** `template` | `process`. */
    .addColumn('subject_type', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    // Serves "my starred templates" (the starred filters) as one index range.
    .addUniqueConstraint('favorites_unique', ['organization_id', 'user_id', 'subject_type', 'subject_id'])
    .execute();
}
