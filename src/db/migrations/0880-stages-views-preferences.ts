import type { ColumnDefinitionBuilder } from 'kysely';
import type { AnyKysely, SqlDialect } from '../dialect.js';
import { booleanDefault, booleanType, jsonType, serialPrimaryKey, timestampType } from '../dialect.js';

/**
 * Stages (milestones) of templates and processes, the step and task columns pointing at
 * them, pinned templates, and each member's saved list views and preferences.
 *
 * `tasks.stage_id` is added nullable with no default, so on both databases the column
 * is added without rewriting the (large) tasks table.
 */
export async function up(db: AnyKysely, dialect: SqlDialect): Promise<void> {
  const ts = timestampType(dialect);
  const org = (c: ColumnDefinitionBuilder) => c.notNull().references('organizations.id').onDelete('cascade');
  await db.schema
    .createTable('stages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', org)
    /** `template` (frozen into its versions) | `process` (a stage added to one process). */
    .addColumn('subject_type', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('stages_subject_idx')
    .on('stages')
    .columns(['organization_id', 'subject_type', 'subject_id', 'position'])
    .execute();
  await db.schema.alterTable('template_steps').addColumn('stage_id', 'text').execute();
  await db.schema.alterTable('tasks').addColumn('stage_id', 'text').execute();
  await db.schema
    .alterTable('templates')
    .addColumn('is_pinned', booleanType(dialect), (c) =>
      c.notNull().defaultTo(booleanDefault(dialect, false)),
    )
    .execute();

  await db.schema
    .createTable('saved_views')
    .addColumn('id', 'integer', serialPrimaryKey(dialect))
    .addColumn('organization_id', 'text', org)
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    /** `process` (me/process-views) | `template` (me/checklist-views). */
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('filter_type', 'text')
    .addColumn('criteria', jsonType(dialect), (c) => c.notNull())
    .addColumn('is_active', booleanType(dialect), (c) =>
      c.notNull().defaultTo(booleanDefault(dialect, false)),
    )
    .addColumn('is_org_level', booleanType(dialect), (c) =>
      c.notNull().defaultTo(booleanDefault(dialect, false)),
    )
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('saved_views_owner_idx')
    .on('saved_views')
    .columns(['organization_id', 'user_id', 'kind', 'id'])
    .execute();

  await db.schema
    .createTable('member_preferences')
    .addColumn('organization_id', 'text', org)
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('slug', 'text', (c) => c.notNull())
    .addColumn('value', 'text')
    .addColumn('metadata', jsonType(dialect))
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('member_preferences_pk', ['organization_id', 'user_id', 'slug'])
    .execute();
}
