import path from 'node:path';
import { type DatabaseConfig, readDatabaseConfig } from './database.js';
import { type DeadlineConfig, readDeadlineConfig } from './deadlines.js';
import { type EmailConfig, readEmailConfig } from './email.js';
import { createEnvReader } from './env.js';
import { type FilesConfig, readFilesConfig } from './files.js';
import { type HttpConfig, readHttpConfig } from './http.js';
import { type IdentityConfig, readIdentityConfig } from './identity.js';
import { type NotificationConfig, readNotificationConfig } from './notifications.js';
import { type OperationsConfig, readOperationsConfig } from './operations.js';
import { type OrganizationsConfig, readOrganizationsConfig } from './organizations.js';
import { readServerLimitsConfig, type ServerLimitsConfig } from './server-limits.js';
import { readWebhookConfig, type WebhookConfig } from './webhooks.js';

export type { DatabaseConfig } from './database.js';
export { parseDatabaseUrl } from './database.js';
export type { DeadlineConfig } from './deadlines.js';
export type { EmailConfig } from './email.js';
export type { FilesConfig, S3Config } from './files.js';
export type { HttpConfig, LogLevel } from './http.js';
export type { IdentityConfig } from './identity.js';
export type { NotificationConfig } from './notifications.js';
export type { OperationsConfig, RetentionConfig } from './operations.js';
export type { OrganizationCreation, OrganizationsConfig } from './organizations.js';
export type { ServerLimitsConfig } from './server-limits.js';
export type { WebhookConfig } from './webhooks.js';

/**
 * Everything Flowlane reads from the environment, validated once at start. Each concern
 * reads its own variables (one file each beside this one); the HTTP and identity settings
 * sit at the top level, where every caller has always found them.
 */
export interface Config extends HttpConfig, IdentityConfig {
  database: DatabaseConfig;
  dataDir: string;
  /** Outgoing webhooks: address policy, timeout, retry schedule. */
  webhooks: WebhookConfig;
  /** Outgoing e-mail: SMTP when SMTP_URL is set, otherwise kept in outgoing_emails. */
  email: EmailConfig;
  /** Uploaded files: size limit, local directory or S3 store. */
  files: FilesConfig;
  /** The deadline sweeper: how often it runs and how much it takes at once. */
  deadlines: DeadlineConfig;
  /** Metrics, overload protection and retention. */
  operations: OperationsConfig;
  /** Timeouts, the connection cap and the per-address limit of public routes. */
  limits: ServerLimitsConfig;
  /** Notifications: coalescing window, hourly cap, digest and due-soon defaults. */
  notifications: NotificationConfig;
  /** Creating organizations through the API; what an organization may configure for itself. */
  organizations: OrganizationsConfig;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Reads and validates the configuration; throws ConfigError listing every problem. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const read = createEnvReader(env);
  const dataDir = path.resolve(read.str('DATA_DIR') ?? './data');
  const config: Config = {
    ...readHttpConfig(read),
    ...readIdentityConfig(read),
    database: readDatabaseConfig(read, dataDir),
    dataDir,
    webhooks: readWebhookConfig(read),
    email: readEmailConfig(read),
    files: readFilesConfig(read, dataDir),
    deadlines: readDeadlineConfig(read),
    operations: readOperationsConfig(read),
    limits: readServerLimitsConfig(read),
    notifications: readNotificationConfig(read),
    organizations: readOrganizationsConfig(read),
  };
  if (read.problems.length > 0) throw new ConfigError(read.problems);
  return config;
}
