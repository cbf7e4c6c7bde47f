import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.js';
import { testDatabaseKind } from '../helpers/context.js';
import { readThenWrite } from './sqlite-write-lock.shared.js';

const ROUNDS = 20;
const files: string[] = [];

afterEach(() => {
  for (const file of files.splice(0))
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${file}${suffix}`, { force: true });
});

interface Running {
  /** Resolves once the worker has loaded and is about to start its transactions. */
  started: Promise<void>;
  done: Promise<void>;
}

function runInWorker(filename: string, rounds: number): Running {
  const worker = new Worker(new URL('./sqlite-write-lock.worker.mjs', import.meta.url), {
    workerData: { filename, rounds },
  });
  let started = () => {};
  const running: Running = {
    started: new Promise((resolve) => {
      started = resolve;
    }),
    done: new Promise((resolve, reject) => {
      worker.on('message', (m: { ready?: boolean; ok?: boolean; error?: string }) => {
        if (m.ready) started();
        else if (m.ok) resolve();
        else reject(new Error(m.error));
      });
      worker.once('error', reject);
      worker.once('exit', (code) => code !== 0 && reject(new Error(`worker exited with ${code}`)));
    }),
  };
  return running;
}

describe.runIf(testDatabaseKind() === 'sqlite')('SQLite write transactions', () => {
  it('lets two connections on one file run read-then-write transactions at once, all succeeding', async () => {
    const filename = path.join(os.tmpdir(), `flowlane-write-lock-${process.pid}-${Date.now()}.db`);
    files.push(filename);
    const setup = openDatabase({ kind: 'sqlite', filename });
    await sql`create table counter (id integer primary key, n integer not null)`.execute(setup.kysely);
    await sql`create table writes (id integer primary key, who text not null)`.execute(setup.kysely);
    await sql`insert into counter (id, n) values (1, 0)`.execute(setup.kysely);
    await setup.close();

    // A plain (deferred) BEGIN fails here with SQLITE_BUSY: a transaction that read a snapshot
    // cannot upgrade to write once the other connection has committed.
    const worker = runInWorker(filename, ROUNDS);
    await worker.started;
    await Promise.all([worker.done, readThenWrite(filename, 'server', ROUNDS)]);

    const check = openDatabase({ kind: 'sqlite', filename });
    const counter = await sql<{ n: number }>`select n from counter where id = 1`.execute(check.kysely);
    const writes = await sql<{ who: string; n: number }>`
      select who, count(*) as n from writes group by who order by who`.execute(check.kysely);
    await check.close();
    // No update was lost: each transaction saw the previous one's write.
    expect(counter.rows[0]?.n).toBe(2 * ROUNDS);
    expect(writes.rows).toEqual([
      { who: 'server', n: ROUNDS },
      { who: 'worker', n: ROUNDS },
    ]);
  });
});
