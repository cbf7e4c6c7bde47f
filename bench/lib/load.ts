import autocannon from 'autocannon';
import { round, summarize } from './stats.js';

export interface LoadRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  body?: string;
}

export interface LoadOptions {
  url: string;
  token: string;
  connections: number;
  durationSeconds: number;
  /** Called for every request, so each can use fresh data (a new task to complete…). */
  next: () => LoadRequest;
}

export interface LoadResult {
  rps: number;
  p50_ms: number;
  p95_ms: number;
  p99_ms: number;
  errors: number;
  requests: number;
}

/**
 * Drives the server with autocannon at a fixed connection count for a fixed time. Latencies
 * are collected per response so p95 is exact (autocannon's own summary has no p95). Non-2xx
 * answers count as errors.
 */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const latencies: number[] = [];
  let errors = 0;
  const cannon = {
    url: options.url,
    connections: options.connections,
    duration: options.durationSeconds,
    headers: {
      authorization: `Bearer ${options.token}`,
      'content-type': 'application/json',
      accept: 'application/json',
    },
    requests: [
      {
        setupRequest: (req) => {
          const next = options.next();
          return { ...req, method: next.method, path: next.path, ...(next.body ? { body: next.body } : {}) };
        },
      },
    ],
  } satisfies autocannon.Options;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(cannon, (err, res) => (err ? reject(err) : resolve(res)));
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      latencies.push(responseTime);
      if (statusCode < 200 || statusCode >= 300) errors++;
    });
  });
  errors += result.errors + result.timeouts;
  const summary = summarize(latencies);
  return {
    rps: round(summary.count / options.durationSeconds, 1),
    p50_ms: summary.p50,
    p95_ms: summary.p95,
    p99_ms: summary.p99,
    errors,
    requests: summary.count,
  };
}

/** Runs `work` back to back for a fixed time in this process: the database-only floor. */
export async function runInProcess(
  work: () => Promise<unknown>,
  durationSeconds: number,
): Promise<{ rps: number; p50_ms: number; p95_ms: number; p99_ms: number; count: number }> {
  const latencies: number[] = [];
  const end = performance.now() + durationSeconds * 1000;
  while (performance.now() < end) {
    const start = performance.now();
    await work();
    latencies.push(performance.now() - start);
  }
  const summary = summarize(latencies);
  return {
    rps: round(summary.count / durationSeconds, 1),
    p50_ms: summary.p50,
    p95_ms: summary.p95,
    p99_ms: summary.p99,
    count: summary.count,
  };
}
