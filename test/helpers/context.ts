import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { closeAdapters, createAdapters } from '../../src/adapters/index.js';
import { type Config, loadConfig } from '../../src/config/index.js';
import { type DbHandle, openDatabase } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { ManualClock } from '../../src/domain/clock.js';
import { buildApp } from '../../src/http/app.js';
import type { App } from '../../src/http/types.js';
import type { AppContext } from '../../src/services/context.js';

export interface TestContext {
  ctx: AppContext;
  app: App;
  clock: ManualClock;
  db: DbHandle;
  close(): Promise<void>;
}

export const testDatabaseKind = (): 'sqlite' | 'postgres' =>
  process.env.FLOWLANE_TEST_DB === 'postgres' ? 'postgres' : 'sqlite';

/**
 * A fresh, migrated database for one test file: an in-memory SQLite database, or a new
 * schema on the PostgreSQL of TEST_DATABASE_URL (dropped on close). Time starts on a Monday
 * morning and moves only when the test moves it.
 */
export async function createTestContext(
  env: Record<string, string> = {},
  options: {
    startAt?: string;
    /** Names the database so a later context reopens it (a restart): a temp SQLite file or a PG schema. */
    databaseName?: string;
    /** Leave the named database in place on close, for the next context to reopen. */
    keepDatabase?: boolean;
  } = {},
): Promise<TestContext> {
  const config = loadConfig({ LOG_LEVEL: 'silent', ...env });
  let db: DbHandle;
  let dropSchema = async () => {};
  if (testDatabaseKind() === 'postgres') {
    const url = process.env.TEST_DATABASE_URL;
    if (!url) throw new Error('FLOWLANE_TEST_DB=postgres needs TEST_DATABASE_URL');
    const schema = `flowlane_test_${options.databaseName ?? randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`create schema if not exists ${schema}`);
    await admin.end();
    db = openDatabase({ kind: 'postgres', url, poolSize: 4, schema });
    dropSchema = async () => {
      if (options.keepDatabase) return;
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`drop schema if exists ${schema} cascade`);
      await c.end();
    };
  } else {
    const file = options.databaseName && path.join(os.tmpdir(), `flowlane-test-${options.databaseName}.db`);
    db = openDatabase({ kind: 'sqlite', filename: file || ':memory:' });
    dropSchema = async () => {
      if (!file || options.keepDatabase) return;
      for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${file}${suffix}`, { force: true });
    };
  }
  await migrateToLatest(db);
  const clock = new ManualClock(options.startAt ?? '2025-01-06T09:00:00.000Z');
  // The real adapters, as main.ts builds them: the outside world they talk to is what tests
  // fake (a temporary FILES_DIR or s3rver, smtp-server, a local webhook receiver).
  const ctx: AppContext = { db, clock, config, adapters: createAdapters(config) };
  const app = await buildApp({ ctx });
  await app.ready();
  return {
    ctx,
    app,
    clock,
    db,
    async close() {
      await app.close();
      closeAdapters(ctx.adapters);
      await db.close();
      await dropSchema();
    },
  };
}

/**
 * The same database and clock under other settings, with adapters built from them, as a
 * deployment configured that way would run (SMTP_URL set, a shorter webhook timeout, …).
 * The caller closes what it made with `closeAdapters(ctx.adapters)`, or leaves a mailer
 * and sender, which hold nothing open between sends, to the process.
 */
export function withConfig(ctx: AppContext, change: (config: Config) => Config): AppContext {
  const config = change(ctx.config);
  return { ...ctx, config, adapters: createAdapters(config) };
}
