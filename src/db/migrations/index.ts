/**
 * Every migration, in order. Forward-only: a shipped migration is never edited; a change
 * is a new file. The same files run on SQLite and PostgreSQL.
 */
import type { AnyKysely, SqlDialect } from '../dialect.js';
import * as m0001 from './0001-identity.js';
import * as m0002 from './0002-events.js';

export interface MigrationModule {
  up(db: AnyKysely, dialect: SqlDialect): Promise<void>;
}

export const migrations: Record<string, MigrationModule> = {
  '0001-identity': m0001,
  '0002-events': m0002,
};
