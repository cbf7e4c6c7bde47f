/**
 * The overload phase: one read operation at four times the highest connection count (past
 * saturation on any machine the bench runs on), short. The server's overload protection
 * answers some requests 503 + Retry-After at once; what matters is the latency of the ones it
 * admits, which should stay bounded instead of growing with the queue.
 */
import autocannon from 'autocannon';
import type { Operation } from './operations.js';
import type { PhaseSettings } from './phases.js';
import { round, summarize } from './stats.js';

export interface OverloadResult {
  operation: string;
  connections: number;
  seconds: number;
  /** 2xx answers: the admitted requests. */
  admitted: number;
  admitted_rps: number;
  admitted_p50_ms: number;
  admitted_p99_ms: number;
  /** 503 answers of the overload protection. */
  rejected: number;
  rejected_p99_ms: number;
  /** Anything else: other statuses, socket errors, timeouts. */
  errors: number;
}

const SECONDS = 5;

export async function measureOverload(
  settings: PhaseSettings,
  operation: Operation,
  label: string,
): Promise<OverloadResult> {
  const connections = 4 * Math.max(...settings.connections);
  const seconds = Math.min(SECONDS, settings.durationSeconds);
  const admitted: number[] = [];
  const rejected: number[] = [];
  let errors = 0;
  const started = performance.now();
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: settings.server.url,
        connections,
        duration: seconds,
        headers: { authorization: `Bearer ${settings.token}`, accept: 'application/json' },
        requests: [
          {
            setupRequest: (req) => {
              const next = operation.next()?.request ?? { method: 'GET' as const, path: '/bench/noop' };
              return { ...req, method: next.method, path: next.path, body: next.body };
            },
          },
        ],
      },
      (err, res) => (err ? reject(err) : resolve(res)),
    );
    instance.on('response', (_client, status, _bytes, ms) => {
      if (status >= 200 && status < 300) admitted.push(ms);
      else if (status === 503) rejected.push(ms);
      else errors++;
    });
  });
  errors += result.errors;
  const elapsed = (performance.now() - started) / 1000;
  const ok = summarize(admitted);
  const out: OverloadResult = {
    operation: operation.name,
    connections,
    seconds: round(elapsed, 2),
    admitted: ok.count,
    admitted_rps: round(ok.count / elapsed, 1),
    admitted_p50_ms: ok.p50,
    admitted_p99_ms: ok.p99,
    rejected: rejected.length,
    rejected_p99_ms: summarize(rejected).p99,
    errors,
  };
  settings.log(
    `  overload ${label}: ${operation.name} @${connections} for ${out.seconds} s: ${out.admitted} admitted ` +
      `(${out.admitted_rps} req/s, p50 ${out.admitted_p50_ms} ms, p99 ${out.admitted_p99_ms} ms), ` +
      `${out.rejected} answered 503 (p99 ${out.rejected_p99_ms} ms), ${errors} errors`,
  );
  return out;
}
