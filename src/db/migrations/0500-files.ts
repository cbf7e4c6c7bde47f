import type { ColumnDefinitionBuilder } from 'kysely';
import type { AnyKysely, SqlDialect } from '../dialect.js';
import { timestampType } from '../dialect.js';

/** Uploaded files (assets) and the content-addressed blobs they share. */
export async function up(db: AnyKysely, dialect: SqlDialect): Promise<void> {
  const ts = timestampType(dialect);
  const org = (c: ColumnDefinitionBuilder) => c.notNull().references('organizations.id').onDelete('cascade');

  await db.schema
    .createTable('file_blobs')
    .addColumn('organization_id', 'text', org)
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('storage_key', 'text', (c) => c.notNull())
    .addColumn('backend', 'text', (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('ref_count', 'integer', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('file_blobs_pk', ['organization_id', 'sha256'])
    .execute();

  await db.schema
    .createTable('assets')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', org)
    .addColumn('storage_key', 'text', (c) => c.notNull())
    .addColumn('backend', 'text', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('filename', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('subject_type', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('process_id', 'text')
    .addColumn('template_id', 'text')
    .addColumn('step_id', 'text')
    .addColumn('task_id', 'text')
    .addColumn('uploaded_from', 'text')
    .addColumn('field_id', 'text')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('system', 'text')
    .addColumn('uploader_type', 'text', (c) => c.notNull())
    .addColumn('uploader_id', 'integer', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('archived_at', ts)
    .execute();
  // `with=assets` on processes, tasks and templates; a task's assets are its own plus the
  // ones uploaded to its process for its step.
  await db.schema
    .createIndex('assets_org_process_idx')
    .on('assets')
    .columns(['organization_id', 'process_id', 'step_id'])
    .execute();
  await db.schema
    .createIndex('assets_org_task_idx')
    .on('assets')
    .columns(['organization_id', 'task_id'])
    .execute();
  await db.schema
    .createIndex('assets_org_template_idx')
    .on('assets')
    .columns(['organization_id', 'template_id'])
    .execute();
  await db.schema
    .createIndex('assets_org_subject_idx')
    .on('assets')
    .columns(['organization_id', 'subject_type', 'subject_id'])
    .execute();
}
