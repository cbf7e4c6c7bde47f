/**
 * The `flowlane` command line, apart from the process it runs in (cli.ts), so tests call it
 * in-process. Every command honours DATABASE_URL; with --json it prints exactly one JSON
 * object on stdout and nothing else. A wrong command line (unknown command or option,
 * missing value) prints one line saying what is wrong and that command's usage: exit code 2.
 */
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config/index.js';
import { AppError } from '../domain/errors.js';
import { BackupError } from '../services/backup/read-archive.js';
import { type Command, commands, commandUsage, type OptionValues, UsageError } from './commands.js';

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

export interface CliIo {
  stdout: Pick<NodeJS.WritableStream, 'write'>;
  stderr: Pick<NodeJS.WritableStream, 'write'>;
  env: NodeJS.ProcessEnv;
  /** `flowlane bench`: its own options and usage, wired in by cli.ts. */
  bench(argv: string[]): Promise<number>;
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

async function run(argv: string[], io: CliIo): Promise<Record<string, unknown> | undefined> {
  if (argv.length === 0 || argv[0] === 'help' || argv[0] === '--help' || argv[0] === '-h') {
    io.stdout.write(`${USAGE}\n`);
    return undefined;
  }
  const { command, rest } = findCommand(argv);
  const values = parseOptions(command, rest);
  if (values.help) {
    io.stdout.write(`${commandUsage(command)}\n`);
    return undefined;
  }
  return command.run(values, loadConfig(io.env), (line) => io.stderr.write(`${line}\n`));
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

function printResult(result: Record<string, unknown>, json: boolean, io: CliIo): void {
  if (json) {
    io.stdout.write(`${JSON.stringify(result)}\n`);
    return;
  }
  for (const [key, value] of Object.entries(result)) {
    const text = typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
    io.stdout.write(`${key}: ${text}\n`);
  }
}

/** Runs one command line; answers the exit code. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  if (argv[0] === 'bench') return io.bench(argv.slice(1));
  const json = argv.includes('--json');
  try {
    const result = await run(argv, io);
    if (result) printResult(result, json, io);
    return 0;
  } catch (error) {
    if (json) {
      io.stdout.write(
        `${JSON.stringify({ error: true, code: errorCode(error), message: describe(error) })}\n`,
      );
    } else {
      io.stderr.write(`flowlane: ${describe(error)}\n`);
      if (error instanceof UsageError) {
        io.stderr.write(`\n${error.command ? commandUsage(error.command) : USAGE}\n`);
      }
    }
    return error instanceof UsageError ? 2 : 1;
  }
}
