/**
 * The `flowlane` command. Every command honours DATABASE_URL; with --json it prints exactly
 * one JSON object on stdout and nothing else. A wrong command line (unknown command or
 * option, missing value) prints one line saying what is wrong and that command's usage, and
 * exits with 2.
 */
import { parseArgs } from 'node:util';
import { type Command, commands, commandUsage, type OptionValues, UsageError } from './cli/commands.js';
import { ConfigError, loadConfig } from './config/index.js';
import { AppError } from './domain/errors.js';
import { BackupError } from './services/backup/read-archive.js';

const COMMON = {
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

const USAGE = `Usage: flowlane <command> [options]

Commands:
${commands.map((c) => `  ${`${c.name} ${c.synopsis}`.trim()}\n      ${c.summary}`).join('\n')}
  bench [--quick] [--tasks N] [--database-url URL] [--keep] …
      run the benchmark suite (npm run bench; flowlane bench --help)

Options:
  --json      print one JSON object and nothing else
  --help      show this help (flowlane <command> --help: that command's)

Environment: DATABASE_URL (default sqlite file ./data/flowlane.db) and the settings in the README.`;

/** The benchmark parses its own options; it lives in bench/ and is loaded only when asked for. */
async function runBenchCommand(argv: string[]): Promise<void> {
  const { runBench } = await import('../bench/run.js');
  process.exitCode = await runBench(argv);
}

/** The command named by the first one or two words, and the arguments after it. */
function findCommand(argv: string[]): { command: Command; rest: string[] } {
  const [first = '', second = ''] = argv;
  const two = commands.find((c) => c.name === `${first} ${second}`);
  if (two) return { command: two, rest: argv.slice(2) };
  const one = commands.find((c) => c.name === first);
  if (one) return { command: one, rest: argv.slice(1) };
  const group = commands.filter((c) => c.name.startsWith(`${first} `));
  if (group.length > 0) {
    const what =
      second === '' || second.startsWith('-') ? 'needs a subcommand' : `has no subcommand "${second}"`;
    throw new UsageError(`"${first}" ${what} (${group.map((c) => c.name).join(', ')})`);
  }
  throw new UsageError(`unknown command "${first}"`);
}

function parseOptions(command: Command, rest: string[]): OptionValues {
  try {
    return parseArgs({
      args: rest,
      options: { ...COMMON, ...command.options },
      allowPositionals: false,
      strict: true,
    }).values as OptionValues;
  } catch (error) {
    // parseArgs says what is wrong in its first line (unknown option, missing value…).
    const message = (error as Error).message.split('\n')[0] ?? String(error);
    throw new UsageError(message.replace(/\. To specify a positional argument.*$/, ''), command);
  }
}

async function run(argv: string[]): Promise<Record<string, unknown> | undefined> {
  if (argv[0] === 'bench') {
    await runBenchCommand(argv.slice(1));
    return undefined;
  }
  if (argv.length === 0 || argv[0] === 'help' || argv[0] === '--help' || argv[0] === '-h') {
    process.stdout.write(`${USAGE}\n`);
    return undefined;
  }
  const { command, rest } = findCommand(argv);
  const values = parseOptions(command, rest);
  if (values.help) {
    process.stdout.write(`${commandUsage(command)}\n`);
    return undefined;
  }
  return command.run(values, loadConfig());
}

function describe(error: unknown): string {
  if (error instanceof AppError) {
    const fields = Object.entries(error.fieldErrors ?? {}).map(
      ([field, msgs]) => `  ${field}: ${msgs.join(' ')}`,
    );
    return [`${error.message} (${String(error.code)})`, ...fields].join('\n');
  }
  if (error instanceof ConfigError || error instanceof UsageError || error instanceof BackupError) {
    return error.message;
  }
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

function errorCode(error: unknown): string {
  if (error instanceof AppError) return String(error.code);
  if (error instanceof UsageError) return 'USAGE';
  if (error instanceof BackupError) return 'BACKUP';
  return 'ERROR';
}

function printResult(result: Record<string, unknown>, json: boolean): void {
  if (json) {
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return;
  }
  for (const [key, value] of Object.entries(result)) {
    const text = typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
    process.stdout.write(`${key}: ${text}\n`);
  }
}

const argv = process.argv.slice(2);
const json = argv.includes('--json');
try {
  const result = await run(argv);
  if (result) printResult(result, json);
} catch (error) {
  if (json) {
    process.stdout.write(
      `${JSON.stringify({ error: true, code: errorCode(error), message: describe(error) })}\n`,
    );
  } else {
    process.stderr.write(`flowlane: ${describe(error)}\n`);
    if (error instanceof UsageError) {
      process.stderr.write(`\n${error.command ? commandUsage(error.command) : USAGE}\n`);
    }
  }
  process.exitCode = error instanceof UsageError ? 2 : 1;
}
