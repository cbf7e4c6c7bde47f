/**
 * The SQL of a restore: is the target empty, load a batch of rows, move sequences past the
 * restored ids, count what landed. Everything runs in the caller's one transaction.
 */
import { sql } from 'kysely';
import { type AnyKysely, deadlineKeySentinel, type SqlDialect } from '../dialect.js';
import { type CatalogQuery, describeTables, quoteIdent, type TableSchema } from './schema-catalog.js';

export function catalogQueryOf(db: AnyKysely): CatalogQuery {
  return async (text) => (await sql.raw<Record<string, unknown>>(text).execute(db)).rows;
}

/** The target's application tables, parents first. */
export function describeTargetTables(db: AnyKysely, dialect: SqlDialect): Promise<TableSchema[]> {
  return describeTables(catalogQueryOf(db), dialect);
}

/** The first table that holds a row, or undefined when every table is empty (or none exists). */
export async function findNonEmptyTable(db: AnyKysely, dialect: SqlDialect): Promise<string | undefined> {
  for (const table of await describeTargetTables(db, dialect)) {
    const rows = await sql.raw(`select 1 from ${quoteIdent(table.name)} limit 1`).execute(db);
    if (rows.rows.length > 0) return table.name;
  }
  return undefined;
}

export async function countRows(db: AnyKysely, table: string): Promise<number> {
  const result = await sql
    .raw<{ n: number | string }>(`select count(*) as n from ${quoteIdent(table)}`)
    .execute(db);
  return Number(result.rows[0]?.n ?? 0);
}

/** Rows per insert: both databases take well over 30,000 parameters in one statement. */
export function insertBatchSize(columns: number): number {
  return Math.max(1, Math.min(500, Math.floor(30_000 / Math.max(1, columns))));
}

/** Inserts rows (arrays in `columns` order, values already in the target's encoding). */
export async function insertRows(
  db: AnyKysely,
  table: string,
  columns: string[],
  rows: unknown[][],
): Promise<void> {
  if (rows.length === 0) return;
  const values = rows.map((row) => Object.fromEntries(columns.map((c, i) => [c, row[i] ?? null])));
  await db.insertInto(table).values(values).execute();
}

/**
 * Moves a table's sequence to at least `archived` and past every restored id, so new rows
 * never reuse an id, not even that of a row deleted before the backup.
 */
export async function advanceSequence(
  db: AnyKysely,
  dialect: SqlDialect,
  table: TableSchema,
  archived: number,
): Promise<void> {
  const column = table.serialColumn;
  if (!column) return;
  const max = await sql
    .raw<{ m: number | string | null }>(
      `select max(${quoteIdent(column)}) as m from ${quoteIdent(table.name)}`,
    )
    .execute(db);
  const value = Math.max(Number(max.rows[0]?.m ?? 0), archived, 0);
  if (dialect === 'postgres') {
    // setval(…, 1, false): the next id is 1, for a table that never had a row.
    await sql`select setval(pg_get_serial_sequence(${table.name}, ${column}), ${Math.max(value, 1)}, ${value > 0})`.execute(
      db,
    );
    return;
  }
  if (value === 0) return;
  const updated = await sql`update sqlite_sequence set seq = ${value} where name = ${table.name}`.execute(db);
  if (Number(updated.numAffectedRows ?? 0) === 0) {
    await sql`insert into sqlite_sequence (name, seq) values (${table.name}, ${value})`.execute(db);
  }
}

/** The sentinel that stands for "no deadline" in timestamp columns (see `deadlineKeySentinel`). */
export const sqliteFarFuture = deadlineKeySentinel('sqlite');
