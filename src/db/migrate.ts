import { type Migration, type MigrationResultSet, Migrator } from 'kysely';
import type { DbHandle } from './database.js';
import { migrations } from './migrations/index.js';

/** Brings the schema up to date. Safe to run from several nodes at once (Kysely locks). */
export async function migrateToLatest(handle: DbHandle): Promise<MigrationResultSet> {
  const migrator = new Migrator({
    db: handle.db,
    // Kysely looks for its bookkeeping tables by name; pin them to our schema so another
    // schema's tables on the same server are not mistaken for ours.
    ...(handle.schema ? { migrationTableSchema: handle.schema } : {}),
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
