/**
 * Deletes for the retention job, each taking at most `limit` rows in one short statement
 * (its own transaction), oldest first, so a backlog drains over many small passes and no
 * delete holds locks or the SQLite writer for long. Each answers how many rows went.
 * These run across organizations: retention is an installation policy, not a tenant's.
 */
import { sql } from 'kysely';
import type { Db } from '../database.js';

const affected = (result: { numDeletedRows: bigint }[]): number =>
  result.reduce((sum, r) => sum + Number(r.numDeletedRows), 0);

/**
 * Finished webhook deliveries (succeeded or given up) completed before `before`, with their
 * attempts (deleted with them by the foreign key's cascade).
 */
export async function deleteFinishedDeliveries(db: Db, before: string, limit: number): Promise<number> {
  const ids = db
    .selectFrom('webhook_deliveries')
    .select('id')
    .where('status', 'in', ['succeeded', 'failed'])
    .where('completed_at', '<', before)
    .orderBy('completed_at')
    .limit(limit);
  return affected(await db.deleteFrom('webhook_deliveries').where('id', 'in', ids).execute());
}

/**
 * Outbox events dispatched before `before` that no delivery still waits on. The latest event
 * of a process, and of a one-off task, stays: the next event's sequence number continues
 * from it.
 */
export async function deleteDispatchedEvents(db: Db, before: string, limit: number): Promise<number> {
  const ids = db
    .selectFrom('outbox_events as e')
    .select('e.id')
    .where('e.dispatched_at', '<', before)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('webhook_deliveries as d')
            .select(sql.lit(1).as('one'))
            .whereRef('d.event_id', '=', 'e.id')
            .where('d.status', '=', 'pending'),
        ),
      ),
    )
    .where((eb) =>
      eb.or([
        eb.and([eb('e.process_id', 'is', null), eb('e.task_id', 'is', null)]),
        eb.and([
          eb('e.process_id', 'is', null),
          eb.exists(
            eb
              .selectFrom('outbox_events as later')
              .select(sql.lit(1).as('one'))
              .whereRef('later.task_id', '=', 'e.task_id')
              .where('later.process_id', 'is', null)
              .whereRef('later.sequence', '>', 'e.sequence'),
          ),
        ]),
        eb.exists(
          eb
            .selectFrom('outbox_events as later')
            .select(sql.lit(1).as('one'))
            .whereRef('later.process_id', '=', 'e.process_id')
            .whereRef('later.sequence', '>', 'e.sequence'),
        ),
      ]),
    )
    .orderBy('e.dispatched_at')
    .limit(limit);
  return affected(await db.deleteFrom('outbox_events').where('id', 'in', ids).execute());
}

/** E-mails no longer waiting to be sent (sent, given up, or kept without SMTP) created before `before`. */
export async function deleteFinishedEmails(db: Db, before: string, limit: number): Promise<number> {
  const ids = db
    .selectFrom('outgoing_emails')
    .select('id')
    .where('status', 'in', ['sent', 'failed', 'stored'])
    .where('created_at', '<', before)
    .orderBy('created_at')
    .limit(limit);
  return affected(await db.deleteFrom('outgoing_emails').where('id', 'in', ids).execute());
}

/** Access and refresh tokens that expired before `now`: they can never authenticate again. */
export async function deleteExpiredTokens(db: Db, now: string, limit: number): Promise<number> {
  const ids = db.selectFrom('access_tokens').select('id').where('expires_at', '<', now).limit(limit);
  return affected(await db.deleteFrom('access_tokens').where('id', 'in', ids).execute());
}

/** Throttle buckets whose window has passed (the next hit starts a fresh bucket anyway). */
export async function deleteExpiredThrottleBuckets(db: Db, now: string, limit: number): Promise<number> {
  const keys = db.selectFrom('throttle_buckets').select('key').where('reset_at', '<=', now).limit(limit);
  return affected(await db.deleteFrom('throttle_buckets').where('key', 'in', keys).execute());
}

/**
 * Activity rows created before `before`. Ids grow with time, so the scan walks the primary
 * key from the oldest row and stops at the first `limit` matches.
 */
export async function deleteActivitiesBefore(db: Db, before: string, limit: number): Promise<number> {
  const ids = db
    .selectFrom('activities')
    .select('id')
    .where('created_at', '<', before)
    .orderBy('id')
    .limit(limit);
  return affected(await db.deleteFrom('activities').where('id', 'in', ids).execute());
}
