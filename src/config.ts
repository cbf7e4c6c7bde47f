import path from 'node:path';
import { type DeadlineConfig, parseDeadlineConfig } from './config-deadlines.js';
import { type EmailConfig, parseDeliveryConfig, type WebhookConfig } from './config-delivery.js';
import { type FilesConfig, parseFilesConfig } from './config-files.js';

/** Everything Flowlane reads from the environment, validated once at start. */
export interface Config {
  port: number;
  host: string;
  database: DatabaseConfig;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Base for absolute URLs (pagination links, guest links); from the request when unset. */
  publicUrl: string | undefined;
  /** Lifetime of access tokens issued by /oauth/token, in seconds. */
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  /** Largest JSON body accepted, in bytes. */
  bodyLimitBytes: number;
  dataDir: string;
  /**
   * FLOWLANE_SECRET_KEY (at least 32 characters): the key guest codes are derived from, kept
   * out of the database so a copy of it cannot be used to act as a guest. Unset, a key made
   * on first use and stored in the database is used instead.
   */
  secretKey: string | undefined;
  /** Outgoing webhooks: address policy, timeout, retry schedule (src/config-delivery.ts). */
  webhooks: WebhookConfig;
  /** Outgoing e-mail: SMTP when SMTP_URL is set, otherwise kept in outgoing_emails. */
  email: EmailConfig;
  /** Uploaded files: size limit, local directory or S3 store (src/config-files.ts). */
  files: FilesConfig;
  /** The deadline sweeper: how often it runs and how much it takes at once (src/config-deadlines.ts). */
  deadlines: DeadlineConfig;
  /** FLOWLANE_BENCH=1: serve `GET /bench/noop`, the benchmark's trivial-route ceiling (issue 9). */
  benchRoutes: boolean;
}

export type DatabaseConfig =
  | { kind: 'sqlite'; filename: string }
  | { kind: 'postgres'; url: string; poolSize: number; schema?: string };

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Reads and validates the configuration; throws ConfigError listing every problem. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const problems: string[] = [];
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      problems.push(`${name} must be an integer from ${min} to ${max} (got "${raw}")`);
      return fallback;
    }
    return value;
  };

  const port = int('PORT', 3000, 0, 65535);
  const host = env.HOST?.trim() || '127.0.0.1';
  const dataDir = path.resolve(env.DATA_DIR?.trim() || './data');

  const logLevel = (env.LOG_LEVEL?.trim() || 'info') as Config['logLevel'];
  if (!LOG_LEVELS.includes(logLevel)) {
    problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')} (got "${env.LOG_LEVEL}")`);
  }

  let publicUrl: string | undefined;
  if (env.PUBLIC_URL?.trim()) {
    try {
      const url = new URL(env.PUBLIC_URL.trim());
      if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('protocol');
      publicUrl = url.toString().replace(/\/+$/, '');
    } catch {
      problems.push(`PUBLIC_URL must be an absolute http(s) URL (got "${env.PUBLIC_URL}")`);
    }
  }

  const poolSize = int('DATABASE_POOL_SIZE', 10, 1, 1000);
  const database = withDatabaseSchema(
    parseDatabaseUrl(env.DATABASE_URL, dataDir, poolSize, problems),
    env.DATABASE_SCHEMA,
    problems,
  );

  const config: Config = {
    port,
    host,
    database,
    logLevel,
    publicUrl,
    accessTokenTtlSeconds: int('ACCESS_TOKEN_TTL_SECONDS', 180 * 86_400, 60, 10 * 365 * 86_400),
    refreshTokenTtlSeconds: int('REFRESH_TOKEN_TTL_SECONDS', 365 * 86_400, 60, 10 * 365 * 86_400),
    bodyLimitBytes: int('BODY_LIMIT_BYTES', 5 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
    dataDir,
    secretKey: parseSecretKey(env.FLOWLANE_SECRET_KEY, problems),
    ...parseDeliveryConfig(env, int, problems),
    ...parseFilesConfig(env, dataDir, int, problems),
    ...parseDeadlineConfig(int),
    benchRoutes: env.FLOWLANE_BENCH === '1',
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

function parseSecretKey(raw: string | undefined, problems: string[]): string | undefined {
  const value = raw?.trim();
  if (!value) return undefined;
  if (value.length < 32) problems.push('FLOWLANE_SECRET_KEY must be at least 32 characters long');
  return value;
}

/**
 * `DATABASE_SCHEMA`: the PostgreSQL schema Flowlane works in (its search path), for several
 * installations or a benchmark on one database. It must already exist; SQLite has no schemas.
 */
function withDatabaseSchema(
  database: DatabaseConfig,
  raw: string | undefined,
  problems: string[],
): DatabaseConfig {
  const schema = raw?.trim();
  if (!schema) return database;
  if (database.kind !== 'postgres') {
    problems.push('DATABASE_SCHEMA applies only to PostgreSQL (DATABASE_URL=postgres://…)');
    return database;
  }
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
    problems.push(
      `DATABASE_SCHEMA must be a lowercase identifier of letters, digits and _ (got "${schema}")`,
    );
    return database;
  }
  return { ...database, schema };
}

/**
 * `DATABASE_URL`: unset → `<DATA_DIR>/flowlane.db`; `sqlite:<path>` / `sqlite://<path>` /
 * `sqlite::memory:`; `postgres://…` or `postgresql://…`.
 */
export function parseDatabaseUrl(
  raw: string | undefined,
  dataDir: string,
  poolSize: number,
  problems: string[],
): DatabaseConfig {
  const value = raw?.trim();
  if (!value) return { kind: 'sqlite', filename: path.join(dataDir, 'flowlane.db') };
  if (/^postgres(ql)?:\/\//i.test(value)) {
    try {
      new URL(value);
    } catch {
      problems.push('DATABASE_URL is not a valid postgres:// URL');
    }
    return { kind: 'postgres', url: value, poolSize };
  }
  const sqlite = /^sqlite:(?:\/\/)?(.+)$/i.exec(value);
  if (sqlite?.[1]) {
    const file = sqlite[1];
    return { kind: 'sqlite', filename: file === ':memory:' ? ':memory:' : path.resolve(file) };
  }
  problems.push(
    `DATABASE_URL must start with postgres://, postgresql:// or sqlite: (got "${value.replace(/:[^:@/]*@/, ':***@')}")`,
  );
  return { kind: 'sqlite', filename: path.join(dataDir, 'flowlane.db') };
}
