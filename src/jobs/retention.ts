/**
 * Retention: the tables that would otherwise grow forever are trimmed in small batches,
 * each its own short statement, so the job never holds a long transaction (or SQLite's one
 * writer) while the server works. Dispatched events and finished deliveries with their
 * attempts go after WEBHOOK_LOG_RETENTION_DAYS, finished e-mails after EMAIL_RETENTION_DAYS,
 * expired tokens and throttle buckets once expired; the activity trail only when
 * ACTIVITY_RETENTION_DAYS is set.
 */
import type { RetentionConfig } from '../config/index.js';
import type { Db } from '../db/database.js';
import {
  deleteActivitiesBefore,
  deleteDispatchedEvents,
  deleteExpiredThrottleBuckets,
  deleteExpiredTokens,
  deleteFinishedDeliveries,
  deleteFinishedEmails,
} from '../db/repositories/retention-repository.js';
import type { AppContext } from '../services/context.js';
import type { Job } from './scheduler.js';

const DAY_MS = 86_400_000;
/** Batches one rule takes per pass; a pass that deleted anything runs again at once. */
const BATCHES_PER_PASS = 10;

interface RetentionRule {
  name: string;
  /** The cut-off: rows older than this go. Undefined: the rule is off. */
  cutoff(now: Date, config: RetentionConfig): Date | undefined;
  remove(db: Db, before: string, limit: number): Promise<number>;
}

const daysBefore = (now: Date, days: number) => new Date(now.getTime() - days * DAY_MS);

// Deliveries before events: an event goes only once no delivery waits on it.
export const RETENTION_RULES: readonly RetentionRule[] = [
  {
    name: 'webhook_deliveries',
    cutoff: (now, c) => daysBefore(now, c.webhookLogDays),
    remove: deleteFinishedDeliveries,
  },
  {
    name: 'outbox_events',
    cutoff: (now, c) => daysBefore(now, c.webhookLogDays),
    remove: deleteDispatchedEvents,
  },
  { name: 'outgoing_emails', cutoff: (now, c) => daysBefore(now, c.emailDays), remove: deleteFinishedEmails },
  { name: 'access_tokens', cutoff: (now) => now, remove: deleteExpiredTokens },
  { name: 'throttle_buckets', cutoff: (now) => now, remove: deleteExpiredThrottleBuckets },
  {
    name: 'activities',
    cutoff: (now, c) => (c.activityDays === undefined ? undefined : daysBefore(now, c.activityDays)),
    remove: deleteActivitiesBefore,
  },
];

/** One pass at the injected clock's now; answers rows deleted per table. */
export async function trimRetainedTables(ctx: AppContext): Promise<Record<string, number>> {
  const config = ctx.config.operations.retention;
  const now = ctx.clock.now();
  const deleted: Record<string, number> = {};
  for (const rule of RETENTION_RULES) {
    const cutoff = rule.cutoff(now, config);
    if (!cutoff) continue;
    let total = 0;
    for (let batch = 0; batch < BATCHES_PER_PASS; batch++) {
      const removed = await rule.remove(ctx.db.kysely, cutoff.toISOString(), config.batch);
      total += removed;
      if (removed < config.batch) break;
    }
    deleted[rule.name] = total;
  }
  return deleted;
}

// The configured pause arrives with the context; the first pass records it (as the
// deadline sweeper does).
let intervalMs = 600_000;

export const retentionJob: Job = {
  name: 'retention',
  get intervalMs() {
    return intervalMs;
  },
  async run(ctx) {
    intervalMs = ctx.config.operations.retention.intervalMs;
    const deleted = await trimRetainedTables(ctx);
    return Object.values(deleted).reduce((a, b) => a + b, 0);
  },
};
