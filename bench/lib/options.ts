import { parseArgs } from 'node:util';
import { OPERATION_NAMES } from './operations.js';

/** What `flowlane bench` / `npm run bench` was asked to do. */
export interface BenchOptions {
  /** Tasks the seeded organization holds. */
  tasks: number;
  /** Seconds each measured phase runs. */
  durationSeconds: number;
  /** Connection counts each operation is driven at. */
  connections: number[];
  /** postgres://… for PostgreSQL; undefined for a fresh SQLite file under the temp directory. */
  databaseUrl: string | undefined;
  /** Reuse a database already seeded at this scale, and leave it in place afterwards. */
  keep: boolean;
  /** Seed (or find) the kept database and stop: measure it in a later `--keep` run. */
  seedOnly: boolean;
  quick: boolean;
  /** Where the JSON result goes (bench/results by default). */
  resultsDir: string;
  /** Only these operations (all when undefined); a partial run writes no JSON result. */
  only: string[] | undefined;
  /** Directory for the server's CPU profile (node --cpu-prof), or undefined for none. */
  cpuProfDir: string | undefined;
  /** Server processes (`flowlane serve --workers N`). */
  workers: number;
}

export const BENCH_USAGE = `Usage: flowlane bench [options]   (npm run bench -- [options])

Seeds an organization, starts \`flowlane serve\` on it and drives it with autocannon, next to the
database-only floor and a trivial route; prints a Markdown table and writes
bench/results/<date>-<sqlite|postgres>-<tasks>.json.

Options:
  --tasks N              tasks in the seeded organization (default 100000)
  --quick                small and short: 2,000 tasks, 2 s per phase (CI)
  --duration S           seconds per phase (default 10)
  --connections LIST     connection counts, comma-separated (default 1,32)
  --database-url URL     postgres://… to run on PostgreSQL (default: a new SQLite file in the temp dir)
  --keep                 reuse a database seeded at the same scale if there is one, and keep it
  --seed-only            seed the kept database (implies --keep) and stop without measuring
  --results DIR          where to write the JSON (default bench/results)
  --only LIST            only these operations, comma-separated (no JSON is written)
  --cpu-prof DIR         write the server's CPU profile (node --cpu-prof) into DIR
  --workers N            server processes, as \`flowlane serve --workers N\` (default 1)`;

export class BenchUsageError extends Error {}

function parseOnly(raw: string | undefined): string[] | undefined {
  if (raw === undefined) return undefined;
  const names = raw
    .split(',')
    .map((n) => n.trim())
    .filter(Boolean);
  const unknown = names.filter((n) => !(OPERATION_NAMES as readonly string[]).includes(n));
  if (names.length === 0 || unknown.length > 0) {
    throw new BenchUsageError(`--only takes operation names from: ${OPERATION_NAMES.join(', ')}`);
  }
  return names;
}

function positiveInt(raw: string | undefined, name: string, fallback: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw.replace(/_/g, ''));
  if (!Number.isInteger(value) || value < 1)
    throw new BenchUsageError(`--${name} must be a positive integer`);
  return value;
}

/** Parses the bench command line; throws BenchUsageError with a message for bad input. */
export function parseBenchOptions(argv: string[]): BenchOptions | 'help' {
  const { values } = parseArgs({
    args: argv,
    options: {
      tasks: { type: 'string' },
      quick: { type: 'boolean' },
      duration: { type: 'string' },
      connections: { type: 'string' },
      'database-url': { type: 'string' },
      keep: { type: 'boolean' },
      'seed-only': { type: 'boolean' },
      results: { type: 'string' },
      only: { type: 'string' },
      'cpu-prof': { type: 'string' },
      workers: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    allowPositionals: true,
    strict: true,
  });
  if (values.help) return 'help';
  const quick = values.quick === true;
  const connections = (values.connections ?? '1,32')
    .split(',')
    .map((c) => positiveInt(c.trim(), 'connections', 1));
  const url = values['database-url'];
  if (url !== undefined && !/^postgres(ql)?:\/\//i.test(url)) {
    throw new BenchUsageError('--database-url must be a postgres:// URL (SQLite is the default)');
  }
  const tasks = positiveInt(values.tasks, 'tasks', quick ? 2000 : 100_000);
  if (tasks < 500) throw new BenchUsageError('--tasks must be at least 500');
  return {
    tasks,
    durationSeconds: positiveInt(values.duration, 'duration', quick ? 2 : 10),
    connections: [...new Set(connections)],
    databaseUrl: url,
    keep: values.keep === true || values['seed-only'] === true,
    seedOnly: values['seed-only'] === true,
    quick,
    resultsDir: values.results ?? 'bench/results',
    only: parseOnly(values.only),
    cpuProfDir: values['cpu-prof'],
    workers: positiveInt(values.workers, 'workers', 1),
  };
}
