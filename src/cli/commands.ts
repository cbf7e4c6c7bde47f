/**
 * The `flowlane` commands: each with its usage line, its options (parsed strictly by
 * node:util parseArgs) and what it runs. The bench has its own parser and is only wired in
 * here (cli.ts), loaded when asked for.
 */
import type { ParseArgsConfig } from 'node:util';

type ParseArgsOptionsConfig = NonNullable<ParseArgsConfig['options']>;

import { closeAdapters, createAdapters } from '../adapters/index.js';
import type { Config } from '../config/index.js';
import { type DbHandle, openDatabase } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';
import { systemClock } from '../domain/clock.js';
import { parseWorkerCount, serveWithWorkers } from '../serve-workers.js';
import { restoreBackup } from '../services/backup/restore-backup.js';
import { writeBackup } from '../services/backup/write-backup.js';
import type { AppContext } from '../services/context.js';
import { setUpDemo } from '../services/identity/demo.js';
import { createOrganization } from '../services/identity/organizations.js';
import { issuePersonalTokenForEmail } from '../services/identity/tokens.js';
import { createMember } from '../services/identity/users.js';
import { runWorkerUntilSignalled } from '../worker.js';

export type OptionValues = Record<string, string | boolean | undefined>;

/** Where a long command reports how far it is (stderr): one line each call. */
export type Progress = (line: string) => void;

export interface Command {
  /** One or two words: `serve`, `org create`. */
  name: string;
  /** The options after the name, as in the usage text. */
  synopsis: string;
  summary: string;
  options: ParseArgsOptionsConfig;
  /** What it prints (with --json as one object); undefined when it prints nothing itself. */
  run(values: OptionValues, config: Config, progress: Progress): Promise<Record<string, unknown> | undefined>;
}

/** A command line that is wrong: the CLI prints the message, the command's usage, and exits 2. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly command?: Command,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

export function requiredOption(values: OptionValues, name: string, command: Command): string {
  const value = values[name];
  if (typeof value !== 'string' || value === '')
    throw new UsageError(`option --${name} is required`, command);
  return value;
}

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

const tableProgress = (progress: Progress, verb: string) => (table: string, rows: number) =>
  progress(`${verb} ${table}: ${rows} row${rows === 1 ? '' : 's'}`);

const serve: Command = {
  name: 'serve',
  synopsis: '[--workers N|auto]',
  summary: 'run the HTTP server and background jobs (npm start); --workers: one process per core',
  options: { workers: { type: 'string' } },
  async run(values, config) {
    const workers = parseWorkerCount(values.workers as string | undefined);
    if (workers instanceof Error) throw new UsageError(workers.message, serve);
    await serveWithWorkers(config, workers);
    return undefined;
  },
};

const worker: Command = {
  name: 'worker',
  synopsis: '',
  summary: 'run only the background jobs (webhooks, e-mail, notifications, deadlines, retention)',
  options: {},
  async run(_values, config) {
    await runWorkerUntilSignalled(config);
    return undefined;
  },
};

const migrate: Command = {
  name: 'migrate',
  synopsis: '',
  summary: 'bring the database schema up to date',
  options: {},
  run: (_values, config) =>
    withContext(config, async () => ({ migrated: true, database: config.database.kind })),
};

const orgCreate: Command = {
  name: 'org create',
  synopsis: '--name N [--timezone TZ]',
  summary: 'create an organization',
  options: { name: { type: 'string' }, timezone: { type: 'string' } },
  run(values, config) {
    const name = requiredOption(values, 'name', orgCreate);
    return withContext(config, async (ctx) => {
      const org = await createOrganization(ctx, {
        name,
        ...(typeof values.timezone === 'string' ? { timezone: values.timezone } : {}),
      });
      return { organization_id: org.id };
    });
  },
};

const userCreate: Command = {
  name: 'user create',
  synopsis: '--org O --email E --role admin|standard|light [--password P] [--first-name F] [--last-name L]',
  summary: 'create a user (or add an existing one) as a member',
  options: {
    org: { type: 'string' },
    email: { type: 'string' },
    role: { type: 'string' },
    password: { type: 'string' },
    'first-name': { type: 'string' },
    'last-name': { type: 'string' },
  },
  run(values, config) {
    const input = {
      organizationId: requiredOption(values, 'org', userCreate),
      email: requiredOption(values, 'email', userCreate),
      role: requiredOption(values, 'role', userCreate),
      password: values.password as string | undefined,
      firstName: values['first-name'] as string | undefined,
      lastName: values['last-name'] as string | undefined,
    };
    return withContext(config, async (ctx) => ({ user_id: (await createMember(ctx, input)).id }));
  },
};

const tokenCreate: Command = {
  name: 'token create',
  synopsis: '--email E',
  summary: 'issue a personal access token',
  options: { email: { type: 'string' } },
  run(values, config) {
    const email = requiredOption(values, 'email', tokenCreate);
    return withContext(config, async (ctx) => {
      const token = await issuePersonalTokenForEmail(ctx, email);
      return { access_token: token.accessToken, expires_at: token.expiresAt };
    });
  },
};

const demo: Command = {
  name: 'demo',
  synopsis: '',
  summary: 'create or reuse a demo organization and print a token',
  options: {},
  run: (_values, config) => withContext(config, async (ctx) => ({ ...(await setUpDemo(ctx)) })),
};

const backup: Command = {
  name: 'backup',
  synopsis: '--to FILE',
  summary: 'write the whole database to one archive while the server runs (progress on stderr)',
  options: { to: { type: 'string' } },
  async run(values, config, progress) {
    const file = requiredOption(values, 'to', backup);
    const summary = await writeBackup(config.database, file, {
      onTable: tableProgress(progress, 'backed up'),
    });
    return { ...summary };
  },
};

const restore: Command = {
  name: 'restore',
  synopsis: '--from FILE',
  summary: 'load an archive into an empty database of either kind (all or nothing)',
  options: { from: { type: 'string' } },
  async run(values, config, progress) {
    const file = requiredOption(values, 'from', restore);
    // No migrateToLatest first: the restore runs the archive's migrations, loads, then the rest.
    const db = openDatabase(config.database);
    try {
      return { ...(await restoreBackup(db, file, { onTable: tableProgress(progress, 'restored') })) };
    } finally {
      await db.close();
    }
  },
};

export const commands: Command[] = [
  serve,
  worker,
  migrate,
  orgCreate,
  userCreate,
  tokenCreate,
  demo,
  backup,
  restore,
];

/** `Usage: flowlane backup --to FILE [--json]` and what it does. */
export function commandUsage(command: Command): string {
  const synopsis = [command.synopsis, '[--json]'].filter(Boolean).join(' ');
  return `Usage: flowlane ${command.name} ${synopsis}\n\n${command.summary}.`;
}
