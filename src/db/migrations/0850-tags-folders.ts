import { type ColumnDefinitionBuilder, sql } from 'kysely';
import type { AnyKysely, SqlDialect } from '../dialect.js';
import { booleanDefault, booleanType, serialPrimaryKey, timestampType } from '../dialect.js';

/**
 * Tags and folders. Attachments are rows (`tag_links`, `folder_objects`), not JSON arrays,
 * so "processes tagged X" and "tasks in folder Y" are index lookups on
 * (organization, tag or folder, subject type).
 */
export async function up(db: AnyKysely, dialect: SqlDialect): Promise<void> {
  const ts = timestampType(dialect);
  const org = (c: ColumnDefinitionBuilder) => c.notNull().references('organizations.id').onDelete('cascade');
  await db.schema
    .createTable('tags')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', org)
    .addColumn('title', 'text', (c) => c.notNull())
    /** The title lowercased: titles are unique per organization regardless of case. */
    .addColumn('title_key', 'text', (c) => c.notNull())
    .addColumn('color', 'text', (c) => c.notNull())
    .addColumn('auto_generated', booleanType(dialect), (c) =>
      c.notNull().defaultTo(booleanDefault(dialect, false)),
    )
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addColumn('deleted_at', ts)
    .execute();
  // Archived tags free their title for a new one.
  await db.schema
    .createIndex('tags_org_title_unique')
    .on('tags')
    .columns(['organization_id', 'title_key'])
    .unique()
    .where(sql.ref('deleted_at'), 'is', null)
    .execute();

  await db.schema
    .createTable('tag_links')
    .addColumn('id', 'integer', serialPrimaryKey(dialect))
    .addColumn('organization_id', 'text', org)
    .addColumn('tag_id', 'text', (c) => c.notNull().references('tags.id').onDelete('cascade'))
    /** `template` | `process` | `step` | `task`. */
    .addColumn('subject_type', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addUniqueConstraint('tag_links_unique', ['organization_id', 'tag_id', 'subject_type', 'subject_id'])
    .execute();
  // The unique key serves "subjects with tag X"; this one serves "tags of these subjects".
  await db.schema
    .createIndex('tag_links_subject_idx')
    .on('tag_links')
    .columns(['organization_id', 'subject_type', 'subject_id'])
    .execute();

  await db.schema
    .createTable('folders')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', org)
    /** `checklist` (templates) | `run` (processes and tasks); fixed at creation. */
    .addColumn('folder_type', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('parent_id', 'text')
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'integer')
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('folders_parent_idx')
    .on('folders')
    .columns(['organization_id', 'folder_type', 'parent_id', 'position'])
    .execute();

  await db.schema
    .createTable('folder_objects')
    .addColumn('id', 'integer', serialPrimaryKey(dialect))
    .addColumn('organization_id', 'text', org)
    .addColumn('folder_id', 'text', (c) => c.notNull().references('folders.id').onDelete('cascade'))
    /** `process` | `task`; templates sit in one folder through `templates.folder_id`. */
    .addColumn('subject_type', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addUniqueConstraint('folder_objects_unique', [
      'organization_id',
      'folder_id',
      'subject_type',
      'subject_id',
    ])
    .execute();
  await db.schema
    .createIndex('folder_objects_subject_idx')
    .on('folder_objects')
    .columns(['organization_id', 'subject_type', 'subject_id'])
    .execute();
  await db.schema
    .createIndex('templates_folder_idx')
    .on('templates')
    .columns(['organization_id', 'folder_id'])
    .execute();
}
