import { type ColumnDefinitionBuilder, sql } from 'kysely';
import type { AnyKysely, SqlDialect } from '../dialect.js';
import { serialPrimaryKey, timestampType } from '../dialect.js';

/**
 * Job titles (the wire's organization roles): named per organization, held by members,
 * and put on steps and tasks (`role_objects`) so work is assigned by job title.
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
    .createTable('member_job_titles')
    .addColumn('organization_id', 'text', org)
    .addColumn('job_title_id', 'text', (c) => c.notNull().references('job_titles.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('member_job_titles_pk', ['organization_id', 'job_title_id', 'user_id'])
    .execute();
  // "Job titles of member X" (the permission filter and task lists ask it on every request).
  await db.schema
    .createIndex('member_job_titles_user_idx')
    .on('member_job_titles')
    .columns(['organization_id', 'user_id', 'job_title_id'])
    .execute();

  await db.schema
    .createTable('role_objects')
    .addColumn('id', 'integer', serialPrimaryKey(dialect))
    .addColumn('organization_id', 'text', org)
    .addColumn('job_title_id', 'text', (c) => c.notNull().references('job_titles.id').onDelete('cascade'))
    /** `step` | `task`. */
    .addColumn('subject_type', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addUniqueConstraint('role_objects_unique', [
      'organization_id',
      'subject_type',
      'subject_id',
      'job_title_id',
    ])
    .execute();
}
