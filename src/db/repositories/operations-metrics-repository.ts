/**
 * What the metrics endpoint reads from the database: the outbox backlog, deliveries and
 * e-mails by status, and how far the deadline sweeper is behind. Installation-wide (a
 * scrape has no tenant); every query is served by an index on its leading columns.
 */
import type { Db } from '../database.js';
import {
  emailCandidatesQuery,
  expiryCandidatesQuery,
  overdueCandidatesQuery,
} from './deadline-sweeps-repository.js';

export interface OutboxBacklog {
  /** Events not yet turned into deliveries. */
  undispatched: number;
  /** The creation time of the oldest event not yet delivered (undispatched, or with a pending delivery). */
  oldestUndeliveredAt: string | undefined;
}

export async function readOutboxBacklog(db: Db): Promise<OutboxBacklog> {
  const events = await db
    .selectFrom('outbox_events')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.min('created_at').as('oldest')])
    .where('dispatched_at', 'is', null)
    .executeTakeFirst();
  const pending = await db
    .selectFrom('webhook_deliveries as d')
    .innerJoin('outbox_events as e', 'e.id', 'd.event_id')
    .select((eb) => eb.fn.min('e.created_at').as('oldest'))
    .where('d.status', '=', 'pending')
    .executeTakeFirst();
  const times = [events?.oldest, pending?.oldest].filter((v): v is string => typeof v === 'string');
  return {
    undispatched: Number(events?.n ?? 0),
    oldestUndeliveredAt: times.sort()[0],
  };
}

export interface DeliveryCounts {
  byStatus: Record<string, number>;
  /** Pending deliveries that have failed at least once and wait for their next attempt. */
  retrying: number;
}

export async function countDeliveries(db: Db): Promise<DeliveryCounts> {
  const rows = await db
    .selectFrom('webhook_deliveries')
    .select((eb) => ['status', eb.fn.countAll<number>().as('n')])
    .groupBy('status')
    .execute();
  const retrying = await db
    .selectFrom('webhook_deliveries')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('status', '=', 'pending')
    .where('attempts', '>', 0)
    .executeTakeFirst();
  return {
    byStatus: Object.fromEntries(rows.map((r) => [r.status, Number(r.n)])),
    retrying: Number(retrying?.n ?? 0),
  };
}

export async function countEmailsByStatus(db: Db): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom('outgoing_emails')
    .select((eb) => ['status', eb.fn.countAll<number>().as('n')])
    .groupBy('status')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}

/**
 * The deadline of the oldest task the sweeper should already have acted on (expiry, e-mail
 * step, overdue notice), or undefined when it is caught up. Each is the sweeper's own
 * candidate query, limited to its first row.
 */
export async function findOldestMissedDeadline(db: Db, now: string): Promise<string | undefined> {
  const firsts = await Promise.all(
    [expiryCandidatesQuery, emailCandidatesQuery, overdueCandidatesQuery].map((query) =>
      query(db, now, 1).select('deadline').executeTakeFirst(),
    ),
  );
  const deadlines = firsts.map((row) => row?.deadline).filter((d): d is string => typeof d === 'string');
  return deadlines.sort()[0];
}
