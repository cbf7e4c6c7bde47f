/**
 * One consistent, read-only view of a whole database for a backup, on its own connection so
 * the server keeps serving and writing meanwhile: on SQLite a read transaction (WAL lets
 * writers go on beside it), on PostgreSQL one REPEATABLE READ transaction. Rows come in
 * batches, so memory stays flat at any size.
 */
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import type { DatabaseConfig } from '../../config/index.js';
import type { SqlDialect } from '../dialect.js';
import { type CatalogQuery, describeTables, quoteIdent, type TableSchema } from './schema-catalog.js';

export interface Snapshot {
  dialect: SqlDialect;
  /** Application tables, parents first. */
  tables: TableSchema[];
  /** The migrations the database had run, in order: its schema version. */
  migrations: string[];
  /** The last value each table's sequence handed out (ids of deleted rows are not reused). */
  sequences: Record<string, number>;
  /** A table's rows in batches, each row an array in `table.columns` order. */
  rows(table: TableSchema, batchSize: number): AsyncGenerator<unknown[][]>;
  close(): Promise<void>;
}

export async function openSnapshot(config: DatabaseConfig): Promise<Snapshot> {
  return config.kind === 'postgres' ? openPostgresSnapshot(config) : openSqliteSnapshot(config.filename);
}

const selectAll = (table: TableSchema): string => {
  const columns = table.columns.map((c) => quoteIdent(c.name)).join(', ');
  const order = table.primaryKey.length > 0 ? ` order by ${table.primaryKey.map(quoteIdent).join(', ')}` : '';
  return `select ${columns} from ${quoteIdent(table.name)}${order}`;
};

async function openSqliteSnapshot(filename: string): Promise<Snapshot> {
  if (filename === ':memory:') throw new Error('an in-memory SQLite database cannot be backed up');
  const raw = new BetterSqlite3(filename, { fileMustExist: true });
  raw.pragma('busy_timeout = 5000');
  const query: CatalogQuery = async (text) => raw.prepare(text).all() as Record<string, unknown>[];
  try {
    // A deferred transaction: its first read fixes the snapshot every later read sees.
    raw.exec('begin');
    const tables = await describeTables(query, 'sqlite');
    const migrations = (await query('select name from kysely_migration order by name')).map((r) =>
      String(r.name),
    );
    const sequences: Record<string, number> = {};
    const hasSequences = await query("select 1 from sqlite_master where name = 'sqlite_sequence'");
    for (const row of hasSequences.length > 0 ? await query('select name, seq from sqlite_sequence') : []) {
      sequences[String(row.name)] = Number(row.seq);
    }
    return {
      dialect: 'sqlite',
      tables,
      migrations,
      sequences,
      async *rows(table, batchSize) {
        const iterator = raw.prepare(selectAll(table)).raw(true).iterate() as IterableIterator<unknown[]>;
        for (;;) {
          const batch: unknown[][] = [];
          for (let next = iterator.next(); !next.done; next = iterator.next()) {
            batch.push(next.value);
            if (batch.length >= batchSize) break;
          }
          if (batch.length === 0) return;
          // Between batches the event loop runs: the server in this process keeps working.
          yield batch;
          if (batch.length < batchSize) return;
        }
      },
      async close() {
        if (raw.inTransaction) raw.exec('commit');
        raw.close();
      },
    };
  } catch (error) {
    raw.close();
    throw error;
  }
}

/** Values read the way the archive records them (see docs/operations.md, "Backup format"). */
const iso = (value: string): string =>
  value === 'infinity' || value === '-infinity' ? value : new Date(value).toISOString();
const PG_PARSERS: Record<number, (value: string) => unknown> = {
  1184: iso, // timestamptz
  1114: (value) => iso(value === 'infinity' || value === '-infinity' ? value : `${value}Z`), // timestamp
  20: (value) => Number.parseInt(value, 10), // int8
  1700: (value) => Number.parseFloat(value), // numeric
  114: (value) => value, // json stays text
  3802: (value) => value, // jsonb stays text
};

async function openPostgresSnapshot(
  config: Extract<DatabaseConfig, { kind: 'postgres' }>,
): Promise<Snapshot> {
  const client = new pg.Client({
    connectionString: config.url,
    ...(config.schema ? { options: `-c search_path=${config.schema}` } : {}),
    types: {
      getTypeParser: ((oid: number, format?: string) =>
        PG_PARSERS[oid] ?? pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
    },
  });
  await client.connect();
  client.on('error', () => {});
  const query: CatalogQuery = async (text) => (await client.query(text)).rows;
  try {
    await client.query('begin isolation level repeatable read read only');
    // The snapshot is taken by the transaction's first statement: this one.
    const tables = await describeTables(query, 'postgres');
    const migrations = (await query('select name from kysely_migration order by name')).map((r) =>
      String(r.name),
    );
    const sequences: Record<string, number> = {};
    for (const table of tables) {
      if (!table.serialColumn) continue;
      const seq = await client.query<{ seq: string | null }>('select pg_get_serial_sequence($1, $2) as seq', [
        table.name,
        table.serialColumn,
      ]);
      const name = seq.rows[0]?.seq;
      if (!name) continue;
      const state = await client.query<{ last_value: number; is_called: boolean }>(
        `select last_value, is_called from ${name}`,
      );
      const row = state.rows[0];
      if (row) sequences[table.name] = row.is_called ? Number(row.last_value) : Number(row.last_value) - 1;
    }
    return {
      dialect: 'postgres',
      tables,
      migrations,
      sequences,
      async *rows(table, batchSize) {
        await client.query(`declare flowlane_backup no scroll cursor for ${selectAll(table)}`);
        try {
          for (;;) {
            const result = await client.query({
              text: `fetch forward ${batchSize} from flowlane_backup`,
              rowMode: 'array',
            });
            if (result.rows.length > 0) yield result.rows as unknown[][];
            if (result.rows.length < batchSize) return;
          }
        } finally {
          await client.query('close flowlane_backup');
        }
      },
      async close() {
        await client.query('commit').catch(() => {});
        await client.end();
      },
    };
  } catch (error) {
    await client.end().catch(() => {});
    throw error;
  }
}
