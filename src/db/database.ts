import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import BetterSqlite3 from 'better-sqlite3';
import {
  CompiledQuery,
  type DatabaseConnection,
  type Driver,
  Kysely,
  type LogEvent,
  PostgresDialect,
  SqliteDialect,
  type SqliteDialectConfig,
  SqliteDriver,
} from 'kysely';
import pg from 'pg';
import type { DatabaseConfig } from '../config/index.js';
import type { TemplateDefinition } from '../domain/templates/definition.js';
import type { SqlDialect } from './dialect.js';
import type { Database } from './schema.js';

export type Db = Kysely<Database>;

/** An open database: the Kysely instance, which dialect it speaks, and counters. */
export interface DbHandle {
  kysely: Db;
  dialect: SqlDialect;
  /** The PostgreSQL schema this handle works in, when not the default search path. */
  schema?: string;
  /** Queries run since open; tests use it to prove batch loading (no N+1). */
  stats: { queries: number };
  /**
   * Caches that belong to this open database and are shared by every context and
   * transaction made from it (a transaction copies the handle, not the caches).
   */
  caches: HandleCaches;
  /** PostgreSQL only: the connection pool's state now (for metrics). */
  pool?: () => PoolState;
  close(): Promise<void>;
}

export interface PoolState {
  /** DATABASE_POOL_SIZE: the most connections the pool opens. */
  max: number;
  /** Connections open now. */
  open: number;
  /** Connections lent out to a query or transaction. */
  inUse: number;
  /** Requests waiting for a connection. */
  waiting: number;
}

export interface HandleCaches {
  /** Frozen template definitions by `organization/template@version` (immutable rows). */
  definitions: Map<string, TemplateDefinition>;
  /** Installation keys read from (or first written to) the database, by name. */
  installationKeys: Map<string, Promise<string>>;
}

function newCaches(): HandleCaches {
  return { definitions: new Map(), installationKeys: new Map() };
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
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: preparingPool(pool) }), log });
    return {
      kysely: db,
      dialect: 'postgres',
      stats,
      caches: newCaches(),
      pool: () => ({
        max: config.poolSize,
        open: pool.totalCount,
        inUse: pool.totalCount - pool.idleCount,
        waiting: pool.waitingCount,
      }),
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
  const checkpointer = config.filename === ':memory:' ? undefined : startCheckpointer(raw, config.filename);
  const dialect = new ImmediateSqliteDialect({ database: wrapSqlite(raw, STATEMENT_CACHE_SIZE) });
  const db = new Kysely<Database>({ dialect, log });
  const close = async () => {
    // Refresh the statistics the workload has shown to be stale before the file is closed.
    if (raw.open && !raw.readonly) raw.pragma('optimize');
    await checkpointer?.stop();
    await db.destroy();
  };
  return { kysely: db, dialect: 'sqlite', stats, caches: newCaches(), close };
}

/** Distinct SQL texts PostgreSQL keeps prepared per connection; later texts are parsed each time. */
const PG_PREPARED_TEXTS = 1000;

/**
 * The pool behind Kysely, its clients sending each query with parameters as a named
 * (prepared) statement: PostgreSQL parses and plans a text once per connection instead of on
 * every call. Kysely sends unnamed statements, so each of a write's dozen statements was parsed
 * and planned anew. Names are per SQL text and shared by all connections (node-postgres
 * prepares a name on a connection the first time that connection sends it).
 */
function preparingPool(pool: pg.Pool): pg.Pool {
  const names = new Map<string, string>();
  const nameOf = (text: string): string | undefined => {
    let name = names.get(text);
    if (name === undefined && names.size < PG_PREPARED_TEXTS) {
      name = `flowlane_${names.size}`;
      names.set(text, name);
    }
    return name;
  };
  const wrapped = new WeakMap<pg.PoolClient, pg.PoolClient>();
  const wrap = (client: pg.PoolClient): pg.PoolClient => {
    let proxy = wrapped.get(client);
    if (!proxy) {
      proxy = new Proxy(client, {
        get(target, key) {
          if (key !== 'query') {
            const value = Reflect.get(target, key, target);
            return typeof value === 'function' ? value.bind(target) : value;
          }
          return (text: unknown, values?: unknown[]) => {
            const name = typeof text === 'string' && values && values.length > 0 ? nameOf(text) : undefined;
            // biome-ignore lint/suspicious/noExplicitAny: pg's query overloads
            const query = target.query as (...args: any[]) => unknown;
            return name ? query.call(target, { name, text, values }) : query.call(target, text, values);
          };
        },
      });
      wrapped.set(client, proxy);
    }
    return proxy;
  };
  return new Proxy(pool, {
    get(target, key) {
      if (key === 'connect') return async () => wrap(await target.connect());
      const value = Reflect.get(target, key, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** How often the checkpointer copies committed WAL pages into the database file. */
const CHECKPOINT_INTERVAL_MS = 250;
/** WAL size (pages) at which a commit checkpoints itself: only if the checkpointer falls behind. */
const FALLBACK_AUTOCHECKPOINT_PAGES = 10_000;

/**
 * Checkpoints the WAL from a worker thread with its own connection. SQLite's automatic
 * checkpoint runs inside the commit that crosses 1,000 WAL pages, writing them back to the
 * database file and syncing it: with better-sqlite3 that stalls the event loop for tens of
 * milliseconds every few writes (measured: a launch's commit 4.9 ms on average with it, 1.0 ms
 * without). A PASSIVE checkpoint waits for no reader or writer, so the worker does that work
 * beside the server. The connection's own automatic checkpoint stays as a fallback at a
 * higher bound, so the WAL stays bounded even if the worker stops.
 */
function startCheckpointer(raw: BetterSqlite3.Database, filename: string): { stop(): Promise<void> } {
  raw.pragma(`wal_autocheckpoint = ${FALLBACK_AUTOCHECKPOINT_PAGES}`);
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(CHECKPOINTER_SOURCE, {
    eval: true,
    workerData: { driver, filename, intervalMs: CHECKPOINT_INTERVAL_MS },
    // It only runs one pragma: keep its heap (and its share of the server's RSS) small.
    resourceLimits: { maxOldGenerationSizeMb: 16, maxYoungGenerationSizeMb: 2 },
  });
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  // A checkpointer that cannot start or fails hands checkpoints back to the commits (SQLite's
  // default bound); never fatal.
  worker.on('error', () => {
    if (raw.open) raw.pragma('wal_autocheckpoint = 1000');
  });
  worker.unref();
  return {
    stop() {
      // Referenced again so the process waits for the worker to close its connection.
      worker.ref();
      worker.postMessage('stop');
      return exited;
    },
  };
}

const CHECKPOINTER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.filename);
// Checkpointing copies WAL frames to the file; it needs next to no page cache.
db.pragma('cache_size = 64');
const timer = setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch {
    // Busy or locked: the next tick tries again.
  }
}, workerData.intervalMs);
parentPort.on('message', () => {
  clearInterval(timer);
  db.close();
  process.exit(0);
});
`;

/**
 * SQLite transactions that take the write lock when they begin (`BEGIN IMMEDIATE`). Kysely
 * issues a plain (deferred) `BEGIN`: a transaction that reads first and writes later must then
 * upgrade its read lock, and if another connection (the worker process on the same file)
 * wrote meanwhile, the upgrade fails at once with SQLITE_BUSY — busy_timeout cannot help,
 * since waiting would not make the snapshot current. Taking the lock up front makes a second
 * writer wait (up to busy_timeout) at BEGIN instead. Every transaction here is a write.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;

  constructor(config: SqliteDialectConfig) {
    super(config);
    this.#config = config;
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#config);
  }
}

/**
 * Prepared statements kept per connection. The application issues a few hundred distinct SQL
 * texts (IN lists vary in length, so a few per query); list filters combine into more. A
 * prepared statement costs a few kB to tens of kB of SQLite memory, so the cache is bounded
 * and evicts the least recently used statement instead of growing or dropping everything.
 */
const STATEMENT_CACHE_SIZE = 500;

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
function wrapSqlite(raw: BetterSqlite3.Database, cacheSize: number) {
  // A Map iterates in insertion order: re-inserting on every hit keeps the least recently
  // used statement first, which is the one evicted.
  const cache = new Map<string, BetterSqlite3.Statement>();
  const convert = (params: readonly unknown[]) => params.map(toSqliteParam);
  return {
    close: () => raw.close(),
    prepare(sql: string) {
      let stmt = cache.get(sql);
      if (stmt) {
        cache.delete(sql);
      } else {
        stmt = raw.prepare(sql);
        if (cache.size >= cacheSize) {
          const oldest = cache.keys().next();
          if (!oldest.done) cache.delete(oldest.value);
        }
      }
      cache.set(sql, stmt);
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
