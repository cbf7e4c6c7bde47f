/** `flowlane worker`: only the background jobs (webhooks, e-mail, deadlines, planner statistics), no HTTP. */
import pino from 'pino';
import { closeAdapters, createAdapters } from './adapters/index.js';
import type { Config } from './config/index.js';
import { openDatabase } from './db/database.js';
import { migrateToLatest } from './db/migrate.js';
import { systemClock } from './domain/clock.js';
import { backgroundJobs } from './jobs/index.js';
import { startJobs } from './jobs/scheduler.js';
import type { AppContext } from './services/context.js';

/**
 * Runs every background job against the configured database until SIGTERM or SIGINT, then
 * lets passes in flight finish and exits. Several workers (and `serve` nodes) may share one
 * PostgreSQL: they claim work with SKIP LOCKED, so nothing is sent twice at once.
 */
export async function runWorkerUntilSignalled(config: Config): Promise<void> {
  const log = pino({ level: config.logLevel });
  const db = openDatabase(config.database);
  await migrateToLatest(db);
  const ctx: AppContext = { db, clock: systemClock, config, adapters: createAdapters(config) };
  const jobs = startJobs(ctx, backgroundJobs, log);
  // The job timers do not hold the process open by themselves (they must not keep `serve`
  // from exiting); this does, until shutdown.
  const keepAlive = setInterval(() => {}, 60_000);
  log.info({ database: db.dialect, jobs: backgroundJobs.map((j) => j.name) }, 'Flowlane worker running');

  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(130);
    stopping = true;
    log.info({ signal }, 'worker shutting down: finishing passes in flight');
    const force = setTimeout(() => process.exit(1), 30_000);
    force.unref();
    jobs
      .stop()
      .then(() => {
        closeAdapters(ctx.adapters);
        return db.close();
      })
      .then(
        () => {
          clearInterval(keepAlive);
          log.info('worker stopped');
          process.exit(0);
        },
        (err: unknown) => {
          log.error({ err }, 'worker shutdown failed');
          process.exit(1);
        },
      );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
