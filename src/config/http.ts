import type { EnvReader } from './env.js';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** How the HTTP server listens, logs and builds absolute URLs. */
export interface HttpConfig {
  port: number;
  host: string;
  logLevel: LogLevel;
  /** Base for absolute URLs (pagination links, guest links); from the request when unset. */
  publicUrl: string | undefined;
  /** Largest JSON body accepted, in bytes. */
  bodyLimitBytes: number;
  /**
   * TRUST_PROXY=true: client addresses come from `X-Forwarded-For`. Only behind a reverse
   * proxy that sets it, or any client could choose its own address for the login limits.
   */
  trustProxy: boolean;
}

export function readHttpConfig(read: EnvReader): HttpConfig {
  const logLevel = (read.str('LOG_LEVEL') ?? 'info') as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) {
    read.problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')} (got "${read.env.LOG_LEVEL}")`);
  }
  return {
    port: read.int('PORT', 3000, 0, 65535),
    host: read.str('HOST') ?? '127.0.0.1',
    logLevel,
    publicUrl: readPublicUrl(read),
    bodyLimitBytes: read.int('BODY_LIMIT_BYTES', 5 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
    trustProxy: read.bool('TRUST_PROXY', false),
  };
}

function readPublicUrl(read: EnvReader): string | undefined {
  const raw = read.str('PUBLIC_URL');
  if (!raw) return undefined;
  try {
    const url = new URL(raw);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('protocol');
    return url.toString().replace(/\/+$/, '');
  } catch {
    read.problems.push(`PUBLIC_URL must be an absolute http(s) URL (got "${read.env.PUBLIC_URL}")`);
    return undefined;
  }
}
