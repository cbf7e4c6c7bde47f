/**
 * The tables of a Flowlane database as its catalog describes them: columns with a portable
 * type, primary key, the tables each one references and its auto-increment column. Backups
 * and restores read the list from here, so a table a new migration adds is backed up
 * without anyone keeping a list by hand.
 */

import type { SqlDialect } from '../dialect.js';
import { MIGRATION_TABLES } from '../migration-state.js';

/** Column types as an archive records them, the same for both databases. */
export type PortableType = 'text' | 'integer' | 'real' | 'boolean' | 'timestamp' | 'json' | 'bytes';

export interface ColumnSchema {
  name: string;
  type: PortableType;
}

export interface TableSchema {
  name: string;
  columns: ColumnSchema[];
  primaryKey: string[];
  /** Tables this one has foreign keys to (itself excluded). */
  references: string[];
  /** The integer key a sequence (identity, AUTOINCREMENT) fills, if any. */
  serialColumn: string | undefined;
}

/** Runs one catalog query (no parameters) and returns its rows. */
export type CatalogQuery = (text: string) => Promise<Record<string, unknown>[]>;

export const quoteIdent = (name: string): string => `"${name.replace(/"/g, '""')}"`;
const quoteText = (value: string): string => `'${value.replace(/'/g, "''")}'`;

/**
 * The search index (migration 0870) is derived: triggers on the tables it indexes rebuild it
 * as a restore writes them, so it is neither archived nor restored (SQLite's FTS5 table and
 * its shadow tables included).
 */
const isDerivedTable = (name: string) => name === 'search_documents' || name.startsWith('search_fts');

/** Every application table, parents before the tables that reference them. */
export async function describeTables(query: CatalogQuery, dialect: SqlDialect): Promise<TableSchema[]> {
  const tables = dialect === 'postgres' ? await describePostgres(query) : await describeSqlite(query);
  return inForeignKeyOrder(
    tables.filter(
      (t) => !(MIGRATION_TABLES as readonly string[]).includes(t.name) && !isDerivedTable(t.name),
    ),
  );
}

/** Kahn's algorithm, ties broken by name so the order is the same on every run. */
export function inForeignKeyOrder(tables: TableSchema[]): TableSchema[] {
  const byName = new Map(tables.map((t) => [t.name, t]));
  const placed = new Set<string>();
  const ordered: TableSchema[] = [];
  const remaining = [...tables].sort((a, b) => a.name.localeCompare(b.name));
  while (remaining.length > 0) {
    const index = remaining.findIndex((t) =>
      t.references.every((ref) => placed.has(ref) || !byName.has(ref)),
    );
    if (index < 0) {
      throw new Error(`foreign keys form a cycle among ${remaining.map((t) => t.name).join(', ')}`);
    }
    const [next] = remaining.splice(index, 1);
    if (!next) break;
    placed.add(next.name);
    ordered.push(next);
  }
  return ordered;
}

function sqliteType(declared: string): PortableType {
  const type = declared.toLowerCase();
  if (type.includes('int')) return 'integer';
  if (type.includes('real') || type.includes('double') || type.includes('float')) return 'real';
  if (type.includes('blob')) return 'bytes';
  return 'text';
}

async function describeSqlite(query: CatalogQuery): Promise<TableSchema[]> {
  const names = await query(
    "select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name",
  );
  const autoIncrement = new Set(
    (await query("select name from sqlite_master where type = 'table' and sql like '%autoincrement%'")).map(
      (r) => String(r.name),
    ),
  );
  const tables: TableSchema[] = [];
  for (const { name } of names) {
    const table = String(name);
    const info = await query(
      `select name, type, pk from pragma_table_info(${quoteText(table)}) order by cid`,
    );
    const fks = await query(
      `select distinct "table" as ref from pragma_foreign_key_list(${quoteText(table)})`,
    );
    const primaryKey = info
      .filter((c) => Number(c.pk) > 0)
      .sort((a, b) => Number(a.pk) - Number(b.pk))
      .map((c) => String(c.name));
    tables.push({
      name: table,
      columns: info.map((c) => ({ name: String(c.name), type: sqliteType(String(c.type)) })),
      primaryKey,
      references: fks.map((f) => String(f.ref)).filter((ref) => ref !== table),
      serialColumn: autoIncrement.has(table) && primaryKey.length === 1 ? primaryKey[0] : undefined,
    });
  }
  return tables;
}

function postgresType(dataType: string): PortableType {
  if (dataType.startsWith('timestamp')) return 'timestamp';
  if (dataType === 'json' || dataType === 'jsonb') return 'json';
  if (dataType === 'boolean') return 'boolean';
  if (dataType === 'integer' || dataType === 'bigint' || dataType === 'smallint') return 'integer';
  if (dataType === 'real' || dataType === 'double precision' || dataType === 'numeric') return 'real';
  if (dataType === 'bytea') return 'bytes';
  return 'text';
}

async function describePostgres(query: CatalogQuery): Promise<TableSchema[]> {
  const columns = await query(`
    select c.table_name, c.column_name, c.data_type,
      (c.is_identity = 'YES' or c.column_default like 'nextval(%') as serial
    from information_schema.columns c
    join information_schema.tables t
      on t.table_schema = c.table_schema and t.table_name = c.table_name and t.table_type = 'BASE TABLE'
    where c.table_schema = current_schema()
    order by c.table_name, c.ordinal_position`);
  const keys = await query(`
    select tc.table_name, k.column_name
    from information_schema.table_constraints tc
    join information_schema.key_column_usage k
      on k.constraint_schema = tc.constraint_schema and k.constraint_name = tc.constraint_name
    where tc.table_schema = current_schema() and tc.constraint_type = 'PRIMARY KEY'
    order by tc.table_name, k.ordinal_position`);
  const fks = await query(`
    select distinct src.relname as table_name, dst.relname as ref
    from pg_constraint con
    join pg_class src on src.oid = con.conrelid
    join pg_class dst on dst.oid = con.confrelid
    where con.contype = 'f' and con.connamespace = current_schema()::regnamespace`);
  const tables = new Map<string, TableSchema>();
  for (const c of columns) {
    const name = String(c.table_name);
    let table = tables.get(name);
    if (!table) {
      table = { name, columns: [], primaryKey: [], references: [], serialColumn: undefined };
      tables.set(name, table);
    }
    table.columns.push({ name: String(c.column_name), type: postgresType(String(c.data_type)) });
    if (c.serial === true) table.serialColumn = String(c.column_name);
  }
  for (const k of keys) tables.get(String(k.table_name))?.primaryKey.push(String(k.column_name));
  for (const f of fks) {
    const table = tables.get(String(f.table_name));
    if (table && String(f.ref) !== table.name) table.references.push(String(f.ref));
  }
  return [...tables.values()];
}
