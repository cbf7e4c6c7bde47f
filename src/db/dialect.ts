/**
 * Everything that differs between SQLite and PostgreSQL lives here: column types, value
 * encoding (booleans, JSON, timestamps) and row locking. Nothing outside src/db knows which
 * database is underneath.
 */
import {
  type ColumnDefinitionBuilder,
  type Kysely,
  PostgresAdapter,
  type SelectQueryBuilder,
  sql,
} from 'kysely';

export type SqlDialect = 'sqlite' | 'postgres';

/**
 * Which database a Kysely instance or transaction talks to. A transaction shares its
 * database's adapter, so repositories need no dialect argument beside their handle.
 */
// biome-ignore lint/suspicious/noExplicitAny: any database schema
export function dialectOf(db: Kysely<any>): SqlDialect {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

/** Column types: timestamps are timestamptz on PostgreSQL and ISO-8601 text on SQLite. */
export function timestampType(dialect: SqlDialect): 'timestamptz' | 'text' {
  return dialect === 'postgres' ? 'timestamptz' : 'text';
}

export function jsonType(dialect: SqlDialect): 'jsonb' | 'text' {
  return dialect === 'postgres' ? 'jsonb' : 'text';
}

export function booleanType(dialect: SqlDialect): 'boolean' | 'integer' {
  return dialect === 'postgres' ? 'boolean' : 'integer';
}

/** An auto-incrementing integer primary key (users, guests, threads, activities…). */
export function serialPrimaryKey(dialect: SqlDialect) {
  return (col: ColumnDefinitionBuilder) =>
    dialect === 'postgres'
      ? col.primaryKey().generatedByDefaultAsIdentity()
      : col.primaryKey().autoIncrement();
}

/** The literal for a boolean default in DDL. */
export function booleanDefault(dialect: SqlDialect, value: boolean): boolean | number {
  return dialect === 'postgres' ? value : value ? 1 : 0;
}

/** Values for JSON columns are always written as JSON text (pg would turn arrays into PG arrays). */
export function toJson(value: unknown): string {
  return JSON.stringify(value ?? null);
}

/** Reads a JSON column; both databases hand back JSON text (see configurePgTypes). */
export function fromJson<T>(value: unknown, fallback: T): T {
  if (value === null || value === undefined) return fallback;
  if (typeof value === 'string') {
    try {
      return JSON.parse(value) as T;
    } catch {
      return fallback;
    }
  }
  return value as T;
}

/** Reads a boolean column: PostgreSQL gives booleans, SQLite gives 0/1. */
export function toBool(value: unknown): boolean {
  return value === true || value === 1 || value === '1' || value === 't';
}

/** Reads a count or integer that PostgreSQL may return as a string (bigint). */
export function toInt(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'string') return Number.parseInt(value, 10);
  return 0;
}

/**
 * Row lock for read-modify-write inside a transaction. PostgreSQL takes `FOR UPDATE`;
 * SQLite has a single writer, so its transactions are already serialised.
 */
export function lockForUpdate<DB, TB extends keyof DB, O>(
  query: SelectQueryBuilder<DB, TB, O>,
  dialect: SqlDialect,
): SelectQueryBuilder<DB, TB, O> {
  return dialect === 'postgres' ? query.forUpdate() : query;
}

/**
 * Row lock for work queues: several workers claim rows at once and each takes only rows no
 * other transaction holds (`FOR UPDATE SKIP LOCKED` on PostgreSQL). SQLite has a single
 * writer, so a claiming statement there already runs alone.
 */
export function lockSkipLocked<DB, TB extends keyof DB, O>(
  query: SelectQueryBuilder<DB, TB, O>,
  dialect: SqlDialect,
): SelectQueryBuilder<DB, TB, O> {
  return dialect === 'postgres' ? query.forUpdate().skipLocked() : query;
}

/**
 * Whether write transactions run side by side (PostgreSQL) or one at a time (SQLite, one
 * writer). Where they run side by side, a row a transaction writes stays locked until its
 * commit, so a hot row (an organization's counters) is best written in its own short
 * transaction; with one writer that would only add a commit.
 */
export function concurrentWriters(dialect: SqlDialect): boolean {
  return dialect === 'postgres';
}

/** One of a thing per dialect, each made the same way (a query compiled with its lock clause). */
export function perDialect<T>(make: (dialect: SqlDialect) => T): Record<SqlDialect, T> {
  return { sqlite: make('sqlite'), postgres: make('postgres') };
}

/** Case-insensitive substring match operator. */
export function likeOperator(dialect: SqlDialect): 'ilike' | 'like' {
  // SQLite's LIKE is case-insensitive for ASCII already.
  return dialect === 'postgres' ? 'ilike' : 'like';
}

/** Escapes LIKE wildcards in user text; use with `escape '\\'`-free patterns by doubling. */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

// biome-ignore lint/suspicious/noExplicitAny: migrations work on the untyped schema builder.
export type AnyKysely = Kysely<any>;

/**
 * `task_owners.deadline_key` (migration 0700) holds a task's deadline, or for a task without
 * one a sentinel that sorts after every real deadline, so "deadline ascending, no deadline
 * last" is plain index order: the largest ISO-8601 text on SQLite, `infinity` on PostgreSQL.
 */
export function deadlineKeySentinel(dialect: SqlDialect): string {
  return dialect === 'postgres' ? 'infinity' : '9999-12-31T23:59:59.999Z';
}

/** The sentinel as an SQL literal of the column's type (for DDL and triggers). */
export function deadlineKeySql(dialect: SqlDialect): string {
  return dialect === 'postgres' ? `'infinity'::timestamptz` : `'${deadlineKeySentinel(dialect)}'`;
}

/**
 * Refreshes the query planner's statistics where the database does not do it itself. SQLite
 * only has the statistics ANALYZE leaves; `PRAGMA optimize` re-analyzes the tables this
 * connection's queries used whose size has changed a lot since (bounded in time). PostgreSQL's
 * autovacuum keeps its statistics current, so there it does nothing.
 */
export async function refreshPlannerStatistics(db: AnyKysely): Promise<void> {
  if (dialectOf(db) === 'sqlite') await sql`pragma optimize`.execute(db);
}
