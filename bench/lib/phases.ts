/**
 * The measured phases of a run: each operation's database-only floor (one connection, in this
 * process), then the trivial route and each operation under autocannon at each connection
 * count, with the server's peak RSS sampled per phase.
 */
import type { Fixture } from './fixture.js';
import { type InProcessResult, type LoadRequest, type LoadResult, runInProcess, runLoad } from './load.js';
import type { Operation, OperationName } from './operations.js';
import { type MemoryBreakdown, sampleRss } from './rss.js';
import type { Log } from './seed.js';
import type { ServerProcess } from './server.js';

export interface HttpPhase extends LoadResult {
  connections: number;
  peakRssMb: number;
  /** Where the memory was at the peak (one server process only). */
  memory: MemoryBreakdown | undefined;
}

export interface OperationResult {
  name: OperationName;
  direct: InProcessResult;
  /** The least SQL that answers the operation, in this process (bench/db/floor-repository.ts). */
  floor: InProcessResult;
  http: HttpPhase[];
}

/** An operation's two in-process figures: Flowlane's own data work, and the physical floor. */
export interface InProcessFigures {
  direct: InProcessResult;
  floor: InProcessResult;
}

export interface PhaseSettings {
  server: ServerProcess;
  token: string;
  connections: number[];
  durationSeconds: number;
  log: Log;
  /** Server processes: the memory breakdown is asked of a single one only. */
  workers: number;
}

async function httpPhase(
  settings: PhaseSettings,
  connections: number,
  next: () => LoadRequest | undefined,
): Promise<HttpPhase> {
  const rss = sampleRss(settings.server.pid, 100, settings.workers === 1 ? settings.server.url : undefined);
  const result = await runLoad({
    url: settings.server.url,
    token: settings.token,
    connections,
    durationSeconds: settings.durationSeconds,
    next,
  });
  const { peakMb, breakdown } = await rss.stop();
  return { ...result, connections, peakRssMb: peakMb, memory: breakdown };
}

/**
 * Waits until the new server is warm and its start-up work is done: its jobs' first passes
 * (planner statistics, retention, the outbox) and the JIT. One-second probes of the trivial
 * route at one connection until two in a row agree within a fifth (at most 30 s). Without it
 * the first measured phase ran while the server was still busy starting: 0.8 req/s for the
 * trivial route at one connection at a million tasks.
 */
export async function warmUp(settings: PhaseSettings): Promise<void> {
  let previous = 0;
  for (let i = 0; i < 30; i++) {
    const probe = await runLoad({
      url: settings.server.url,
      token: settings.token,
      connections: 1,
      durationSeconds: 1,
      next: () => ({ method: 'GET', path: '/bench/noop' }),
    });
    if (i > 0 && previous > 0 && Math.abs(probe.rps - previous) <= previous / 5) {
      settings.log(`  warm after ${i + 1} s (trivial route ${probe.rps} req/s @1)`);
      return;
    }
    previous = probe.rps;
  }
  settings.log('  still not steady after 30 s of warm-up: measuring anyway');
}

/** The trivial route's throughput at each connection count: the ceiling for HTTP. */
export async function measureTrivialRoute(settings: PhaseSettings): Promise<HttpPhase[]> {
  const phases: HttpPhase[] = [];
  for (const connections of settings.connections) {
    const phase = await httpPhase(settings, connections, () => ({ method: 'GET', path: '/bench/noop' }));
    settings.log(`  trivial route @${connections}: ${phase.rps} req/s, p50 ${phase.p50_ms} ms`);
    phases.push(phase);
  }
  return phases;
}

/**
 * How many completions a phase may need: the fastest rate seen so far (or a guess) for the
 * phase's length, doubled for many connections, which PostgreSQL serves in parallel.
 */
function completionsNeeded(seenRps: number, connections: number, seconds: number): number {
  const rate = Math.max(seenRps, 300);
  return Math.ceil(rate * seconds * (connections > 1 ? 2 : 1.2)) + 100;
}

/**
 * An operation's in-process figures at one connection, before the server starts (so its
 * background jobs do not share the database with them): Flowlane's database-only work, then
 * the least SQL that answers the same request.
 */
export async function measureFloor(
  fixture: Fixture,
  operation: Operation,
  settings: Pick<PhaseSettings, 'durationSeconds' | 'log'>,
): Promise<InProcessFigures> {
  const { log, durationSeconds } = settings;
  if (operation.name === 'complete_task') {
    await fixture.completions.ensure(completionsNeeded(0, 1, durationSeconds), log);
  }
  const direct = await runInProcess(() => operation.next()?.direct, durationSeconds);
  const errors = direct.errors ? `, ${direct.errors} ERRORS, first: ${direct.firstError}` : '';
  log(`  ${operation.name} database-only: ${direct.rps} req/s, p50 ${direct.p50_ms} ms${errors}`);
  if (operation.name === 'complete_task') {
    // The floor completes faster than Flowlane does: room for several times the rate.
    await fixture.completions.ensure(completionsNeeded(direct.rps * 6, 1, durationSeconds), log);
  }
  const floor = await runInProcess(() => operation.next()?.floor, durationSeconds);
  const floorErrors = floor.errors ? `, ${floor.errors} ERRORS, first: ${floor.firstError}` : '';
  log(`  ${operation.name} floor: ${floor.rps} req/s, p50 ${floor.p50_ms} ms${floorErrors}`);
  return { direct, floor };
}

/** The server under autocannon at each connection count, for one operation. */
export async function measureOperation(
  settings: PhaseSettings,
  fixture: Fixture,
  operation: Operation,
  { direct, floor }: InProcessFigures,
): Promise<OperationResult> {
  const { log, durationSeconds } = settings;
  let fastest = direct.rps;
  const http: HttpPhase[] = [];
  for (const connections of settings.connections) {
    if (operation.name === 'complete_task') {
      await fixture.completions.ensure(completionsNeeded(fastest, connections, durationSeconds), log);
    }
    const phase = await httpPhase(settings, connections, () => operation.next()?.request);
    fastest = Math.max(fastest, phase.rps);
    const notes = [
      phase.errors ? `${phase.errors} ERRORS, first: ${phase.firstError}` : '',
      phase.exhausted ? `ran out of fresh tasks after ${phase.seconds} s` : '',
    ].filter(Boolean);
    const extra = notes.length ? ` (${notes.join('; ')})` : '';
    log(
      `  ${operation.name} @${connections}: ${phase.rps} req/s, p50 ${phase.p50_ms} ms, p99 ${phase.p99_ms} ms${extra}`,
    );
    http.push(phase);
  }
  return { name: operation.name, direct, floor, http };
}
