/**
 * `flowlane serve --workers N`: N server processes on one port (node:cluster; the primary
 * hands connections out in turn), so every core serves requests. The primary migrates the
 * database once before the workers start, forks them, restarts one that dies, and on
 * SIGTERM/SIGINT lets each finish its requests in flight. The background jobs run in the
 * first worker only (a second job runner would be safe — jobs claim work with SKIP LOCKED on
 * PostgreSQL and SQLite has one writer — but would only add contention).
 *
 * On PostgreSQL the workers are N stateless processes, each with its own pool. On SQLite they
 * share the database file: readers run side by side in WAL mode, writes take the one write
 * lock in turn (every transaction begins IMMEDIATE, and busy_timeout waits for the lock rather
 * than failing with "database is locked").
 */
import cluster, { type Worker } from 'node:cluster';
import os from 'node:os';
import type { Config } from './config/index.js';
import { openDatabase } from './db/database.js';
import { migrateToLatest } from './db/migrate.js';
import { type ServeOptions, serveUntilSignalled } from './main.js';

/** The environment variable that tells a worker whether it runs the background jobs. */
const JOBS_ENV = 'FLOWLANE_CLUSTER_JOBS';
/** A worker that dies sooner than this after starting counts as a crash at start-up. */
const EARLY_EXIT_MS = 10_000;
/** Start-up crashes in a row after which the primary gives up instead of restarting. */
const MAX_EARLY_EXITS = 5;
const MAX_WORKERS = 64;

/** `--workers` as given: a count, or `auto` for one per core this process may use. */
export function parseWorkerCount(raw: string | undefined): number | Error {
  if (raw === undefined) return 1;
  if (raw === 'auto') return Math.max(1, Math.min(MAX_WORKERS, os.availableParallelism()));
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > MAX_WORKERS) {
    return new Error(`--workers must be a whole number from 1 to ${MAX_WORKERS}, or auto`);
  }
  return n;
}

/**
 * Serves with `workers` processes (one: this process serves, as `flowlane serve` always did).
 * In a worker process, serves with or without the background jobs as the primary said.
 */
export async function serveWithWorkers(config: Config, workers: number, options: ServeOptions = {}) {
  if (cluster.isWorker) {
    await serveUntilSignalled(config, { ...options, jobs: process.env[JOBS_ENV] === '1' });
    return;
  }
  if (workers <= 1) {
    await serveUntilSignalled(config, options);
    return;
  }
  await runPrimary(config, workers);
}

async function runPrimary(config: Config, workers: number): Promise<void> {
  const log = (line: string) => process.stderr.write(`flowlane: ${line}\n`);
  // Once, before any worker opens the database: N workers migrating at once would only
  // queue on the migration lock.
  const db = openDatabase(config.database);
  try {
    await migrateToLatest(db);
  } finally {
    await db.close();
  }

  let stopping = false;
  let earlyExits = 0;
  const slots = new Map<number, { worker: Worker; startedAt: number }>();
  const start = (slot: number) => {
    const worker = cluster.fork({ [JOBS_ENV]: slot === 0 ? '1' : '0' });
    slots.set(slot, { worker, startedAt: Date.now() });
    worker.on('exit', (code, signal) => {
      const ran = Date.now() - (slots.get(slot)?.startedAt ?? 0);
      slots.delete(slot);
      if (stopping) {
        if (slots.size === 0) process.exit(0);
        return;
      }
      log(
        `worker ${slot} (pid ${worker.process.pid}) exited (${signal ?? `code ${code}`}); starting another`,
      );
      earlyExits = ran < EARLY_EXIT_MS ? earlyExits + 1 : 0;
      if (earlyExits >= MAX_EARLY_EXITS) {
        log(`${earlyExits} workers in a row died while starting: giving up`);
        stopAll('SIGTERM');
        process.exitCode = 1;
        return;
      }
      setTimeout(() => start(slot), 1_000).unref();
    });
  };
  const stopAll = (signal: NodeJS.Signals) => {
    stopping = true;
    for (const { worker } of slots.values()) worker.process.kill(signal);
    if (slots.size === 0) process.exit(process.exitCode ?? 0);
  };
  for (let slot = 0; slot < workers; slot++) start(slot);
  log(`${workers} workers serving on port ${config.port} (background jobs in worker 0)`);

  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      for (const { worker } of slots.values()) worker.process.kill('SIGKILL');
      process.exit(130);
    }
    log(`received ${signal}: workers finish their requests in flight`);
    const force = setTimeout(() => process.exit(1), 35_000);
    force.unref();
    stopAll(signal);
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
