/**
 * The result of a run: the JSON document of issue 9 (`bench/results/<date>-<db>-<tasks>.json`)
 * and the Markdown table printed to stdout.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { HttpPhase, OperationResult } from './phases.js';
import type { MemoryBreakdown } from './rss.js';
import type { SeedReport } from './seed.js';
import { round } from './stats.js';

export interface OperationRow {
  name: string;
  connections: number;
  rps: number;
  p50_ms: number;
  p95_ms: number;
  p99_ms: number;
  errors: number;
  db_only_rps: number;
  db_only_p50_ms: number;
  ratio_vs_db: number;
  ratio_vs_trivial: number;
  /** The least SQL that answers the operation, in-process at one connection. */
  floor_rps: number;
  floor_p50_us: number;
  /** HTTP p50 over the floor's p50. */
  ratio_vs_floor: number;
  /** Flowlane's database-only p50 over the floor's: what its queries cost beyond the least SQL. */
  db_only_vs_floor: number;
}

export interface BenchResult {
  date: string;
  machine: { cpu: string; cores: number; memory_gb: number; node: string; os: string };
  database: 'sqlite' | 'postgres';
  tasks: number;
  /** Server processes (`serve --workers`). */
  server_workers: number;
  /** At the highest connection count; every count is in trivial_route_rps_by_connections. */
  trivial_route_rps: number;
  peak_rss_mb: number;
  operations: OperationRow[];
  // Beyond the issue's shape: what helps read the numbers.
  trivial_route_rps_by_connections: Record<string, number>;
  duration_seconds: number;
  database_size_mb: number;
  /** Seeding time and rate; null when a kept database was reused. */
  seed: { seconds: number; rows: number; rows_per_second: number } | null;
  /** The server's peak RSS in each phase, keyed `<operation>@<connections>`. */
  phase_peak_rss_mb: Record<string, number>;
  /**
   * Where the memory was at the run's highest peak (the server asked at that moment): V8's
   * heap, buffers, and the rest (SQLite, code, stacks). Null with several server processes.
   */
  peak_memory: (MemoryBreakdown & { phase: string }) | null;
  /** Tasks seeded in fresh processes during the run so complete_task always had fresh tasks. */
  completion_pool_top_up_tasks: number;
  /** Phases that ran out of fresh data before their time was up, with the seconds measured. */
  shortened_phases: Record<string, number>;
  /** Errors of the database-only runs, by operation (the HTTP errors are in operations). */
  db_only_errors: Record<string, number>;
  /** Errors of the floor runs, by operation. */
  floor_errors: Record<string, number>;
}

export function machineDescription(): BenchResult['machine'] {
  return {
    cpu: os.cpus()[0]?.model.trim() ?? 'unknown',
    cores: os.cpus().length,
    memory_gb: round(os.totalmem() / 1024 ** 3, 1),
    node: process.version,
    os: `${os.type()} ${os.release()}`,
  };
}

export interface ResultInput {
  database: 'sqlite' | 'postgres';
  tasks: number;
  durationSeconds: number;
  trivial: HttpPhase[];
  operations: OperationResult[];
  databaseBytes: number;
  seed: SeedReport | undefined;
  topUpTasks: number;
  date: Date;
  workers?: number;
}

/** Ratios as the issue defines them: p50 over the floor's p50, req/s over the trivial route's. */
export function buildResult(input: ResultInput): BenchResult {
  const trivialAt = new Map(input.trivial.map((t) => [t.connections, t.rps]));
  const highest = input.trivial[input.trivial.length - 1];
  const rows: OperationRow[] = [];
  const rss: Record<string, number> = Object.fromEntries(
    input.trivial.map((t) => [`trivial_route@${t.connections}`, t.peakRssMb]),
  );
  const shortened: Record<string, number> = {};
  let peakMemory: BenchResult['peak_memory'] = null;
  const notePeak = (phase: string, memory: MemoryBreakdown | undefined) => {
    if (memory && (!peakMemory || memory.rss_mb > peakMemory.rss_mb)) peakMemory = { phase, ...memory };
  };
  for (const t of input.trivial) notePeak(`trivial_route@${t.connections}`, t.memory);
  for (const op of input.operations) {
    for (const phase of op.http) {
      const trivial = trivialAt.get(phase.connections) ?? 0;
      rows.push({
        name: op.name,
        connections: phase.connections,
        rps: phase.rps,
        p50_ms: phase.p50_ms,
        p95_ms: phase.p95_ms,
        p99_ms: phase.p99_ms,
        errors: phase.errors,
        db_only_rps: op.direct.rps,
        db_only_p50_ms: op.direct.p50_ms,
        ratio_vs_db: op.direct.p50_ms > 0 ? round(phase.p50_ms / op.direct.p50_ms, 2) : 0,
        ratio_vs_trivial: trivial > 0 ? round(phase.rps / trivial, 3) : 0,
        floor_rps: op.floor.rps,
        floor_p50_us: round(op.floor.p50_ms * 1000, 1),
        ratio_vs_floor: op.floor.p50_ms > 0 ? round(phase.p50_ms / op.floor.p50_ms, 2) : 0,
        db_only_vs_floor: op.floor.p50_ms > 0 ? round(op.direct.p50_ms / op.floor.p50_ms, 2) : 0,
      });
      rss[`${op.name}@${phase.connections}`] = phase.peakRssMb;
      notePeak(`${op.name}@${phase.connections}`, phase.memory);
      if (phase.exhausted) shortened[`${op.name}@${phase.connections}`] = phase.seconds;
    }
    if (op.direct.exhausted) shortened[`${op.name}@db_only`] = 0;
    if (op.floor.exhausted) shortened[`${op.name}@floor`] = 0;
  }
  return {
    date: input.date.toISOString().slice(0, 10),
    machine: machineDescription(),
    database: input.database,
    tasks: input.tasks,
    server_workers: input.workers ?? 1,
    trivial_route_rps: highest?.rps ?? 0,
    peak_rss_mb: Math.max(0, ...Object.values(rss)),
    operations: rows,
    trivial_route_rps_by_connections: Object.fromEntries(
      input.trivial.map((t) => [String(t.connections), t.rps]),
    ),
    duration_seconds: input.durationSeconds,
    database_size_mb: round(input.databaseBytes / 1024 ** 2, 1),
    seed: input.seed
      ? {
          seconds: round(input.seed.seconds, 1),
          rows: input.seed.rows,
          rows_per_second: Math.round(input.seed.rowsPerSecond),
        }
      : null,
    phase_peak_rss_mb: rss,
    peak_memory: peakMemory,
    completion_pool_top_up_tasks: input.topUpTasks,
    shortened_phases: shortened,
    db_only_errors: Object.fromEntries(input.operations.map((op) => [op.name, op.direct.errors])),
    floor_errors: Object.fromEntries(input.operations.map((op) => [op.name, op.floor.errors])),
  };
}

/** Writes the JSON where the issue says; returns the path. */
export function writeResult(result: BenchResult, dir: string): string {
  fs.mkdirSync(dir, { recursive: true });
  const workers = result.server_workers > 1 ? `-${result.server_workers}workers` : '';
  const file = path.join(dir, `${result.date}-${result.database}-${result.tasks}${workers}.json`);
  fs.writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  return file;
}

const num = (n: number) => n.toLocaleString('en', { maximumFractionDigits: 2 });

/** The Markdown table (with the run described above it). Errors are shown in bold. */
export function markdownTable(result: BenchResult): string {
  const m = result.machine;
  const trivial = Object.entries(result.trivial_route_rps_by_connections)
    .map(([c, rps]) => `${num(rps)} req/s @${c}`)
    .join(', ');
  const seed = result.seed
    ? `seeded in ${num(result.seed.seconds)} s (${num(result.seed.rows)} rows, ${num(result.seed.rows_per_second)} rows/s)`
    : 'kept database reused';
  const lines = [
    `**Flowlane bench ${result.date}**: ${result.database}, ${num(result.tasks)} tasks, ${result.server_workers} server process${result.server_workers === 1 ? '' : 'es'}, ${result.duration_seconds} s per phase; ${seed}; database ${num(result.database_size_mb)} MB.`,
    `Machine: ${m.cpu}, ${m.cores} cores, ${m.memory_gb} GB, Node ${m.node}. Trivial route: ${trivial}. Server peak RSS: ${result.peak_rss_mb} MB.`,
    '',
    '| operation | conns | req/s | p50 ms | p95 ms | p99 ms | errors | db-only req/s | db-only p50 ms | p50 ÷ db | floor p50 µs | p50 ÷ floor | db ÷ floor | req/s ÷ trivial | peak RSS MB |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const op of result.operations) {
    const key = `${op.name}@${op.connections}`;
    const errors = op.errors > 0 ? `**${op.errors}**` : '0';
    const short = result.shortened_phases[key] !== undefined ? ` (${result.shortened_phases[key]} s)` : '';
    lines.push(
      `| ${op.name} | ${op.connections} | ${num(op.rps)}${short} | ${op.p50_ms} | ${op.p95_ms} | ${op.p99_ms} | ${errors} | ${num(op.db_only_rps)} | ${op.db_only_p50_ms} | ${op.ratio_vs_db} | ${num(op.floor_p50_us)} | ${op.ratio_vs_floor} | ${op.db_only_vs_floor} | ${op.ratio_vs_trivial} | ${result.phase_peak_rss_mb[key] ?? ''} |`,
    );
  }
  const pm = result.peak_memory;
  if (pm)
    lines.push(
      '',
      `Memory at the highest peak (${pm.phase}): RSS ${pm.rss_mb} MB = V8 heap ${pm.heap_total_mb} MB (${pm.heap_used_mb} in use) + buffers ${pm.external_mb} MB + the rest ${pm.other_mb} MB (SQLite's page cache and statements, code, stacks).`,
    );
  const dbErrors = Object.entries(result.db_only_errors).filter(([, n]) => n > 0);
  if (dbErrors.length)
    lines.push('', `**Database-only errors:** ${dbErrors.map(([k, n]) => `${k} ${n}`).join(', ')}`);
  const floorErrors = Object.entries(result.floor_errors).filter(([, n]) => n > 0);
  if (floorErrors.length)
    lines.push('', `**Floor errors:** ${floorErrors.map(([k, n]) => `${k} ${n}`).join(', ')}`);
  return lines.join('\n');
}
