/**
 * What happens after a webhook attempt: success, a retry later, or giving up. Pure so the
 * schedule is tested without sending anything.
 */

export interface RetryPolicy {
  /** Delay before the first retry; each later retry doubles it. */
  baseDelayMs: number;
  /** The longest pause between two attempts. */
  maxDelayMs: number;
  /** Retrying goes on at least this long after the cycle started, then the delivery fails. */
  retryForMs: number;
}

/** How the receiver (or the network) answered one attempt. */
export type AttemptResult =
  | { kind: 'response'; statusCode: number; retryAfterMs?: number | undefined }
  | { kind: 'network_error' }
  | { kind: 'timeout' }
  /** Never worth retrying: a refused destination, an unparseable URL. */
  | { kind: 'refused' };

export type Verdict = 'succeeded' | 'retry' | 'failed';

/**
 * 2xx ends the delivery; network errors, timeouts, 429 and 5xx are worth another try; any
 * other answer (4xx, and 3xx because redirects are not followed) fails at once.
 */
export function classifyAttempt(result: AttemptResult): Verdict {
  switch (result.kind) {
    case 'network_error':
    case 'timeout':
      return 'retry';
    case 'refused':
      return 'failed';
    case 'response': {
      const code = result.statusCode;
      if (code >= 200 && code < 300) return 'succeeded';
      if (code === 429 || code >= 500) return 'retry';
      return 'failed';
    }
  }
}

/**
 * The pause before retry number `retry` (1 = the first retry): base × 2^(retry−1), capped at
 * the maximum, then spread by ±20 % jitter so receivers that come back are not hit by every
 * delivery at the same instant. `random` is in [0, 1).
 */
export function retryDelayMs(retry: number, policy: RetryPolicy, random: number): number {
  const exponent = Math.min(Math.max(retry - 1, 0), 40);
  const plain = Math.min(policy.baseDelayMs * 2 ** exponent, policy.maxDelayMs);
  const jittered = plain * (0.8 + 0.4 * random);
  return Math.round(Math.min(jittered, policy.maxDelayMs));
}

export interface AttemptContext {
  /** Attempts made in this cycle, including the one just finished. */
  attemptInCycle: number;
  /** When the cycle started (first dispatch or the last replay), ms since epoch. */
  cycleStartedAtMs: number;
  /** When the attempt just finished, ms since epoch. */
  attemptedAtMs: number;
}

export type Decision =
  | { status: 'succeeded' }
  | { status: 'failed' }
  | { status: 'pending'; nextAttemptAtMs: number };

/**
 * Decides the delivery's next state. A retryable failure is retried until the retry window
 * has passed: the attempt that fails after the window is the last, so the receiver gets at
 * least `retryForMs` to come back. A `Retry-After` longer than the backoff is honoured, up to
 * the maximum delay.
 */
export function decideAfterAttempt(
  result: AttemptResult,
  context: AttemptContext,
  policy: RetryPolicy,
  random: number,
): Decision {
  const verdict = classifyAttempt(result);
  if (verdict === 'succeeded') return { status: 'succeeded' };
  if (verdict === 'failed') return { status: 'failed' };
  if (context.attemptedAtMs - context.cycleStartedAtMs >= policy.retryForMs) return { status: 'failed' };
  let delay = retryDelayMs(context.attemptInCycle, policy, random);
  if (result.kind === 'response' && result.retryAfterMs !== undefined) {
    delay = Math.max(delay, Math.min(result.retryAfterMs, policy.maxDelayMs));
  }
  return { status: 'pending', nextAttemptAtMs: context.attemptedAtMs + delay };
}

/** `Retry-After` as seconds or an HTTP date, in milliseconds from `nowMs`. */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}
