import { type Migration, type MigrationResultSet, Migrator, sql } from 'kysely';
import type { DbHandle } from './database.js';
import { migrations } from './migrations/index.js';

/** Brings the schema up to date. Safe to run from several nodes at once (Kysely locks). */
export async function migrateToLatest(handle: DbHandle): Promise<MigrationResultSet> {
  const migrator = new Migrator({
    db: handle.kysely,
    // Kysely looks for its bookkeeping tables by name in every schema unless told which one;
    // pin them to ours so another schema's tables on the same server are not mistaken for ours.
    ...(handle.dialect === 'postgres' ? { migrationTableSchema: await currentSchema(handle) } : {}),
    provider: {
      async getMigrations() {
        const bound: Record<string, Migration> = {};
        for (const [name, module] of Object.entries(migrations)) {
          bound[name] = { up: (db) => module.up(db, handle.dialect) };
        }
        return bound;
      },
    },
  });
  const result = await migrator.migrateToLatest();
  if (result.error) throw result.error;
  return result;
}

async function currentSchema(handle: DbHandle): Promise<string> {
  if (handle.schema) return handle.schema;
  const result = await sql<{ schema: string }>`select current_schema() as schema`.execute(handle.kysely);
  return result.rows[0]?.schema ?? 'public';
}
