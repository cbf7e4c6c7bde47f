/** The delivery worker: claims due deliveries, POSTs them signed, records every attempt. */
import { findEventPayloads } from '../db/repositories/outbox-dispatch-repository.js';
import {
  claimDueDeliveries,
  findWebhookSecrets,
  finishClaimedAttempt,
  insertAttempt,
} from '../db/repositories/webhook-deliveries-repository.js';
import { newHexId } from '../domain/ids.js';
import { type WebhookDelivery, webhookBody } from '../domain/webhooks/delivery.js';
import { decideAfterAttempt, type RetryPolicy } from '../domain/webhooks/retry.js';
import { signWebhookBody } from '../domain/webhooks/signature.js';
import { type AppContext, inTransaction } from '../services/context.js';
import type { Job } from './scheduler.js';

/** A claim outlives the request timeout by this much, so a live worker never loses it. */
const CLAIM_MARGIN_MS = 60_000;

export interface DeliverOptions {
  /** How many deliveries to claim in this pass; defaults to the configured concurrency. */
  limit?: number;
  /** In [0, 1): the jitter's randomness; tests pin it. */
  random?: () => number;
}

/**
 * One pass: claims due pending deliveries and sends them, `concurrency` at a time. Each
 * attempt is recorded with its outcome; the delivery then succeeds, fails, or waits for its
 * next attempt according to the retry policy. Returns deliveries attempted.
 */
export async function deliverDueWebhooks(ctx: AppContext, options: DeliverOptions = {}): Promise<number> {
  const settings = ctx.config.webhooks;
  const now = ctx.clock.now();
  const token = newHexId();
  const claimed = await claimDueDeliveries(ctx.db.kysely, {
    now: now.toISOString(),
    lockedUntil: new Date(now.getTime() + settings.timeoutMs + CLAIM_MARGIN_MS).toISOString(),
    token,
    limit: options.limit ?? settings.concurrency,
  });
  if (claimed.length === 0) return 0;
  const payloads = await findEventPayloads(
    ctx.db.kysely,
    claimed.map((d) => d.eventId),
  );
  const secrets = await findWebhookSecrets(
    ctx.db.kysely,
    claimed.map((d) => d.organizationId),
  );
  const random = options.random ?? Math.random;
  await forEachConcurrently(claimed, settings.concurrency, (delivery) =>
    attemptDelivery(ctx, delivery, {
      token,
      payload: payloads.get(delivery.eventId),
      secret: secrets.get(delivery.organizationId) ?? '',
      random: random(),
    }),
  );
  return claimed.length;
}

interface AttemptInput {
  token: string;
  payload: unknown;
  secret: string;
  random: number;
}

async function attemptDelivery(
  ctx: AppContext,
  delivery: WebhookDelivery,
  input: AttemptInput,
): Promise<void> {
  const startedAt = ctx.clock.now();
  const body = JSON.stringify(webhookBody(delivery.eventName, input.payload, delivery.subscription));
  const timestamp = Math.floor(startedAt.getTime() / 1000);
  const report = await ctx.adapters.webhookSender.send({
    url: delivery.url,
    body,
    headers: {
      'Content-Type': 'application/json',
      'User-Agent': 'Flowlane-Webhooks/1',
      'X-Tallyfy-orgID': delivery.organizationId,
      'X-Flowlane-Event': delivery.eventName,
      'X-Flowlane-Delivery': delivery.eventId,
      'X-Flowlane-Signature': signWebhookBody(input.secret, body, timestamp),
    },
    nowMs: startedAt.getTime(),
  });
  const finishedAt = ctx.clock.now();
  const decision = decideAfterAttempt(
    report.result,
    {
      attemptInCycle: delivery.cycleAttempts + 1,
      cycleStartedAtMs: Date.parse(delivery.cycleStartedAt),
      attemptedAtMs: finishedAt.getTime(),
    },
    retryPolicy(ctx),
    input.random,
  );
  await inTransaction(ctx, async (tx) => {
    await insertAttempt(tx.db.kysely, {
      organizationId: delivery.organizationId,
      deliveryId: delivery.id,
      attemptNumber: delivery.attempts + 1,
      statusCode: report.statusCode,
      durationMs: report.durationMs,
      error: report.error,
      responseSnippet: report.snippet,
      startedAt: startedAt.toISOString(),
    });
    await finishClaimedAttempt(tx.db.kysely, delivery.id, input.token, {
      status: decision.status,
      nextAttemptAt: decision.status === 'pending' ? new Date(decision.nextAttemptAtMs).toISOString() : null,
      statusCode: report.statusCode,
      error: report.error,
      completedAt: decision.status === 'pending' ? null : finishedAt.toISOString(),
    });
  });
}

export function retryPolicy(ctx: AppContext): RetryPolicy {
  const w = ctx.config.webhooks;
  return { baseDelayMs: w.retryBaseMs, maxDelayMs: w.retryMaxMs, retryForMs: w.retryForMs };
}

/** Runs `fn` over `items` with at most `limit` in flight. */
export async function forEachConcurrently<T>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await fn(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}

export const webhookDeliveryJob: Job = {
  name: 'webhook-delivery',
  intervalMs: 500,
  run: (ctx) => deliverDueWebhooks(ctx),
};
