/**
 * The `flowlane` command. Every command honours DATABASE_URL; with --json it prints exactly
 * one JSON object on stdout and nothing else.
 */
import { parseArgs } from 'node:util';
import { closeAdapters, createAdapters } from './adapters/index.js';
import { type Config, ConfigError, loadConfig } from './config/index.js';
import { type DbHandle, openDatabase } from './db/database.js';
import { migrateToLatest } from './db/migrate.js';
import { systemClock } from './domain/clock.js';
import { AppError } from './domain/errors.js';
import { serveUntilSignalled } from './main.js';
import type { AppContext } from './services/context.js';
import { setUpDemo } from './services/identity/demo.js';
import { createOrganization } from './services/identity/organizations.js';
import { issuePersonalTokenForEmail } from './services/identity/tokens.js';
import { createMember } from './services/identity/users.js';
import { runWorkerUntilSignalled } from './worker.js';

const USAGE = `Usage: flowlane <command> [options]

Commands:
  serve                                   run the HTTP server and background jobs (npm start)
  worker                                  run only the background jobs (webhooks, e-mail, deadlines)
  migrate                                 bring the database schema up to date
  org create --name N [--timezone TZ]     create an organization
  user create --org O --email E --role admin|standard|light
              [--password P] [--first-name F] [--last-name L]
                                          create a user (or add an existing one) as a member
  token create --email E                  issue a personal access token
  demo                                    create or reuse a demo organization and print a token
  bench [--quick] [--tasks N] [--database-url URL] [--keep] …
                                          run the benchmark suite (npm run bench; bench --help)

Options:
  --json                                  print one JSON object and nothing else
  --help                                  show this help

Environment: DATABASE_URL (default sqlite file ./data/flowlane.db), PORT, HOST, LOG_LEVEL, PUBLIC_URL,
SMTP_URL, EMAIL_FROM, WEBHOOK_ALLOW_PRIVATE, WEBHOOK_TIMEOUT_MS, WEBHOOK_RETRY_BASE_MS, WEBHOOK_RETRY_MAX_MS,
WEBHOOK_RETRY_FOR_SECONDS, WEBHOOK_CONCURRENCY (docs/webhooks.md).`;

const OPTIONS = {
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  name: { type: 'string' },
  timezone: { type: 'string' },
  org: { type: 'string' },
  email: { type: 'string' },
  role: { type: 'string' },
  password: { type: 'string' },
  'first-name': { type: 'string' },
  'last-name': { type: 'string' },
} as const;

type Values = {
  [K in keyof typeof OPTIONS]?: (typeof OPTIONS)[K]['type'] extends 'boolean' ? boolean : string;
};

class UsageError extends Error {}

async function withContext<T>(config: Config, fn: (ctx: AppContext) => Promise<T>): Promise<T> {
  const db: DbHandle = openDatabase(config.database);
  const adapters = createAdapters(config);
  try {
    await migrateToLatest(db);
    return await fn({ db, clock: systemClock, config, adapters });
  } finally {
    closeAdapters(adapters);
    await db.close();
  }
}

function required(values: Values, name: keyof Values): string {
  const value = values[name];
  if (typeof value !== 'string' || value === '') throw new UsageError(`--${name} is required`);
  return value;
}

async function run(argv: string[]): Promise<Record<string, unknown> | undefined> {
  if (argv[0] === 'bench') {
    // The benchmark has options of its own and lives in bench/, loaded only here. It is no
    // part of the production build: scripts/build.mjs points this import at dist-bench/.
    const { runBench } = await import('../bench/run.js');
    process.exitCode = await runBench(argv.slice(1));
    return undefined;
  }
  const { values, positionals } = parseArgs({
    args: argv,
    options: OPTIONS,
    allowPositionals: true,
    strict: true,
  });
  const command = positionals.join(' ');
  if (values.help || command === '' || command === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return undefined;
  }
  const config = loadConfig();
  switch (command) {
    case 'serve':
      await serveUntilSignalled(config);
      return undefined;
    case 'worker':
      await runWorkerUntilSignalled(config);
      return undefined;
    case 'migrate':
      return withContext(config, async () => ({ migrated: true, database: config.database.kind }));
    case 'org create':
      return withContext(config, async (ctx) => {
        const org = await createOrganization(ctx, {
          name: required(values, 'name'),
          ...(values.timezone ? { timezone: values.timezone } : {}),
        });
        return { organization_id: org.id };
      });
    case 'user create':
      return withContext(config, async (ctx) => {
        const user = await createMember(ctx, {
          organizationId: required(values, 'org'),
          email: required(values, 'email'),
          role: required(values, 'role'),
          password: values.password,
          firstName: values['first-name'],
          lastName: values['last-name'],
        });
        return { user_id: user.id };
      });
    case 'token create':
      return withContext(config, async (ctx) => {
        const token = await issuePersonalTokenForEmail(ctx, required(values, 'email'));
        return { access_token: token.accessToken, expires_at: token.expiresAt };
      });
    case 'demo':
      return withContext(config, async (ctx) => ({ ...(await setUpDemo(ctx)) }));
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

function describe(error: unknown): string {
  if (error instanceof AppError) {
    const fields = Object.entries(error.fieldErrors ?? {}).map(
      ([field, msgs]) => `  ${field}: ${msgs.join(' ')}`,
    );
    return [`${error.message} (${String(error.code)})`, ...fields].join('\n');
  }
  if (error instanceof ConfigError || error instanceof UsageError) return error.message;
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

const argv = process.argv.slice(2);
const json = argv.includes('--json');
try {
  const result = await run(argv);
  if (result) {
    if (json) process.stdout.write(`${JSON.stringify(result)}\n`);
    else
      for (const [key, value] of Object.entries(result)) process.stdout.write(`${key}: ${String(value)}\n`);
  }
} catch (error) {
  if (json) {
    const code =
      error instanceof AppError ? String(error.code) : error instanceof UsageError ? 'USAGE' : 'ERROR';
    process.stdout.write(`${JSON.stringify({ error: true, code, message: describe(error) })}\n`);
  } else {
    process.stderr.write(`flowlane: ${describe(error)}\n`);
    if (error instanceof UsageError) process.stderr.write(`\n${USAGE}\n`);
  }
  process.exitCode = error instanceof UsageError ? 2 : 1;
}
