/** The dispatcher: committed outbox events become webhook deliveries. */

import type { UndispatchedEvent } from '../db/repositories/outbox-dispatch-repository.js';
import {
  claimUndispatchedEvents,
  markEventsDispatched,
} from '../db/repositories/outbox-dispatch-repository.js';
import { findWebhookWatches, type WebhookWatch } from '../db/repositories/watchers-repository.js';
import { insertDeliveries, type NewDelivery } from '../db/repositories/webhook-deliveries-repository.js';
import { newHexId } from '../domain/ids.js';
import { planDeliveries } from '../domain/webhooks/plan.js';
import { type AppContext, inTransaction, nowIso } from '../services/context.js';
import type { Job } from './scheduler.js';

const BATCH = 100;

/**
 * One pass: takes up to `limit` undispatched events, creates one pending delivery per
 * distinct URL (the event's targets plus matching webhook watchers) and marks the events
 * dispatched, all in one transaction, so a crash leaves either both or neither. Several
 * dispatchers on PostgreSQL take disjoint events (SKIP LOCKED). Returns events handled.
 */
export async function dispatchOutboxEvents(
  ctx: AppContext,
  options: { limit?: number } = {},
): Promise<number> {
  return inTransaction(ctx, async (tx) => {
    const events = await claimUndispatchedEvents(tx.db.kysely, options.limit ?? BATCH);
    if (events.length === 0) return 0;
    const watches = await findWebhookWatches(tx.db.kysely, {
      organizationIds: unique(events.map((e) => e.organizationId)),
      processIds: unique(events.flatMap((e) => (e.processId ? [e.processId] : []))),
      taskIds: unique(events.flatMap((e) => (e.taskId ? [e.taskId] : []))),
    });
    const now = nowIso(tx);
    const deliveries: NewDelivery[] = events.flatMap((event) =>
      planDeliveries(event.targets, watcherUrlsFor(event, watches)).map((planned) => ({
        id: newHexId(),
        organizationId: event.organizationId,
        eventId: event.id,
        eventName: event.name,
        url: planned.url,
        subscription: planned.subscription,
        now,
      })),
    );
    await insertDeliveries(tx.db.kysely, deliveries);
    await markEventsDispatched(
      tx.db.kysely,
      events.map((e) => e.id),
      now,
    );
    return events.length;
  });
}

function watcherUrlsFor(event: UndispatchedEvent, watches: readonly WebhookWatch[]): string[] {
  return watches
    .filter(
      (w) =>
        w.organizationId === event.organizationId &&
        ((w.objectType === 'organization' && w.objectId === event.organizationId) ||
          (w.objectType === 'run' && w.objectId === event.processId) ||
          (w.objectType === 'task' && w.objectId === event.taskId)),
    )
    .map((w) => w.webhook);
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

export const webhookDispatchJob: Job = {
  name: 'webhook-dispatch',
  intervalMs: 500,
  run: (ctx) => dispatchOutboxEvents(ctx),
};
