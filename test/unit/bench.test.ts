import { describe, expect, it } from 'vitest';
import { parseBenchOptions } from '../../bench/lib/options.js';
import type { HttpPhase, OperationResult } from '../../bench/lib/phases.js';
import { buildResult, markdownTable } from '../../bench/lib/report.js';
import { type ConfigError, loadConfig } from '../../src/config/index.js';

const phase = (connections: number, rps: number, p50: number, extra: Partial<HttpPhase> = {}): HttpPhase => ({
  connections,
  rps,
  p50_ms: p50,
  p95_ms: p50 * 2,
  p99_ms: p50 * 3,
  errors: 0,
  requests: rps * 10,
  seconds: 10,
  exhausted: false,
  firstError: undefined,
  peakRssMb: 100 + connections,
  memory: undefined,
  ...extra,
});

const direct = (rps: number, p50: number, errors = 0) => ({
  rps,
  p50_ms: p50,
  p95_ms: p50,
  p99_ms: p50,
  count: rps * 10,
  errors,
  exhausted: false,
  firstError: undefined,
});

function result(operations: OperationResult[]) {
  return buildResult({
    database: 'sqlite',
    tasks: 100_000,
    durationSeconds: 10,
    trivial: [phase(1, 5000, 0.1), phase(32, 20_000, 1.5)],
    operations,
    databaseBytes: 50 * 1024 * 1024,
    seed: { seconds: 20, rows: 340_000, rowsPerSecond: 17_000 },
    topUpTasks: 0,
    date: new Date('2025-06-02T10:00:00Z'),
  });
}

describe('bench options', () => {
  it('defaults to 100,000 tasks, 10 s phases at 1 and 32 connections on SQLite', () => {
    expect(parseBenchOptions([])).toMatchObject({
      tasks: 100_000,
      durationSeconds: 10,
      connections: [1, 32],
      databaseUrl: undefined,
      keep: false,
      quick: false,
    });
  });

  it('makes --quick small and short, and lets explicit options win', () => {
    expect(parseBenchOptions(['--quick'])).toMatchObject({ tasks: 2000, durationSeconds: 2 });
    expect(parseBenchOptions(['--quick', '--tasks', '1_000_000', '--duration', '5'])).toMatchObject({
      tasks: 1_000_000,
      durationSeconds: 5,
    });
  });

  it('refuses a non-postgres database URL, a bad number and an unknown option', () => {
    expect(() => parseBenchOptions(['--database-url', 'mysql://x'])).toThrow(/postgres/);
    expect(() => parseBenchOptions(['--tasks', 'many'])).toThrow(/--tasks must be a positive integer/);
    expect(() => parseBenchOptions(['--connections', '1,0'])).toThrow(/--connections/);
    expect(() => parseBenchOptions(['--fast'])).toThrow();
  });

  it('runs only the named operations with --only, and passes --cpu-prof to the server', () => {
    expect(parseBenchOptions(['--only', 'get_task, complete_task', '--cpu-prof', '/tmp/p'])).toMatchObject({
      only: ['get_task', 'complete_task'],
      cpuProfDir: '/tmp/p',
    });
    expect(parseBenchOptions([])).toMatchObject({ only: undefined, cpuProfDir: undefined });
    expect(() => parseBenchOptions(['--only', 'get_task,fly'])).toThrow(/--only takes operation names/);
    expect(() => parseBenchOptions(['--only', ','])).toThrow(/--only/);
  });
});

describe('bench result', () => {
  const listing: OperationResult = {
    name: 'list_run_tasks',
    direct: direct(1000, 0.8),
    floor: direct(4000, 0.2),
    http: [phase(1, 900, 1.2), phase(32, 8000, 4)],
  };

  it('has exactly the keys the bench defines, per operation and connection count', () => {
    const r = result([listing]);
    expect(Object.keys(r)).toEqual(
      expect.arrayContaining([
        'date',
        'machine',
        'database',
        'tasks',
        'trivial_route_rps',
        'peak_rss_mb',
        'operations',
      ]),
    );
    expect(r).toMatchObject({
      date: '2025-06-02',
      database: 'sqlite',
      tasks: 100_000,
      trivial_route_rps: 20_000,
    });
    expect(r.operations).toHaveLength(2);
    for (const op of r.operations) {
      expect(Object.keys(op).sort()).toEqual(
        [
          'name',
          'connections',
          'rps',
          'p50_ms',
          'p95_ms',
          'p99_ms',
          'errors',
          'db_only_rps',
          'db_only_p50_ms',
          'ratio_vs_db',
          'ratio_vs_trivial',
          'floor_rps',
          'floor_p50_us',
          'ratio_vs_floor',
          'db_only_vs_floor',
        ].sort(),
      );
    }
  });

  it('divides p50 by the floor p50, and req/s by the trivial route at the same connection count', () => {
    const [one, many] = result([listing]).operations;
    expect(one).toMatchObject({
      connections: 1,
      ratio_vs_db: 1.5,
      ratio_vs_trivial: 0.18,
      db_only_rps: 1000,
    });
    expect(many).toMatchObject({ connections: 32, ratio_vs_db: 5, ratio_vs_trivial: 0.4 });
  });

  it('sets each operation beside its floor: the least SQL that answers it', () => {
    const [one, many] = result([listing]).operations;
    expect(one).toMatchObject({ floor_rps: 4000, floor_p50_us: 200, ratio_vs_floor: 6, db_only_vs_floor: 4 });
    expect(many).toMatchObject({ floor_p50_us: 200, ratio_vs_floor: 20, db_only_vs_floor: 4 });
    expect(markdownTable(result([listing]))).toMatch(
      /\| list_run_tasks \| 1 \| .* \| 200 \| 6 \| 4 \| 0\.18 \|/,
    );
  });

  it('reports the highest RSS of any phase and the machine it ran on', () => {
    const r = result([listing]);
    expect(r.peak_rss_mb).toBe(132);
    expect(r.phase_peak_rss_mb['list_run_tasks@32']).toBe(132);
    expect(r.machine.cores).toBeGreaterThan(0);
    expect(r.machine.node).toBe(process.version);
  });

  it('breaks the highest peak down into heap, buffers and the rest, at the phase it was seen', () => {
    const at = (rss: number) => ({
      rss_mb: rss,
      heap_total_mb: 90,
      heap_used_mb: 60,
      external_mb: 10,
      other_mb: rss - 100,
    });
    const busy: OperationResult = {
      ...listing,
      http: [phase(1, 900, 1.2, { memory: at(180) }), phase(32, 8000, 4, { memory: at(240) })],
    };
    const r = result([busy]);
    expect(r.peak_memory).toEqual({ phase: 'list_run_tasks@32', ...at(240) });
    expect(markdownTable(r)).toContain(
      'Memory at the highest peak (list_run_tasks@32): RSS 240 MB = V8 heap 90 MB (60 in use) + buffers 10 MB + the rest 140 MB',
    );
    expect(result([listing]).peak_memory).toBeNull();
  });

  it('shows failed requests in bold in the table, HTTP, database-only and floor alike', () => {
    const failing: OperationResult = {
      name: 'complete_task',
      direct: direct(100, 5, 3),
      floor: direct(400, 1, 2),
      http: [phase(1, 50, 10, { errors: 7 })],
    };
    const table = markdownTable(result([listing, failing]));
    expect(table).toMatch(/\| complete_task \| 1 \| 50 \| 10 \| 20 \| 30 \| \*\*7\*\* \|/);
    expect(table).toMatch(/\*\*Database-only errors:\*\* complete_task 3/);
    expect(table).toMatch(/\*\*Floor errors:\*\* complete_task 2/);
    expect(table).toMatch(/\| list_run_tasks \| 32 \| 8,000 \| 4 \| 8 \| 12 \| 0 \|/);
  });
});

describe('bench configuration', () => {
  it('reads DATABASE_SCHEMA for PostgreSQL', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgres://root@127.0.0.1/test',
      DATABASE_SCHEMA: 'flowlane_bench_100000',
    });
    expect(config.database).toMatchObject({ kind: 'postgres', schema: 'flowlane_bench_100000' });
  });

  it('refuses DATABASE_SCHEMA on SQLite and a schema name that is not a plain identifier', () => {
    const problems = (env: Record<string, string>) => {
      try {
        loadConfig(env);
        return [];
      } catch (error) {
        return (error as ConfigError).problems;
      }
    };
    expect(problems({ DATABASE_SCHEMA: 'bench' })).toEqual([expect.stringMatching(/only to PostgreSQL/)]);
    expect(
      problems({ DATABASE_URL: 'postgres://root@127.0.0.1/test', DATABASE_SCHEMA: 'a;drop table x' }),
    ).toEqual([expect.stringMatching(/DATABASE_SCHEMA must be a lowercase identifier/)]);
  });
});
