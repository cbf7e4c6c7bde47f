import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, type LogEvent, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { DatabaseConfig } from '../config.js';
import type { SqlDialect } from './dialect.js';
import type { Database } from './schema.js';

export type Db = Kysely<Database>;

/** An open database: the Kysely instance, which dialect it speaks, and counters. */
export interface DbHandle {
  db: Db;
  dialect: SqlDialect;
  /** The PostgreSQL schema this handle works in, when not the default search path. */
  schema?: string;
  /** Queries run since open; tests use it to prove batch loading (no N+1). */
  stats: { queries: number };
  close(): Promise<void>;
}

export interface OpenOptions {
  /** Called for each query (the logger at debug level, for instance). */
  onQuery?: (event: LogEvent) => void;
}

let pgTypesConfigured = false;

/** Values from PostgreSQL come back in the same shapes as from SQLite. */
function configurePgTypes(): void {
  if (pgTypesConfigured) return;
  pgTypesConfigured = true;
  const iso = (value: string) => new Date(value).toISOString();
  pg.types.setTypeParser(1184, iso); // timestamptz
  pg.types.setTypeParser(1114, (value: string) => new Date(`${value}Z`).toISOString()); // timestamp
  pg.types.setTypeParser(20, (value: string) => Number.parseInt(value, 10)); // int8 (count(*))
  pg.types.setTypeParser(1700, (value: string) => Number.parseFloat(value)); // numeric
  // json/jsonb stay text, as on SQLite: fromJson() then reads both the same way. Letting pg
  // parse them would turn a stored JSON string ("completed") into a bare word fromJson
  // could no longer tell from JSON text.
  pg.types.setTypeParser(114, (value: string) => value); // json
  pg.types.setTypeParser(3802, (value: string) => value); // jsonb
}

export function openDatabase(config: DatabaseConfig, options: OpenOptions = {}): DbHandle {
  const stats = { queries: 0 };
  const log = (event: LogEvent) => {
    stats.queries++;
    options.onQuery?.(event);
  };
  if (config.kind === 'postgres') {
    configurePgTypes();
    const pool = new pg.Pool({
      connectionString: config.url,
      max: config.poolSize,
      ...(config.schema ? { options: `-c search_path=${config.schema}` } : {}),
    });
    // An idle client that errors (server restart) must not crash the process.
    pool.on('error', () => {});
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), log });
    return {
      db,
      dialect: 'postgres',
      stats,
      close: () => db.destroy(),
      ...(config.schema ? { schema: config.schema } : {}),
    };
  }

  if (config.filename !== ':memory:') fs.mkdirSync(path.dirname(config.filename), { recursive: true });
  const raw = new BetterSqlite3(config.filename);
  raw.pragma('journal_mode = WAL');
  raw.pragma('foreign_keys = ON');
  raw.pragma('busy_timeout = 5000');
  raw.pragma('synchronous = NORMAL');
  // Give the query planner statistics. Without them SQLite prefers the indexes that start
  // with organization_id, which match every row of a one-organization database (measured at
  // 100k tasks: 59 ms instead of 0.12 ms for a process's task count). 0x10002 analyzes the
  // tables that need it, bounded in time, as SQLite recommends on opening a connection.
  raw.pragma('optimize = 0x10002');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: wrapSqlite(raw) }), log });
  const close = async () => {
    // Refresh the statistics the workload has shown to be stale before the file is closed.
    if (raw.open && !raw.readonly) raw.pragma('optimize');
    await db.destroy();
  };
  return { db, dialect: 'sqlite', stats, close };
}

type SqliteParam = string | number | bigint | Buffer | null;

function toSqliteParam(value: unknown): SqliteParam {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value instanceof Date) return value.toISOString();
  if (value === undefined) return null;
  return value as SqliteParam;
}

/**
 * better-sqlite3 behind Kysely, with two additions: prepared statements are cached by SQL
 * text (Kysely prepares on every call, and preparing costs more than running most of our
 * queries), and booleans and Dates are bound the way SQLite stores them.
 */
function wrapSqlite(raw: BetterSqlite3.Database) {
  const cache = new Map<string, BetterSqlite3.Statement>();
  const convert = (params: readonly unknown[]) => params.map(toSqliteParam);
  return {
    close: () => raw.close(),
    prepare(sql: string) {
      let stmt = cache.get(sql);
      if (!stmt) {
        stmt = raw.prepare(sql);
        if (cache.size >= 2000) cache.clear();
        cache.set(sql, stmt);
      }
      const s = stmt;
      return {
        reader: s.reader,
        all: (params: readonly unknown[]) => s.all(convert(params)),
        run: (params: readonly unknown[]) => s.run(convert(params)),
        iterate: (params: readonly unknown[]) => s.iterate(convert(params)),
      };
    },
  };
}
