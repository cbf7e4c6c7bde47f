import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DatabaseConfig } from '../../src/config/index.js';
import { openDatabase } from '../../src/db/database.js';
import { createSchema, dropSchema, schemaExists, schemaSizeBytes } from '../db/seed-repository.js';
import type { BenchOptions } from './options.js';

/** The database a bench run seeds and the server it starts uses. */
export interface BenchTarget {
  kind: 'sqlite' | 'postgres';
  config: DatabaseConfig;
  /** Environment for `flowlane serve` so it opens the same database. */
  serverEnv: Record<string, string>;
  label: string;
  /** Whether a database is already there (a kept one). */
  exists(): Promise<boolean>;
  /** An empty database: removes a previous file or schema and makes a new one. */
  reset(): Promise<void>;
  sizeBytes(): Promise<number>;
  remove(): Promise<void>;
}

/**
 * A kept database has a stable name per scale so the next `--keep` run finds it; otherwise the
 * name carries the process id, so a run never touches a database another run kept.
 */
function databaseName(options: BenchOptions): string {
  return options.keep ? `${options.tasks}` : `${options.tasks}_${process.pid}`;
}

export function benchTarget(options: BenchOptions): BenchTarget {
  return options.databaseUrl ? postgresTarget(options, options.databaseUrl) : sqliteTarget(options);
}

function sqliteTarget(options: BenchOptions): BenchTarget {
  const filename = path.join(os.tmpdir(), `flowlane-bench-${databaseName(options)}.db`);
  const files = () => ['', '-wal', '-shm'].map((suffix) => `${filename}${suffix}`);
  const remove = async () => {
    for (const file of files()) fs.rmSync(file, { force: true });
  };
  return {
    kind: 'sqlite',
    config: { kind: 'sqlite', filename },
    // DATABASE_SCHEMA is PostgreSQL's; one left in the environment must not reach SQLite.
    serverEnv: { DATABASE_URL: `sqlite:${filename}`, DATABASE_SCHEMA: '' },
    label: filename,
    exists: async () => fs.existsSync(filename),
    reset: remove,
    remove,
    // The WAL holds committed pages not yet copied back into the file: count both.
    sizeBytes: async () =>
      files().reduce((sum, file) => sum + (fs.statSync(file, { throwIfNoEntry: false })?.size ?? 0), 0),
  };
}

function postgresTarget(options: BenchOptions, url: string): BenchTarget {
  const schema = `flowlane_bench_${databaseName(options)}`;
  const withAdmin = async <T>(
    fn: (db: ReturnType<typeof openDatabase>['kysely']) => Promise<T>,
  ): Promise<T> => {
    const admin = openDatabase({ kind: 'postgres', url, poolSize: 1 });
    try {
      return await fn(admin.kysely);
    } finally {
      await admin.close();
    }
  };
  return {
    kind: 'postgres',
    config: { kind: 'postgres', url, poolSize: 10, schema },
    serverEnv: { DATABASE_URL: url, DATABASE_SCHEMA: schema },
    label: `${url.replace(/:[^:@/]*@/, ':***@')} schema ${schema}`,
    exists: () => withAdmin((db) => schemaExists(db, schema)),
    reset: () =>
      withAdmin(async (db) => {
        await dropSchema(db, schema);
        await createSchema(db, schema);
      }),
    remove: () => withAdmin((db) => dropSchema(db, schema)),
    sizeBytes: () => withAdmin((db) => schemaSizeBytes(db, schema)),
  };
}
