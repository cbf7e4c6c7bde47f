import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/index.js';

describe('webhook and e-mail configuration', () => {
  it('defaults to no private destinations, a 10 s timeout, 2 s doubling to 1 h, for 24 h, and no SMTP', () => {
    const config = loadConfig({});
    expect(config.webhooks).toEqual({
      allowPrivate: false,
      timeoutMs: 10_000,
      retryBaseMs: 2_000,
      retryMaxMs: 3_600_000,
      retryForMs: 86_400_000,
      concurrency: 10,
    });
    expect(config.email).toEqual({ smtpUrl: undefined, from: 'Flowlane <flowlane@localhost>' });
  });

  it('reads the operator settings', () => {
    const config = loadConfig({
      WEBHOOK_ALLOW_PRIVATE: 'true',
      WEBHOOK_TIMEOUT_MS: '5000',
      WEBHOOK_RETRY_BASE_MS: '1000',
      WEBHOOK_RETRY_MAX_MS: '600000',
      WEBHOOK_RETRY_FOR_SECONDS: '172800',
      WEBHOOK_CONCURRENCY: '4',
      SMTP_URL: 'smtps://user:pass@mail.example.com:465',
      EMAIL_FROM: 'Ops <ops@example.com>',
    });
    expect(config.webhooks).toEqual({
      allowPrivate: true,
      timeoutMs: 5000,
      retryBaseMs: 1000,
      retryMaxMs: 600_000,
      retryForMs: 172_800_000,
      concurrency: 4,
    });
    expect(config.email).toEqual({
      smtpUrl: 'smtps://user:pass@mail.example.com:465',
      from: 'Ops <ops@example.com>',
    });
  });

  it('names every bad setting', () => {
    let error: unknown;
    try {
      loadConfig({
        WEBHOOK_ALLOW_PRIVATE: 'maybe',
        SMTP_URL: 'http://mail',
        WEBHOOK_RETRY_BASE_MS: '5000',
        WEBHOOK_RETRY_MAX_MS: '1000',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toMatch(/WEBHOOK_ALLOW_PRIVATE must be true or false/);
    expect(problems).toMatch(/SMTP_URL must be an smtp:\/\/ or smtps:\/\/ URL/);
    expect(problems).toMatch(/WEBHOOK_RETRY_MAX_MS must not be smaller/);
  });
});
