import { sql } from 'kysely';
import type { AnyKysely, SqlDialect } from '../dialect.js';
import { serialPrimaryKey } from '../dialect.js';
import { installSearchSource, type SearchSource } from '../search-sources.js';

/**
 * The text index behind `GET /search`. One row per searchable object in `search_documents`
 * (its kind, organization, title and body), kept by database triggers on the source tables
 * so no write path can forget it, in the writing transaction. The text index over it:
 * - SQLite: an external-content FTS5 table `search_fts` (unicode61, diacritics folded,
 *   prefix indexes of 2–4 characters so "inv" finds "invoice" from the index);
 * - PostgreSQL: a stored `tsvector` column (`simple` configuration: no stemming, any
 *   language) with a GIN index; prefixes are `tsquery` `:*` matches.
 * Each document also carries one scope token, the kind followed by the organization id,
 * so a query intersects its words with one organization's documents of one kind inside
 * the text index instead of filtering every organization's matches afterwards.
 */
const SOURCES: readonly SearchSource[] = [
  { kind: 'task', table: 'tasks', parent: 'process_id', title: 'title', body: 'summary' },
  { kind: 'process', table: 'processes', parent: 'template_id', title: 'name', body: 'summary' },
  { kind: 'template', table: 'templates', parent: null, title: 'title', body: 'summary' },
  { kind: 'step', table: 'template_steps', parent: 'template_id', title: 'title', body: 'summary' },
];

export async function up(db: AnyKysely, dialect: SqlDialect): Promise<void> {
  await db.schema
    .createTable('search_documents')
    .addColumn('id', 'integer', serialPrimaryKey(dialect))
    .addColumn('organization_id', 'text', (c) =>
      c.notNull().references('organizations.id').onDelete('cascade'),
    )
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('parent_id', 'text')
    .addColumn('title', 'text')
    .addColumn('body', 'text')
    .addUniqueConstraint('search_documents_subject_unique', ['kind', 'subject_id'])
    .execute();

  if (dialect === 'postgres') {
    await sql`
      alter table search_documents add column document tsvector generated always as (
        setweight(to_tsvector('simple'::regconfig, scope), 'D') ||
        setweight(to_tsvector('simple'::regconfig, coalesce(title, '')), 'A') ||
        setweight(to_tsvector('simple'::regconfig, coalesce(body, '')), 'B')
      ) stored`.execute(db);
  }
  for (const source of SOURCES) await installSearchSource(db, dialect, source, { backfill: true });
  if (dialect === 'postgres') {
    await sql`create index search_documents_document_idx on search_documents using gin (document)`.execute(
      db,
    );
    await sql`analyze search_documents`.execute(db);
    return;
  }
  // The text index is built once over the backfilled rows, then kept by triggers.
  await sql`
    create virtual table search_fts using fts5(
      scope, title, body,
      content = 'search_documents', content_rowid = 'id',
      tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3 4'
    )`.execute(db);
  await sql`insert into search_fts(search_fts) values ('rebuild')`.execute(db);
  await sql`
    create trigger search_documents_fts_insert after insert on search_documents begin
      insert into search_fts(rowid, scope, title, body) values (new.id, new.scope, new.title, new.body);
    end`.execute(db);
  await sql`
    create trigger search_documents_fts_delete after delete on search_documents begin
      insert into search_fts(search_fts, rowid, scope, title, body)
        values ('delete', old.id, old.scope, old.title, old.body);
    end`.execute(db);
  await sql`
    create trigger search_documents_fts_update after update on search_documents begin
      insert into search_fts(search_fts, rowid, scope, title, body)
        values ('delete', old.id, old.scope, old.title, old.body);
      insert into search_fts(rowid, scope, title, body) values (new.id, new.scope, new.title, new.body);
    end`.execute(db);
}
