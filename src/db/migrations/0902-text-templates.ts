import type { ColumnDefinitionBuilder } from 'kysely';
import type { AnyKysely, SqlDialect } from '../dialect.js';
import { serialPrimaryKey, timestampType } from '../dialect.js';

/**
 * Snippets (the wire's text templates): reusable text of one organization, and the members
 * and guests each one is shared with (`type` is the member's own label for it).
 */
export async function up(db: AnyKysely, dialect: SqlDialect): Promise<void> {
  const ts = timestampType(dialect);
  const org = (c: ColumnDefinitionBuilder) => c.notNull().references('organizations.id').onDelete('cascade');
  await db.schema
    .createTable('text_templates')
    .addColumn('id', 'integer', serialPrimaryKey(dialect))
    .addColumn('organization_id', 'text', org)
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('template', 'text', (c) => c.notNull())
    .addColumn('created_by', 'integer')
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('text_templates_org_idx')
    .on('text_templates')
    .columns(['organization_id', 'title'])
    .execute();

  const link = (table: string, column: 'user_id' | 'guest_id', references: string) =>
    db.schema
      .createTable(table)
      .addColumn('id', 'integer', serialPrimaryKey(dialect))
      .addColumn('organization_id', 'text', org)
      .addColumn('text_template_id', 'integer', (c) =>
        c.notNull().references('text_templates.id').onDelete('cascade'),
      )
      .addColumn(column, 'integer', (c) => c.notNull().references(references).onDelete('cascade'))
      .addColumn('type', 'text')
      .addColumn('created_at', ts, (c) => c.notNull())
      .addColumn('updated_at', ts, (c) => c.notNull())
      .addUniqueConstraint(`${table}_unique`, ['organization_id', 'text_template_id', column])
      .execute();
  await link('text_template_users', 'user_id', 'users.id');
  await link('text_template_guests', 'guest_id', 'guests.id');
}
