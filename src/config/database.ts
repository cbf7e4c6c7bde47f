import path from 'node:path';
import type { EnvReader } from './env.js';

export type DatabaseConfig =
  | { kind: 'sqlite'; filename: string }
  | { kind: 'postgres'; url: string; poolSize: number; schema?: string };

/** DATABASE_URL, DATABASE_POOL_SIZE and DATABASE_SCHEMA. */
export function readDatabaseConfig(read: EnvReader, dataDir: string): DatabaseConfig {
  const poolSize = read.int('DATABASE_POOL_SIZE', 10, 1, 1000);
  return withDatabaseSchema(
    parseDatabaseUrl(read.env.DATABASE_URL, dataDir, poolSize, read.problems),
    read.env.DATABASE_SCHEMA,
    read.problems,
  );
}

/**
 * `DATABASE_SCHEMA`: the PostgreSQL schema Flowlane works in (its search path), for several
 * installations or a benchmark on one database. It must already exist; SQLite has no schemas.
 */
function withDatabaseSchema(
  database: DatabaseConfig,
  raw: string | undefined,
  problems: string[],
): DatabaseConfig {
  const schema = raw?.trim();
  if (!schema) return database;
  if (database.kind !== 'postgres') {
    problems.push('DATABASE_SCHEMA applies only to PostgreSQL (DATABASE_URL=postgres://…)');
    return database;
  }
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
    problems.push(
      `DATABASE_SCHEMA must be a lowercase identifier of letters, digits and _ (got "${schema}")`,
    );
    return database;
  }
  return { ...database, schema };
}

/**
 * `DATABASE_URL`: unset → `<DATA_DIR>/flowlane.db`; `sqlite:<path>` / `sqlite://<path>` /
 * `sqlite::memory:`; `postgres://…` or `postgresql://…`.
 */
export function parseDatabaseUrl(
  raw: string | undefined,
  dataDir: string,
  poolSize: number,
  problems: string[],
): DatabaseConfig {
  const value = raw?.trim();
  if (!value) return { kind: 'sqlite', filename: path.join(dataDir, 'flowlane.db') };
  if (/^postgres(ql)?:\/\//i.test(value)) {
    try {
      new URL(value);
    } catch {
      problems.push('DATABASE_URL is not a valid postgres:// URL');
    }
    return { kind: 'postgres', url: value, poolSize };
  }
  const sqlite = /^sqlite:(?:\/\/)?(.+)$/i.exec(value);
  if (sqlite?.[1]) {
    const file = sqlite[1];
    return { kind: 'sqlite', filename: file === ':memory:' ? ':memory:' : path.resolve(file) };
  }
  problems.push(
    `DATABASE_URL must start with postgres://, postgresql:// or sqlite: (got "${value.replace(/:[^:@/]*@/, ':***@')}")`,
  );
  return { kind: 'sqlite', filename: path.join(dataDir, 'flowlane.db') };
}
