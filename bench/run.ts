/**
 * `flowlane bench` / `npm run bench`: seeds an organization at scale (or reuses a
 * kept one), starts `flowlane serve` on it as its own process, drives it with autocannon next
 * to the database-only floor and a trivial route, then prints a Markdown table and writes the
 * JSON result. Progress goes to stderr, the table to stdout. Returns the exit code: 1 when
 * any request failed, so CI notices a broken operation.
 */

import { createAdapters } from '../src/adapters/index.js';
import { loadConfig } from '../src/config/index.js';
import { type DbHandle, openDatabase } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { systemClock } from '../src/domain/clock.js';
import type { AppContext } from '../src/services/context.js';
import { deleteProcessesLaunchedSince } from './db/fixtures-repository.js';
import { type Fixture, loadFixture } from './lib/fixture.js';
import { buildOperations, type Operation } from './lib/operations.js';
import { BENCH_USAGE, type BenchOptions, parseBenchOptions } from './lib/options.js';
import { measureOverload } from './lib/overload.js';
import {
  type InProcessFigures,
  measureFloor,
  measureOperation,
  measureTrivialRoute,
  type OperationResult,
  type PhaseSettings,
  warmUp,
} from './lib/phases.js';
import { buildResult, markdownTable, writeResult } from './lib/report.js';
import { findSeeded, type Seeded, seedOrganization, tidyKeptDatabase } from './lib/seed.js';
import { type ServerProcess, startServerProcess } from './lib/server.js';
import { type BenchTarget, benchTarget } from './lib/target.js';

const startedAt = performance.now();
const log = (line: string) =>
  process.stderr.write(`[${((performance.now() - startedAt) / 1000).toFixed(1).padStart(6)} s] ${line}\n`);

async function openContext(target: BenchTarget): Promise<AppContext> {
  const config = loadConfig({ ...process.env, ...target.serverEnv, LOG_LEVEL: 'silent' });
  const db: DbHandle = openDatabase(target.config);
  await migrateToLatest(db);
  return { db, clock: systemClock, config, adapters: createAdapters(config) };
}

/** A kept database seeded at this scale, or a new one seeded now. */
async function prepareDatabase(
  options: BenchOptions,
  target: BenchTarget,
): Promise<{ ctx: AppContext; seeded: Seeded }> {
  if (options.keep && (await target.exists())) {
    const ctx = await openContext(target);
    const catalog = await findSeeded(ctx, options.tasks);
    if (catalog) {
      log(`reusing the kept database ${target.label}; vacuuming and analyzing it`);
      await tidyKeptDatabase(ctx);
      return { ctx, seeded: { catalog, report: undefined } };
    }
    log('the kept database is not a complete seed at this scale: seeding it again');
    await ctx.db.close();
  }
  await target.reset();
  const ctx = await openContext(target);
  log(`seeding ${target.label}`);
  const seeded = await seedOrganization(ctx, options.tasks, log);
  const r = seeded.report;
  if (r)
    log(
      `seeded in ${r.seconds.toFixed(1)} s: ${r.rows.toLocaleString('en')} rows, ${Math.round(r.rowsPerSecond).toLocaleString('en')} rows/s`,
    );
  return { ctx, seeded };
}

const WRITES = new Set(['update_form_values', 'complete_task', 'launch_process']);

/**
 * Floors first, without the server: its background jobs write to the database, and on SQLite a
 * second writer would make the floor's transactions wait or fail. The write floors run first;
 * with --quick the server then starts during the read floors (reads never wait in WAL mode),
 * which hides its start-up time.
 */
async function measureFloors(
  operations: Operation[],
  fixture: Fixture,
  options: BenchOptions,
  startServer: () => Promise<ServerProcess>,
) {
  const phase = { durationSeconds: options.durationSeconds, log };
  log(`in-process figures (database-only, then floor), ${options.durationSeconds} s each`);
  const floors = new Map<string, InProcessFigures>();
  const ordered = [
    ...operations.filter((o) => WRITES.has(o.name)),
    ...operations.filter((o) => !WRITES.has(o.name)),
  ];
  let starting: Promise<ServerProcess> | undefined;
  try {
    for (const operation of ordered) {
      if (options.quick && !starting && !WRITES.has(operation.name)) starting = startServer();
      floors.set(operation.name, await measureFloor(fixture, operation, phase));
    }
  } catch (error) {
    await (await starting?.catch(() => undefined))?.stop();
    throw error;
  }
  return { floors, server: await (starting ?? startServer()) };
}

async function measure(options: BenchOptions, target: BenchTarget, ctx: AppContext, seeded: Seeded) {
  const fixture = await loadFixture(ctx, seeded.catalog);
  const operations = buildOperations(ctx, fixture).filter(
    (operation) => !options.only || options.only.includes(operation.name),
  );
  const nodeArgs = options.cpuProfDir ? ['--cpu-prof', '--cpu-prof-dir', options.cpuProfDir] : [];
  // The measured phases run without overload protection (they measure the server, not its
  // refusals); the overload phase compares the same overload without and with it.
  const startServer = (protection = false) =>
    startServerProcess(
      { ...target.serverEnv, ...(protection ? {} : { OVERLOAD_EVENT_LOOP_DELAY_MS: '0' }) },
      nodeArgs,
      options.workers,
    );
  const { floors, server } = await measureFloors(operations, fixture, options, () => startServer());
  log(`server ${server.url} (pid ${server.pid}), connections ${options.connections.join(', ')}`);
  const settings = {
    durationSeconds: options.durationSeconds,
    log,
    server,
    token: seeded.catalog.token,
    connections: options.connections,
    workers: options.workers,
  };
  try {
    await warmUp(settings);
    const trivial = await measureTrivialRoute(settings);
    const results: OperationResult[] = [];
    for (const operation of operations) {
      const floor = floors.get(operation.name);
      if (floor) results.push(await measureOperation(settings, fixture, operation, floor));
    }
    const read = operations.find((o) => o.name === 'get_task');
    const unprotected = read ? await measureOverload(settings, read, 'without protection') : undefined;
    await server.stop();
    const overload = read
      ? { unprotected, protected: await overloadProtected(settings, read, startServer) }
      : undefined;
    return { trivial, results, overload, topUpTasks: fixture.completions.toppedUpTasks };
  } finally {
    await server.stop();
  }
}

/** The overload phase again on a server with its overload protection on (the default). */
async function overloadProtected(
  settings: PhaseSettings,
  operation: Operation,
  startServer: (protection: boolean) => Promise<ServerProcess>,
) {
  const server = await startServer(true);
  try {
    // Past the protection's start-up grace (it judges once the server has listened 1 s).
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    return await measureOverload({ ...settings, server }, operation, 'with protection');
  } finally {
    await server.stop();
  }
}

export async function runBench(argv: string[]): Promise<number> {
  let options: BenchOptions | 'help';
  try {
    options = parseBenchOptions(argv);
  } catch (error) {
    log(`flowlane bench: ${(error as Error).message}\n\n${BENCH_USAGE}`);
    return 2;
  }
  if (options === 'help') {
    process.stdout.write(`${BENCH_USAGE}\n`);
    return 0;
  }
  const started = new Date();
  const target = benchTarget(options);
  const { ctx, seeded } = await prepareDatabase(options, target);
  if (options.seedOnly) {
    log(`kept ${target.label} for a later --keep run`);
    await ctx.db.close();
    return 0;
  }
  try {
    const databaseBytes = await target.sizeBytes();
    const measured = await measure(options, target, ctx, seeded);
    if (options.keep) {
      const org = seeded.catalog.organization.id;
      const launch = seeded.catalog.launchTemplate.id;
      const removed = await deleteProcessesLaunchedSince(ctx.db.kysely, org, launch, started.toISOString());
      log(`kept database: removed the ${removed.toLocaleString('en')} processes this run launched`);
    }
    const result = {
      ...buildResult({
        database: target.kind,
        tasks: options.tasks,
        durationSeconds: options.durationSeconds,
        trivial: measured.trivial,
        operations: measured.results,
        databaseBytes,
        seed: seeded.report,
        topUpTasks: measured.topUpTasks,
        date: started,
        workers: options.workers,
      }),
      // Beyond the table: the overload phase (503s are its point, not failures).
      overload: measured.overload ?? null,
    };
    process.stdout.write(`${markdownTable(result)}\n`);
    if (options.only) log('a partial run (--only): no JSON result written');
    else log(`wrote ${writeResult(result, options.resultsDir)}`);
    const errors =
      result.operations.reduce((n, o) => n + o.errors, 0) +
      Object.values(result.db_only_errors).reduce((a, b) => a + b, 0) +
      Object.values(result.floor_errors).reduce((a, b) => a + b, 0);
    if (errors > 0) log(`flowlane bench: ${errors} requests failed`);
    return errors > 0 ? 1 : 0;
  } finally {
    await ctx.db.close();
    if (!options.keep) await target.remove();
  }
}
