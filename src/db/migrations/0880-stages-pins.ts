import type { ColumnDefinitionBuilder } from 'kysely';
import type { AnyKysely, SqlDialect } from '../dialect.js';
import { booleanDefault, booleanType, timestampType } from '../dialect.js';

/**
 * Stages (milestones) of templates and processes, the step and task columns pointing at
 * them, and pinned templates.
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
}
