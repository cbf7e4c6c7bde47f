/** The webhook sender: one HTTP attempt per call, POST, wait at most the timeout, report what happened. */
import http from 'node:http';
import https from 'node:https';
import { performance } from 'node:perf_hooks';
import { type AttemptResult, parseRetryAfter } from '../../domain/webhooks/retry.js';
import { checkWebhookUrl, type UrlPolicyConfig } from '../../domain/webhooks/url-safety.js';
import { createSafeLookup, DestinationRefusedError } from './destination.js';

export interface WebhookRequest {
  url: string;
  body: string;
  headers: Record<string, string>;
  /** The current time, for a `Retry-After` given as a date. */
  nowMs: number;
}

export interface PostReport {
  result: AttemptResult;
  statusCode: number | null;
  error: string | null;
  /** The start of the response body, for the delivery log. */
  snippet: string | null;
  durationMs: number;
}

/** Sends one attempt of a webhook. Never throws: refusals, network errors and timeouts are reports. */
export interface WebhookSender {
  send(request: WebhookRequest): Promise<PostReport>;
}

export interface HttpSenderSettings {
  /** Loopback, private and link-local destinations allowed (WEBHOOK_ALLOW_PRIVATE). */
  allowPrivate: boolean;
  /** One attempt's limit, connection to last byte. */
  timeoutMs: number;
}

/** The sender over Node's HTTP client, with the address policy checked at connect time. */
export function createHttpWebhookSender(settings: HttpSenderSettings): WebhookSender {
  const policy: UrlPolicyConfig = { webhooks: { allowPrivate: settings.allowPrivate } };
  const lookup = createSafeLookup(policy);
  return {
    send: (request) => postWebhook(request, { policy, lookup, timeoutMs: settings.timeoutMs }),
  };
}

interface PostOptions {
  policy: UrlPolicyConfig;
  lookup: ReturnType<typeof createSafeLookup>;
  timeoutMs: number;
}

const SNIPPET_CHARS = 500;
const MAX_READ_BYTES = 64 * 1024;

/** POSTs the body. Redirects are not followed (a redirect could lead to a refused address). */
async function postWebhook(
  { url, body, headers, nowMs }: WebhookRequest,
  options: PostOptions,
): Promise<PostReport> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const problem = checkWebhookUrl(url, options.policy);
  if (problem)
    return { result: { kind: 'refused' }, statusCode: null, error: problem, snippet: null, durationMs: 0 };
  const target = new URL(url.trim());
  const client = target.protocol === 'https:' ? https : http;

  return new Promise<PostReport>((resolve) => {
    let timedOut = false;
    let settled = false;
    const settle = (report: Omit<PostReport, 'durationMs'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...report, durationMs: elapsed() });
    };
    const fail = (err: Error) => {
      if (err instanceof DestinationRefusedError) {
        settle({ result: { kind: 'refused' }, statusCode: null, error: err.message, snippet: null });
      } else if (timedOut) {
        settle({
          result: { kind: 'timeout' },
          statusCode: null,
          error: `Timed out: ${err.message}`,
          snippet: null,
        });
      } else {
        const code = (err as NodeJS.ErrnoException).code;
        const error = code && !err.message.includes(code) ? `${code}: ${err.message}` : err.message;
        settle({ result: { kind: 'network_error' }, statusCode: null, error, snippet: null });
      }
    };
    const request = client.request(
      target,
      {
        method: 'POST',
        agent: false,
        lookup: options.lookup,
        headers: { ...headers, 'Content-Length': String(Buffer.byteLength(body)) },
      },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        const finish = () => {
          const statusCode = response.statusCode ?? 0;
          settle({
            result: {
              kind: 'response',
              statusCode,
              retryAfterMs: parseRetryAfter(response.headers['retry-after'], nowMs),
            },
            statusCode,
            error: statusCode >= 200 && statusCode < 300 ? null : `HTTP ${statusCode}`,
            snippet: Buffer.concat(chunks).toString('utf8').slice(0, SNIPPET_CHARS) || null,
          });
        };
        response.on('data', (chunk: Buffer) => {
          chunks.push(chunk);
          size += chunk.length;
          // The status is the answer; an endless body must not hold the worker.
          if (size >= MAX_READ_BYTES) {
            finish();
            response.destroy();
          }
        });
        response.on('error', fail);
        response.on('end', finish);
        response.on('close', () => {
          if (!response.complete) fail(new Error('The connection closed before the response ended.'));
        });
      },
    );
    const timer = setTimeout(() => {
      timedOut = true;
      request.destroy(new Error(`no answer within ${options.timeoutMs} ms`));
    }, options.timeoutMs);
    request.on('error', fail);
    request.end(body);
  });
}
