/**
 * The notification consumer: committed outbox events become notifications, beside the
 * webhook dispatcher and independent of it (each keeps its own mark on the event).
 */
import {
  claimUnnotifiedEvents,
  insertNotifications,
  markEventsNotified,
  type OutboxNotice,
} from '../db/repositories/notifications-repository.js';
import { type AppContext, inTransaction, nowIso } from '../services/context.js';
import { planNotifications } from '../services/notifications/plan-notifications.js';
import type { Job } from './scheduler.js';

/**
 * One pass: takes up to `limit` events not yet notified, writes their notifications and
 * marks them taken in one transaction (a crash leaves both or neither; a repeat inserts
 * nothing twice, the unique key sees to that). Several consumers on PostgreSQL take disjoint
 * events (SKIP LOCKED). Returns events handled.
 */
export async function dispatchNotifications(
  ctx: AppContext,
  options: { limit?: number } = {},
): Promise<number> {
  return inTransaction(ctx, async (tx) => {
    const events = await claimUnnotifiedEvents(tx.db.kysely, options.limit ?? tx.config.notifications.batch);
    if (events.length === 0) return 0;
    const byOrg = new Map<string, OutboxNotice[]>();
    for (const e of events) byOrg.set(e.organizationId, [...(byOrg.get(e.organizationId) ?? []), e]);
    for (const [org, orgEvents] of byOrg) {
      await insertNotifications(tx.db.kysely, await planNotifications(tx, org, orgEvents));
    }
    await markEventsNotified(
      tx.db.kysely,
      events.map((e) => e.id),
      nowIso(tx),
    );
    return events.length;
  });
}

export const notificationDispatchJob: Job = {
  name: 'notification-dispatch',
  intervalMs: 1_000,
  run: (ctx) => dispatchNotifications(ctx),
};
