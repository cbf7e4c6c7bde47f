import { type ColumnDefinitionBuilder, sql } from 'kysely';
import type { AnyKysely, SqlDialect } from '../dialect.js';
import { booleanDefault, booleanType, serialPrimaryKey, timestampType } from '../dialect.js';
import { installSearchSource } from '../search-sources.js';

/**
 * Snippets (the wire's text templates): reusable text of one organization, referenced from
 * step and task summaries as `{{snippet:ID}}` and expanded where those are shown. A member
 * may mark a snippet for themselves (`snippet_users`, with a type), an administrator may
 * share one with a guest (`snippet_guests`). Snippets are searchable (`on=snippet`).
 */
export async function up(db: AnyKysely, dialect: SqlDialect): Promise<void> {
  const ts = timestampType(dialect);
  const org = (c: ColumnDefinitionBuilder) => c.notNull().references('organizations.id').onDelete('cascade');
  const snippet = (c: ColumnDefinitionBuilder) => c.notNull().references('snippets.id').onDelete('cascade');
  await db.schema
    .createTable('snippets')
    .addColumn('id', 'integer', serialPrimaryKey(dialect))
    .addColumn('organization_id', 'text', org)
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    /** Shown by the public library route (`/public/library/organizations/{org}/text-templates/{id}`). */
    .addColumn('is_public', booleanType(dialect), (c) =>
      c.notNull().defaultTo(booleanDefault(dialect, false)),
    )
    .addColumn('created_by', 'integer')
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();
  // The list's order by title and the id lookups of one organization.
  await db.schema
    .createIndex('snippets_org_title')
    .on('snippets')
    .columns(['organization_id', 'title'])
    .execute();

  await db.schema
    .createTable('snippet_users')
    .addColumn('id', 'integer', serialPrimaryKey(dialect))
    .addColumn('organization_id', 'text', org)
    .addColumn('snippet_id', 'integer', snippet)
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addUniqueConstraint('snippet_users_unique', ['organization_id', 'snippet_id', 'user_id', 'type'])
    .execute();

  await db.schema
    .createTable('snippet_guests')
    .addColumn('id', 'integer', serialPrimaryKey(dialect))
    .addColumn('organization_id', 'text', org)
    .addColumn('snippet_id', 'integer', snippet)
    .addColumn('guest_id', 'integer', (c) => c.notNull().references('guests.id').onDelete('cascade'))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addUniqueConstraint('snippet_guests_unique', ['organization_id', 'snippet_id', 'guest_id'])
    .execute();

  await installSearchSource(
    db,
    dialect,
    { kind: 'snippet', table: 'snippets', parent: null, title: 'title', body: 'content' },
    { backfill: false },
  );
  if (dialect === 'postgres') await sql`analyze snippets`.execute(db);
}
