import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { DatabaseConfig } from '../../src/config/index.js';
import { type DbHandle, openDatabase } from '../../src/db/database.js';
import { archiveLinesOf } from '../../src/services/backup/read-archive.js';

export interface FreshDatabase {
  config: DatabaseConfig;
  handle: DbHandle;
  drop(): Promise<void>;
}

/** A new, never-migrated database of the given kind: a temp SQLite file or a PostgreSQL schema. */
export async function freshDatabase(kind: 'sqlite' | 'postgres'): Promise<FreshDatabase> {
  const name = randomBytes(6).toString('hex');
  if (kind === 'postgres') {
    const url = process.env.TEST_DATABASE_URL;
    if (!url) throw new Error('a PostgreSQL database needs TEST_DATABASE_URL');
    const schema = `flowlane_restore_${name}`;
    await adminQuery(url, `create schema ${schema}`);
    const config: DatabaseConfig = { kind: 'postgres', url, poolSize: 4, schema };
    const handle = openDatabase(config);
    return {
      config,
      handle,
      async drop() {
        await handle.close().catch(() => {});
        await adminQuery(url, `drop schema if exists ${schema} cascade`);
      },
    };
  }
  const filename = path.join(os.tmpdir(), `flowlane-restore-${name}.db`);
  const config: DatabaseConfig = { kind: 'sqlite', filename };
  const handle = openDatabase(config);
  return {
    config,
    handle,
    async drop() {
      await handle.close().catch(() => {});
      for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${filename}${suffix}`, { force: true });
    },
  };
}

async function adminQuery(url: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** The database a test context runs on, as a DatabaseConfig a backup can open. */
export function configOfTestDatabase(handle: DbHandle, sqliteFile: string): DatabaseConfig {
  if (handle.dialect === 'postgres') {
    const url = process.env.TEST_DATABASE_URL ?? '';
    return { kind: 'postgres', url, poolSize: 2, ...(handle.schema ? { schema: handle.schema } : {}) };
  }
  return { kind: 'sqlite', filename: sqliteFile };
}

/** An archive's rows, table by table, each row an object keyed by column. */
export async function readArchive(file: string): Promise<Record<string, Record<string, unknown>[]>> {
  const tables: Record<string, Record<string, unknown>[]> = {};
  let columns: string[] = [];
  let current = '';
  for await (const line of archiveLinesOf(file)) {
    const item = JSON.parse(line.text);
    if (Array.isArray(item)) {
      tables[current]?.push(Object.fromEntries(columns.map((c, i) => [c, item[i]])));
    } else if (typeof item.table === 'string') {
      current = item.table;
      columns = item.columns.map((c: { name: string }) => c.name);
      tables[current] = [];
    }
  }
  return tables;
}

export function tempArchive(): string {
  return path.join(os.tmpdir(), `flowlane-backup-${randomBytes(6).toString('hex')}.fbk`);
}
