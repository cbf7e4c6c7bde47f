import type { ColumnDefinitionBuilder } from 'kysely';
import type { AnyKysely, SqlDialect } from '../dialect.js';
import { timestampType } from '../dialect.js';

/**
 * Who may see, edit and launch a template, and who may read a process. One row per
 * (list, subject): a template list with no rows is not set (open to members, as before).
 * Subjects are members (`user`, id as text), groups (`group`) and job titles (`role`).
 */
export async function up(db: AnyKysely, dialect: SqlDialect): Promise<void> {
  const ts = timestampType(dialect);
  const org = (c: ColumnDefinitionBuilder) => c.notNull().references('organizations.id').onDelete('cascade');
  await db.schema
    .createTable('template_permissions')
    .addColumn('organization_id', 'text', org)
    .addColumn('template_id', 'text', (c) => c.notNull().references('templates.id').onDelete('cascade'))
    /** `edit` | `read` | `launch` | `process_read` | `duplicate`. */
    .addColumn('permission', 'text', (c) => c.notNull())
    /** `user` | `group` | `role` | `guest`. */
    .addColumn('subject_type', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    // Serves "the lists of these templates" and the EXISTS of the visibility filter.
    .addPrimaryKeyConstraint('template_permissions_pk', [
      'organization_id',
      'template_id',
      'permission',
      'subject_type',
      'subject_id',
    ])
    .execute();

  await db.schema
    .createTable('process_permissions')
    .addColumn('organization_id', 'text', org)
    .addColumn('process_id', 'text', (c) => c.notNull().references('processes.id').onDelete('cascade'))
    /** `user` | `group` | `role`. */
    .addColumn('subject_type', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('process_permissions_pk', [
      'organization_id',
      'process_id',
      'subject_type',
      'subject_id',
    ])
    .execute();
}
