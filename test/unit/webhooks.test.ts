import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { webhookBody } from '../../src/domain/webhooks/delivery.js';
import { planDeliveries } from '../../src/domain/webhooks/plan.js';
import {
  classifyAttempt,
  decideAfterAttempt,
  parseRetryAfter,
  type RetryPolicy,
  retryDelayMs,
} from '../../src/domain/webhooks/retry.js';
import {
  parseSignatureHeader,
  signWebhookBody,
  verifyWebhookSignature,
} from '../../src/domain/webhooks/signature.js';
import {
  assertWebhookUrlAllowed,
  checkWebhookUrl,
  isPublicAddress,
  normalizeWebhookUrl,
} from '../../src/domain/webhooks/url-safety.js';

describe('webhook signatures', () => {
  const secret = 'whsec_test';
  const body = '{"event":"task.completed","id":1}';

  it('signs "<t>.<raw body>" with HMAC-SHA256 in the t=…,v1=… header', () => {
    const expected = createHmac('sha256', secret).update(`1736154000.${body}`).digest('hex');
    expect(signWebhookBody(secret, body, 1736154000)).toBe(`t=1736154000,v1=${expected}`);
  });

  it('verifies its own signature and rejects a changed body, another secret or a stale time', () => {
    const header = signWebhookBody(secret, body, 1000);
    expect(verifyWebhookSignature(secret, body, header, { nowSeconds: 1100 })).toBe(true);
    expect(verifyWebhookSignature(secret, `${body} `, header, { nowSeconds: 1100 })).toBe(false);
    expect(verifyWebhookSignature('whsec_other', body, header, { nowSeconds: 1100 })).toBe(false);
    expect(verifyWebhookSignature(secret, body, header, { nowSeconds: 1000 + 301 })).toBe(false);
    expect(verifyWebhookSignature(secret, body, undefined)).toBe(false);
    expect(verifyWebhookSignature(secret, body, 'garbage')).toBe(false);
  });

  it('parses headers with several v1 values and ignores unknown parts', () => {
    const a = 'a'.repeat(64);
    const b = 'B'.repeat(64);
    expect(parseSignatureHeader(`t=5, v1=${a},v0=x,v1=${b}`)).toEqual({
      timestamp: 5,
      signatures: [a, b.toLowerCase()],
    });
    expect(parseSignatureHeader(`v1=${a}`)).toBeUndefined();
  });
});

describe('webhook retry schedule', () => {
  const policy: RetryPolicy = { baseDelayMs: 2000, maxDelayMs: 3_600_000, retryForMs: 86_400_000 };

  it.each([
    [{ kind: 'response', statusCode: 200 }, 'succeeded'],
    [{ kind: 'response', statusCode: 204 }, 'succeeded'],
    [{ kind: 'response', statusCode: 429 }, 'retry'],
    [{ kind: 'response', statusCode: 500 }, 'retry'],
    [{ kind: 'response', statusCode: 503 }, 'retry'],
    [{ kind: 'network_error' }, 'retry'],
    [{ kind: 'timeout' }, 'retry'],
    [{ kind: 'response', statusCode: 400 }, 'failed'],
    [{ kind: 'response', statusCode: 404 }, 'failed'],
    [{ kind: 'response', statusCode: 410 }, 'failed'],
    [{ kind: 'response', statusCode: 301 }, 'failed'],
    [{ kind: 'refused' }, 'failed'],
  ] as const)('classifies %j as %s', (result, verdict) => {
    expect(classifyAttempt(result)).toBe(verdict);
  });

  it('starts at about 2 s and doubles up to the one-hour cap, within ±20 % jitter', () => {
    const mid = (n: number) => retryDelayMs(n, policy, 0.5);
    expect([1, 2, 3, 4, 5].map(mid)).toEqual([2000, 4000, 8000, 16000, 32000]);
    expect(mid(11)).toBe(2_048_000);
    expect(mid(12)).toBe(3_600_000);
    expect(mid(40)).toBe(3_600_000);
    expect(retryDelayMs(1, policy, 0)).toBe(1600);
    expect(retryDelayMs(1, policy, 0.999999)).toBe(2400);
    expect(retryDelayMs(30, policy, 0.999999)).toBe(3_600_000);
  });

  it('keeps retrying for at least 24 hours, then fails', () => {
    const start = 0;
    let at = start;
    let attempt = 0;
    let decision = decideAfterAttempt(
      { kind: 'network_error' },
      { attemptInCycle: 1, cycleStartedAtMs: start, attemptedAtMs: at },
      policy,
      0.5,
    );
    while (decision.status === 'pending') {
      attempt++;
      at = decision.nextAttemptAtMs;
      decision = decideAfterAttempt(
        { kind: 'response', statusCode: 503 },
        { attemptInCycle: attempt + 1, cycleStartedAtMs: start, attemptedAtMs: at },
        policy,
        0.5,
      );
    }
    expect(decision.status).toBe('failed');
    expect(at).toBeGreaterThanOrEqual(86_400_000);
    expect(at).toBeLessThan(86_400_000 + 3_600_000);
    expect(attempt).toBeGreaterThan(30);
  });

  it('honours a longer Retry-After, capped at the maximum delay', () => {
    const ctx = { attemptInCycle: 1, cycleStartedAtMs: 0, attemptedAtMs: 1000 };
    expect(
      decideAfterAttempt({ kind: 'response', statusCode: 429, retryAfterMs: 60_000 }, ctx, policy, 0.5),
    ).toEqual({
      status: 'pending',
      nextAttemptAtMs: 61_000,
    });
    expect(
      decideAfterAttempt({ kind: 'response', statusCode: 429, retryAfterMs: 99_000_000 }, ctx, policy, 0.5),
    ).toEqual({ status: 'pending', nextAttemptAtMs: 1000 + 3_600_000 });
    expect(parseRetryAfter('120', 0)).toBe(120_000);
    expect(parseRetryAfter('Thu, 01 Jan 1970 00:01:00 GMT', 0)).toBe(60_000);
    expect(parseRetryAfter('soon', 0)).toBeUndefined();
  });
});

describe('webhook URL safety', () => {
  const strict = { webhooks: { allowPrivate: false } };
  const lax = { webhooks: { allowPrivate: true } };

  it.each([
    '127.0.0.1',
    '10.1.2.3',
    '172.16.0.1',
    '192.168.1.1',
    '169.254.169.254',
    '0.0.0.0',
    '100.64.0.1',
    '::1',
    '::',
    'fe80::1',
    'fd00::1',
    '::ffff:127.0.0.1',
    '::ffff:10.0.0.1',
    '224.0.0.1',
  ])('treats %s as not public', (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each(['93.184.216.34', '8.8.8.8', '2606:4700:4700::1111', '::ffff:8.8.8.8'])(
    'treats %s as public',
    (address) => {
      expect(isPublicAddress(address)).toBe(true);
    },
  );

  it.each([
    ['ftp://example.com/hook', /http or https/],
    ['not a url', /http or https/],
    ['javascript:alert(1)', /http or https/],
    ['http://localhost:3000/hook', /localhost/],
    ['http://api.localhost/hook', /localhost/],
    ['http://127.0.0.1/hook', /private/],
    ['http://2130706433/hook', /private/],
    ['http://0x7f.1/hook', /private/],
    ['http://[::1]:8080/hook', /private/],
    ['http://[::ffff:192.168.0.1]/hook', /private/],
    ['http://169.254.169.254/latest/meta-data', /private/],
    ['http://10.0.0.5/hook', /private/],
  ])('refuses %s when private destinations are not allowed', (url, message) => {
    expect(checkWebhookUrl(url, strict)).toMatch(message);
  });

  it('accepts public http(s) URLs, and private ones when the operator allows them', () => {
    expect(checkWebhookUrl('https://hooks.example.com/flowlane?x=1', strict)).toBeUndefined();
    expect(checkWebhookUrl('http://93.184.216.34/hook', strict)).toBeUndefined();
    expect(checkWebhookUrl('http://127.0.0.1:4000/hook', lax)).toBeUndefined();
    expect(checkWebhookUrl('ftp://127.0.0.1/hook', lax)).toMatch(/http or https/);
  });

  it('throws 422 WEBHOOK_URL_NOT_ALLOWED naming the field', () => {
    expect(() => assertWebhookUrlAllowed('http://10.0.0.1/', strict, 'steps.0.webhook')).toThrow(
      expect.objectContaining({
        kind: 'invalid',
        code: 'WEBHOOK_URL_NOT_ALLOWED',
        fieldErrors: { 'steps.0.webhook': [expect.any(String)] },
      }),
    );
  });
});

describe('planning deliveries', () => {
  it('gives one delivery per distinct URL; a watcher URL wins and blank targets are dropped', () => {
    const plan = planDeliveries(
      ['https://a.example.com', 'https://A.example.com/', ' ', 42, 'https://b.example.com/x', 'nonsense'],
      ['https://b.example.com/x', 'https://c.example.com/'],
    );
    expect(plan).toEqual([
      { url: 'https://a.example.com/', subscription: 'object' },
      { url: 'https://b.example.com/x', subscription: 'watcher' },
      { url: 'nonsense', subscription: 'object' },
      { url: 'https://c.example.com/', subscription: 'watcher' },
    ]);
    expect(normalizeWebhookUrl(' HTTPS://X.example.com ')).toBe('https://x.example.com/');
  });

  it('adds the event name to watcher bodies only', () => {
    expect(webhookBody('task.completed', { this_task: { id: 'x' } }, 'object')).toEqual({
      this_task: { id: 'x' },
    });
    expect(webhookBody('task.completed', { this_task: { id: 'x' } }, 'watcher')).toEqual({
      event: 'task.completed',
      this_task: { id: 'x' },
    });
    expect(webhookBody('x.y', [1], 'watcher')).toEqual({ event: 'x.y', data: [1] });
  });
});
