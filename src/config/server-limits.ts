import type { EnvReader } from './env.js';

/** How long the HTTP server waits for slow clients, how many it holds, and the guest limit. */
export interface ServerLimitsConfig {
  /**
   * REQUEST_TIMEOUT_MS (default 120000): the whole request, headers and body, must arrive
   * within this; a slower one is answered 408 and closed. Two minutes carry a 100 MB upload
   * at 10 Mbit/s.
   */
  requestTimeoutMs: number;
  /** HEADERS_TIMEOUT_MS (default 30000): the request line and headers must arrive within this. */
  headersTimeoutMs: number;
  /** KEEP_ALIVE_TIMEOUT_MS (default 72000, longer than the usual proxy's idle timeout): an idle keep-alive connection is closed after this. */
  keepAliveTimeoutMs: number;
  /** MAX_CONNECTIONS (default 2048): connections held at once; further ones are refused. */
  maxConnections: number;
  /**
   * PUBLIC_RATE_LIMIT_PER_MINUTE (default 300): requests per client address per minute on
   * the routes that need no token (guest links, sign-in, invitations). Counted in each
   * process's memory, so with N nodes an address gets up to N times this.
   */
  publicRateLimitPerMinute: number;
}

export function readServerLimitsConfig(read: EnvReader): ServerLimitsConfig {
  const requestTimeoutMs = read.int('REQUEST_TIMEOUT_MS', 120_000, 1_000, 3_600_000);
  const headersTimeoutMs = read.int('HEADERS_TIMEOUT_MS', 30_000, 1_000, 600_000);
  if (headersTimeoutMs > requestTimeoutMs) {
    read.problems.push('HEADERS_TIMEOUT_MS must not be larger than REQUEST_TIMEOUT_MS');
  }
  return {
    requestTimeoutMs,
    headersTimeoutMs,
    keepAliveTimeoutMs: read.int('KEEP_ALIVE_TIMEOUT_MS', 72_000, 100, 600_000),
    maxConnections: read.int('MAX_CONNECTIONS', 2_048, 1, 1_000_000),
    publicRateLimitPerMinute: read.int('PUBLIC_RATE_LIMIT_PER_MINUTE', 300, 1, 1_000_000),
  };
}
