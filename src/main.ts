import { closeAdapters, createAdapters } from './adapters/index.js';
import type { Config } from './config/index.js';
import { openDatabase } from './db/database.js';
import { migrateToLatest } from './db/migrate.js';
import { systemClock } from './domain/clock.js';
import { buildApp } from './http/app.js';
import type { RouteModule } from './http/types.js';
import { JobHeartbeat } from './jobs/heartbeat.js';
import { backgroundJobs } from './jobs/index.js';
import { startJobs } from './jobs/scheduler.js';
import type { AppContext } from './services/context.js';

export interface Server {
  url: string;
  close(): Promise<void>;
}

export interface ServeOptions {
  /**
   * Routes served beside the API's own, registered last (the benchmark's trivial route,
   * from bench/; production passes none).
   */
  extraRoutes?: readonly RouteModule[];
  /** Run the background jobs in this process (default true; `serve --workers` runs them in one). */
  jobs?: boolean;
}

/**
 * Opens the database, migrates it, builds the adapters, serves HTTP and runs the background
 * jobs. Returns once listening; `close()` stops accepting, lets requests in flight finish,
 * stops the jobs, then releases the adapters and closes the database.
 */
export async function startServer(config: Config, options: ServeOptions = {}): Promise<Server> {
  const db = openDatabase(config.database);
  await migrateToLatest(db);
  const ctx: AppContext = { db, clock: systemClock, config, adapters: createAdapters(config) };
  const runJobs = options.jobs ?? true;
  const heartbeat = new JobHeartbeat();
  const app = await buildApp({
    ctx,
    logger: { level: config.logLevel, redact: ['req.headers.authorization', 'req.headers.cookie'] },
    ...(runJobs ? { jobs: heartbeat } : {}),
    overloadProtection: {},
  });
  for (const register of options.extraRoutes ?? []) register(app, ctx);
  const url = await app.listen({ port: config.port, host: config.host });
  app.log.info({ database: db.dialect }, `Flowlane listening at ${url}`);
  const jobs = runJobs ? startJobs(ctx, backgroundJobs, app.log, heartbeat) : undefined;

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      app.log.info('shutting down: no new connections, finishing requests in flight');
      await app.close();
      await jobs?.stop();
      closeAdapters(ctx.adapters);
      await db.close();
      app.log.info('shutdown complete');
    })();
    return closing;
  };
  return { url, close };
}

/** `flowlane serve`: runs until SIGTERM or SIGINT, then shuts down gracefully. */
export async function serveUntilSignalled(config: Config, options: ServeOptions = {}): Promise<void> {
  const server = await startServer(config, options);
  let signalled = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (signalled) {
      // A second signal means "now": skip the wait.
      process.exit(130);
    }
    signalled = true;
    process.stderr.write(`received ${signal}\n`);
    const force = setTimeout(() => process.exit(1), 30_000);
    force.unref();
    server.close().then(
      () => process.exit(0),
      (err: unknown) => {
        process.stderr.write(`shutdown failed: ${String(err)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
