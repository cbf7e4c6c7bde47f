import { type ColumnDefinitionBuilder, sql } from 'kysely';
import type { AnyKysely, SqlDialect } from '../dialect.js';
import { serialPrimaryKey, timestampType } from '../dialect.js';

/**
 * Job titles (the wire's organization roles): named per organization and held by members
 * through `role_objects` rows (subject `user`, id as text).
 */
export async function up(db: AnyKysely, dialect: SqlDialect): Promise<void> {
  const ts = timestampType(dialect);
  const org = (c: ColumnDefinitionBuilder) => c.notNull().references('organizations.id').onDelete('cascade');
  await db.schema
    .createTable('job_titles')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', org)
    .addColumn('title', 'text', (c) => c.notNull())
    /** The title lowercased: unique per organization among job titles not deleted. */
    .addColumn('title_key', 'text', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addColumn('deleted_at', ts)
    .execute();
  await db.schema
    .createIndex('job_titles_org_title_unique')
    .on('job_titles')
    .columns(['organization_id', 'title_key'])
    .unique()
    .where(sql.ref('deleted_at'), 'is', null)
    .execute();

  await db.schema
    .createTable('role_objects')
    .addColumn('id', 'integer', serialPrimaryKey(dialect))
    .addColumn('organization_id', 'text', org)
    .addColumn('job_title_id', 'text', (c) => c.notNull().references('job_titles.id').onDelete('cascade'))
    /** `user` (a member holding the job title). */
    .addColumn('subject_type', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    // Also serves "job titles of member X", asked by the permission filter on every list.
    .addUniqueConstraint('role_objects_unique', [
      'organization_id',
      'subject_type',
      'subject_id',
      'job_title_id',
    ])
    .execute();
}
