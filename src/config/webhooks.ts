import type { EnvReader } from './env.js';

/** Outgoing webhooks: address policy, timeout, retry schedule. */
export interface WebhookConfig {
  /**
   * WEBHOOK_ALLOW_PRIVATE=true lets webhooks go to loopback, private and link-local
   * addresses (tests, closed networks). Off by default: a member who can save a webhook URL
   * must not be able to make the server call into its own network.
   */
  allowPrivate: boolean;
  /** WEBHOOK_TIMEOUT_MS: one attempt's limit, connection to last byte. */
  timeoutMs: number;
  /** WEBHOOK_RETRY_BASE_MS: the first retry's delay; each later one doubles it. */
  retryBaseMs: number;
  /** WEBHOOK_RETRY_MAX_MS: the longest pause between two attempts. */
  retryMaxMs: number;
  /** WEBHOOK_RETRY_FOR_SECONDS: how long a delivery keeps being retried before it fails. */
  retryForMs: number;
  /** WEBHOOK_CONCURRENCY: deliveries one worker sends at the same time. */
  concurrency: number;
}

export function readWebhookConfig(read: EnvReader): WebhookConfig {
  const webhooks: WebhookConfig = {
    allowPrivate: read.bool('WEBHOOK_ALLOW_PRIVATE', false),
    timeoutMs: read.int('WEBHOOK_TIMEOUT_MS', 10_000, 100, 120_000),
    retryBaseMs: read.int('WEBHOOK_RETRY_BASE_MS', 2_000, 10, 3_600_000),
    retryMaxMs: read.int('WEBHOOK_RETRY_MAX_MS', 3_600_000, 10, 86_400_000),
    retryForMs: read.int('WEBHOOK_RETRY_FOR_SECONDS', 86_400, 0, 30 * 86_400) * 1000,
    concurrency: read.int('WEBHOOK_CONCURRENCY', 10, 1, 200),
  };
  if (webhooks.retryMaxMs < webhooks.retryBaseMs) {
    read.problems.push('WEBHOOK_RETRY_MAX_MS must not be smaller than WEBHOOK_RETRY_BASE_MS');
  }
  return webhooks;
}
