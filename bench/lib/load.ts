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
  /**
   * Called for every request, so each can use fresh data (a new task to complete…). Undefined
   * means the fresh data ran out: the phase stops there and is measured up to that point.
   */
  next: () => LoadRequest | undefined;
}

export interface LoadResult {
  rps: number;
  p50_ms: number;
  p95_ms: number;
  p99_ms: number;
  errors: number;
  requests: number;
  /** Seconds actually measured (shorter than asked when the fresh data ran out). */
  seconds: number;
  exhausted: boolean;
  /** Status and body of the first failed response, to show what went wrong. */
  firstError: string | undefined;
}

/**
 * Drives the server with autocannon at a fixed connection count for a fixed time. Latencies
 * are collected per response so p95 is exact (autocannon's own summary has no p95). Non-2xx
 * answers, socket errors and timeouts count as errors.
 */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  let exhaustedAt: number | undefined;
  let instance: autocannon.Instance | undefined;
  const started = performance.now();
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
          const next = exhaustedAt === undefined ? options.next() : undefined;
          if (!next) {
            // Out of fresh data: stop, and send something harmless meanwhile (not counted).
            if (exhaustedAt === undefined) {
              exhaustedAt = performance.now();
              setImmediate(() => instance?.stop());
            }
            return { ...req, method: 'GET', path: '/bench/noop', body: undefined };
          }
          return {
            ...req,
            method: next.method,
            path: next.path,
            ...(next.body ? { body: next.body } : { body: undefined }),
          };
        },
        onResponse: (status, body) => {
          if ((status < 200 || status >= 300) && firstError === undefined)
            firstError = `${status} ${body.slice(0, 300)}`;
        },
      },
    ],
  } satisfies autocannon.Options;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    instance = autocannon(cannon, (err, res) => (err ? reject(err) : resolve(res)));
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      if (exhaustedAt !== undefined) return;
      latencies.push(responseTime);
      if (statusCode < 200 || statusCode >= 300) errors++;
    });
  });
  // autocannon's `errors` already counts its timeouts.
  errors += result.errors;
  if (firstError === undefined && result.errors > 0) {
    firstError = `${result.timeouts} timeouts (no answer within 10 s), ${result.errors - result.timeouts} socket errors`;
  }
  const seconds = ((exhaustedAt ?? performance.now()) - started) / 1000;
  const summary = summarize(latencies);
  return {
    rps: round(summary.count / seconds, 1),
    p50_ms: summary.p50,
    p95_ms: summary.p95,
    p99_ms: summary.p99,
    errors,
    requests: summary.count,
    seconds: round(seconds, 2),
    exhausted: exhaustedAt !== undefined,
    firstError,
  };
}

export interface InProcessResult {
  rps: number;
  p50_ms: number;
  p95_ms: number;
  p99_ms: number;
  count: number;
  errors: number;
  exhausted: boolean;
  firstError: string | undefined;
}

/**
 * Runs units of work back to back for a fixed time in this process: the database-only floor.
 * `next` gives the next unit, or undefined when the fresh data ran out. A unit that throws is
 * counted as an error (and its time is not a latency).
 */
export async function runInProcess(
  next: () => (() => Promise<unknown>) | undefined,
  durationSeconds: number,
): Promise<InProcessResult> {
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  let exhausted = false;
  const started = performance.now();
  const end = started + durationSeconds * 1000;
  while (performance.now() < end) {
    const work = next();
    if (!work) {
      exhausted = true;
      break;
    }
    const start = performance.now();
    try {
      await work();
      latencies.push(performance.now() - start);
    } catch (error) {
      errors++;
      firstError ??= error instanceof Error ? error.message : String(error);
    }
  }
  const seconds = (performance.now() - started) / 1000;
  const summary = summarize(latencies);
  return {
    rps: round(summary.count / seconds, 1),
    p50_ms: summary.p50,
    p95_ms: summary.p95,
    p99_ms: summary.p99,
    count: summary.count,
    errors,
    exhausted,
    firstError,
  };
}
