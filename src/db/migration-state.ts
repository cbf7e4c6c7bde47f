/**
 * Which migrations a database has run, and running some of them inside a transaction the
 * caller holds (a restore loads an archive between two sets of migrations, all or nothing).
 * Bookkeeping stays Kysely's own: the tables its Migrator keeps, so `migrateToLatest` later
 * sees exactly what ran here.
 */
import { Migrator, NO_MIGRATIONS, sql } from 'kysely';
import type { DbHandle } from './database.js';
import type { AnyKysely, SqlDialect } from './dialect.js';
import { migrations } from './migrations/index.js';

/** Kysely's bookkeeping tables (its defaults); never part of a backup. */
export const MIGRATION_TABLES = ['kysely_migration', 'kysely_migration_lock'] as const;

/** Every migration this build knows, in the order they run. */
export function knownMigrationNames(): string[] {
  return Object.keys(migrations).sort();
}

/** The migrations this database has run, in name order; none when it was never migrated. */
export async function executedMigrationNames(db: AnyKysely, dialect: SqlDialect): Promise<string[]> {
  const exists =
    dialect === 'postgres'
      ? await sql<{ n: number }>`select count(*)::int as n from information_schema.tables
          where table_schema = current_schema() and table_name = 'kysely_migration'`.execute(db)
      : await sql<{ n: number }>`select count(*) as n from sqlite_master
          where type = 'table' and name = 'kysely_migration'`.execute(db);
  if (Number(exists.rows[0]?.n ?? 0) === 0) return [];
  const rows = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db);
  return rows.rows.map((r) => r.name);
}

/** Known migrations this database has not run yet. */
export async function pendingMigrationNames(handle: DbHandle): Promise<string[]> {
  const done = new Set(await executedMigrationNames(handle.kysely, handle.dialect));
  return knownMigrationNames().filter((name) => !done.has(name));
}

/**
 * Creates Kysely's bookkeeping tables (outside any transaction, as its Migrator does) in a
 * database that has run no migration yet; a database that has run some has them already.
 */
export async function prepareMigrationTables(handle: DbHandle): Promise<void> {
  if ((await executedMigrationNames(handle.kysely, handle.dialect)).length > 0) return;
  const schema =
    handle.dialect === 'postgres'
      ? (handle.schema ??
        (await sql<{ s: string }>`select current_schema() as s`.execute(handle.kysely)).rows[0]?.s ??
        'public')
      : undefined;
  const migrator = new Migrator({
    db: handle.kysely,
    ...(schema ? { migrationTableSchema: schema } : {}),
    provider: { getMigrations: async () => ({}) },
  });
  // With nothing run, migrating "down to nothing" only creates the tables (never call it on a
  // migrated database: Kysely would forget migrations that have no `down`).
  const result = await migrator.migrateTo(NO_MIGRATIONS);
  if (result.error) throw result.error;
}

/** Runs the named migrations, in order, in the caller's transaction, recording each as Kysely does. */
export async function applyMigrations(trx: AnyKysely, dialect: SqlDialect, names: string[]): Promise<void> {
  for (const name of names) {
    const module = migrations[name];
    if (!module) throw new Error(`unknown migration ${name}`);
    await module.up(trx, dialect);
    await trx.insertInto('kysely_migration').values({ name, timestamp: new Date().toISOString() }).execute();
  }
}
