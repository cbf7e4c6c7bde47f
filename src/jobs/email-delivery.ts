/** The e-mail job: sends queued mail through the mailer after the transaction that queued it. */
import type { SendResult } from '../adapters/index.js';
import { claimDueEmails, finishClaimedEmail } from '../db/repositories/outgoing-emails-repository.js';
import { newHexId } from '../domain/ids.js';
import type { OutgoingEmail } from '../domain/outgoing-email.js';
import { type RetryPolicy, retryDelayMs } from '../domain/webhooks/retry.js';
import type { AppContext } from '../services/context.js';
import { organizationSmtpTargets } from '../services/organizations/smtp.js';
import type { Job } from './scheduler.js';

/** SMTP servers that are down get retried for a day, at most hourly. */
export const EMAIL_RETRY_POLICY: RetryPolicy = {
  baseDelayMs: 30_000,
  maxDelayMs: 3_600_000,
  retryForMs: 86_400_000,
};
const CLAIM_MS = 5 * 60_000;
const BATCH = 20;

/**
 * One pass: claims due queued messages and sends them one after another, each through its
 * organization's own SMTP server when that is switched on, through SMTP_URL's otherwise.
 * A message left with neither (its organization switched its server off and there is no
 * SMTP_URL) is kept as `stored`. Returns messages attempted.
 */
export async function sendQueuedEmails(ctx: AppContext, options: { limit?: number } = {}): Promise<number> {
  const { mailer, organizationMailers } = ctx.adapters;
  const now = ctx.clock.now();
  const token = newHexId();
  const claimed = await claimDueEmails(ctx.db.kysely, {
    now: now.toISOString(),
    lockedUntil: new Date(now.getTime() + CLAIM_MS).toISOString(),
    token,
    limit: options.limit ?? BATCH,
  });
  if (claimed.length === 0) return 0;
  const ownServers = await organizationSmtpTargets(
    ctx,
    claimed.map((e) => e.organizationId),
  );
  for (const email of claimed) {
    const own = ownServers.get(email.organizationId);
    let result: SendResult | undefined;
    if (own?.ok) result = await organizationMailers.mailerFor(own.target).send(email);
    else if (own) result = { ok: false, permanent: true, error: own.error };
    else if (mailer) result = await mailer.send(email);
    const outcome = result ? emailOutcome(ctx, email, result) : NO_SERVER;
    await finishClaimedEmail(ctx.db.kysely, email.id, token, outcome);
  }
  return claimed.length;
}

const NO_SERVER = {
  status: 'stored' as const,
  nextAttemptAt: null,
  error: 'No mail server is configured for this organization.',
  messageId: null,
  sentAt: null,
};

function emailOutcome(ctx: AppContext, email: OutgoingEmail, result: SendResult) {
  const at = ctx.clock.now();
  if (result.ok) {
    return {
      status: 'sent' as const,
      nextAttemptAt: null,
      error: null,
      messageId: result.messageId,
      sentAt: at.toISOString(),
    };
  }
  const giveUp =
    result.permanent || at.getTime() - Date.parse(email.createdAt) >= EMAIL_RETRY_POLICY.retryForMs;
  if (giveUp)
    return {
      status: 'failed' as const,
      nextAttemptAt: null,
      error: result.error,
      messageId: null,
      sentAt: null,
    };
  const delay = retryDelayMs(email.attempts + 1, EMAIL_RETRY_POLICY, Math.random());
  return {
    status: 'queued' as const,
    nextAttemptAt: new Date(at.getTime() + delay).toISOString(),
    error: result.error,
    messageId: null,
    sentAt: null,
  };
}

export const emailJob: Job = {
  name: 'email-delivery',
  intervalMs: 1_000,
  run: (ctx) => sendQueuedEmails(ctx),
};
