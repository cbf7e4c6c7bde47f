/**
 * How a table feeds the search index (`search_documents`, migration 0870): triggers on the
 * source table insert, update and delete its documents in the writing transaction, so every
 * write path keeps the index current. Making a new kind searchable is one migration calling
 * `installSearchSource` for its table, plus its entry in the search repository's kinds.
 * Source ids may be text or integers: the document keeps them as text.
 */
import { sql } from 'kysely';
import type { AnyKysely, SqlDialect } from './dialect.js';

export interface SearchSource {
  /** The document kind (`task`, `process`, `template`, `step`, …). */
  kind: string;
  table: string;
  /** Column holding the object the document belongs under (a step's template), if any. */
  parent: string | null;
  title: string;
  body: string | null;
}

const IDENT = /^[a-z_][a-z0-9_]*$/;

/** The values of one document for the source row `row` (`new`, `old` or a table alias). */
function documentValues(s: SearchSource, row: string) {
  return sql.raw(
    `${row}.organization_id, '${s.kind}', '${s.kind}' || ${row}.organization_id, cast(${row}.id as text), ` +
      `${s.parent ? `${row}.${s.parent}` : 'null'}, ${row}.${s.title}, ${s.body ? `${row}.${s.body}` : 'null'}`,
  );
}

const COLUMNS = sql.raw('(organization_id, kind, scope, subject_id, parent_id, title, body)');

export async function installSearchSource(
  db: AnyKysely,
  dialect: SqlDialect,
  s: SearchSource,
  options: { backfill: boolean },
): Promise<void> {
  for (const name of [s.kind, s.table, s.parent, s.title, s.body]) {
    if (name !== null && !IDENT.test(name)) throw new Error(`Bad search source name: ${name}`);
  }
  if (options.backfill) {
    await sql`insert into search_documents ${COLUMNS}
      select ${documentValues(s, 'src')} from ${sql.table(s.table)} src`.execute(db);
  }
  if (dialect === 'postgres') await postgresTriggers(db, s);
  else await sqliteTriggers(db, s);
}

const textColumns = (s: SearchSource) => [s.title, s.body, s.parent].filter((c): c is string => c !== null);

function changedCondition(s: SearchSource): string {
  return textColumns(s)
    .map((c) => `old.${c} is distinct from new.${c}`)
    .join(' or ');
}

function updateSet(s: SearchSource): string {
  return (
    `title = new.${s.title}, body = ${s.body ? `new.${s.body}` : 'null'}, ` +
    `parent_id = ${s.parent ? `new.${s.parent}` : 'null'}`
  );
}

async function sqliteTriggers(db: AnyKysely, s: SearchSource): Promise<void> {
  const name = (suffix: string) => sql.raw(`${s.table}_search_${suffix}`);
  const table = sql.table(s.table);
  const changed = sql.raw(changedCondition(s).replaceAll('is distinct from', 'is not'));
  await sql`create trigger ${name('insert')} after insert on ${table} begin
      insert into search_documents ${COLUMNS} values (${documentValues(s, 'new')});
    end`.execute(db);
  await sql`create trigger ${name('update')} after update of ${sql.raw(textColumns(s).join(', '))} on ${table} when ${changed} begin
      update search_documents set ${sql.raw(updateSet(s))}
      where kind = ${sql.lit(s.kind)} and subject_id = cast(new.id as text);
    end`.execute(db);
  await sql`create trigger ${name('delete')} after delete on ${table} begin
      delete from search_documents where kind = ${sql.lit(s.kind)} and subject_id = cast(old.id as text);
    end`.execute(db);
}

async function postgresTriggers(db: AnyKysely, s: SearchSource): Promise<void> {
  const fn = sql.raw(`search_index_${s.kind}`);
  const kind = sql.lit(s.kind);
  await sql`create function ${fn}() returns trigger language plpgsql as $$
    begin
      if tg_op = 'DELETE' then
        delete from search_documents where kind = ${kind} and subject_id = cast(old.id as text);
        return old;
      elsif tg_op = 'INSERT' then
        insert into search_documents ${COLUMNS} values (${documentValues(s, 'new')});
      elsif ${sql.raw(changedCondition(s))} then
        update search_documents set ${sql.raw(updateSet(s))}
        where kind = ${kind} and subject_id = cast(new.id as text);
      end if;
      return new;
    end $$`.execute(db);
  await sql`create trigger ${sql.raw(`${s.table}_search_index`)}
    after insert or update of ${sql.raw(textColumns(s).join(', '))} or delete on ${sql.table(s.table)}
    for each row execute function ${fn}()`.execute(db);
}
