/** The part of the configuration that governs outgoing webhooks and e-mail. */

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

export interface EmailConfig {
  /** SMTP_URL (`smtp://user:pass@host:587`, `smtps://…`); unset keeps mail in outgoing_emails. */
  smtpUrl: string | undefined;
  /** EMAIL_FROM: the sender of every message. */
  from: string;
}

type IntReader = (name: string, fallback: number, min: number, max: number) => number;

/** Reads the webhook and e-mail settings, adding any problem to `problems`. */
export function parseDeliveryConfig(
  env: NodeJS.ProcessEnv,
  int: IntReader,
  problems: string[],
): { webhooks: WebhookConfig; email: EmailConfig } {
  const allowRaw = env.WEBHOOK_ALLOW_PRIVATE?.trim().toLowerCase() ?? '';
  if (!['', 'true', 'false', '1', '0'].includes(allowRaw)) {
    problems.push(`WEBHOOK_ALLOW_PRIVATE must be true or false (got "${env.WEBHOOK_ALLOW_PRIVATE}")`);
  }
  const webhooks: WebhookConfig = {
    allowPrivate: allowRaw === 'true' || allowRaw === '1',
    timeoutMs: int('WEBHOOK_TIMEOUT_MS', 10_000, 100, 120_000),
    retryBaseMs: int('WEBHOOK_RETRY_BASE_MS', 2_000, 10, 3_600_000),
    retryMaxMs: int('WEBHOOK_RETRY_MAX_MS', 3_600_000, 10, 86_400_000),
    retryForMs: int('WEBHOOK_RETRY_FOR_SECONDS', 86_400, 0, 30 * 86_400) * 1000,
    concurrency: int('WEBHOOK_CONCURRENCY', 10, 1, 200),
  };
  if (webhooks.retryMaxMs < webhooks.retryBaseMs) {
    problems.push('WEBHOOK_RETRY_MAX_MS must not be smaller than WEBHOOK_RETRY_BASE_MS');
  }

  let smtpUrl: string | undefined;
  const rawSmtp = env.SMTP_URL?.trim();
  if (rawSmtp) {
    try {
      const url = new URL(rawSmtp);
      if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') throw new Error('protocol');
      smtpUrl = rawSmtp;
    } catch {
      problems.push('SMTP_URL must be an smtp:// or smtps:// URL');
    }
  }
  const from = env.EMAIL_FROM?.trim() || 'Flowlane <flowlane@localhost>';
  return { webhooks, email: { smtpUrl, from } };
}
