import type { Db } from '../database.js';

/** A granted attempt: the bucket's count including it, and its strikes so far. */
export interface Reservation {
  hits: number;
  strikes: number;
}

/**
 * Counts one attempt and refuses it when the window is already full, in one statement:
 * the upsert's `where` leaves a full bucket untouched and `returning` then yields no row.
 * Concurrent callers are serialised on the bucket's row by the database (the row lock of
 * `on conflict do update` on PostgreSQL, the single writer on SQLite), so no burst of
 * requests gets more than `max` attempts through. A window that has passed starts again at
 * one; its strikes are forgotten only when it closed without filling up.
 */
export async function reserveAttempt(
  db: Db,
  bucket: { key: string; max: number; now: string; resetAt: string },
): Promise<Reservation | undefined> {
  const { key, max, now, resetAt } = bucket;
  const row = await db
    .insertInto('throttle_buckets')
    .values({ key, hits: 1, reset_at: resetAt, strikes: 0 })
    .onConflict((oc) =>
      oc
        .column('key')
        .doUpdateSet((eb) => {
          const expired = eb('throttle_buckets.reset_at', '<=', now);
          return {
            hits: eb
              .case()
              .when(expired)
              .then(1)
              .else(eb('throttle_buckets.hits', '+', 1))
              .end(),
            strikes: eb
              .case()
              .when(eb.and([expired, eb('throttle_buckets.hits', '<', max)]))
              .then(0)
              .else(eb.ref('throttle_buckets.strikes'))
              .end(),
            reset_at: eb.case().when(expired).then(resetAt).else(eb.ref('throttle_buckets.reset_at')).end(),
          };
        })
        .where((eb) =>
          eb.or([eb('throttle_buckets.reset_at', '<=', now), eb('throttle_buckets.hits', '<', max)]),
        ),
    )
    .returning(['hits', 'strikes'])
    .executeTakeFirst();
  return row ? { hits: row.hits, strikes: row.strikes } : undefined;
}

/** Gives back an attempt that turned out to be legitimate (or was refused by another limit). */
export async function releaseAttempt(db: Db, key: string, now: string): Promise<void> {
  await db
    .updateTable('throttle_buckets')
    .set((eb) => ({ hits: eb('hits', '-', 1) }))
    .where('key', '=', key)
    .where('hits', '>', 0)
    .where('reset_at', '>', now)
    .execute();
}

/** A full bucket stays closed until `until`; one more strike for the next lock's length. */
export async function lockBucket(db: Db, key: string, max: number, until: string): Promise<void> {
  await db
    .updateTable('throttle_buckets')
    .set((eb) => ({ reset_at: until, strikes: eb('strikes', '+', 1) }))
    .where('key', '=', key)
    .where('hits', '>=', max)
    .execute();
}

/** When each of these buckets opens again (only buckets that exist). */
export async function findBucketResets(db: Db, keys: readonly string[]): Promise<Map<string, string>> {
  if (keys.length === 0) return new Map();
  const rows = await db
    .selectFrom('throttle_buckets')
    .select(['key', 'reset_at'])
    .where('key', 'in', [...keys])
    .execute();
  return new Map(rows.map((r) => [r.key, r.reset_at]));
}

/** Forgets these buckets altogether, strikes included (a successful sign-in from that client). */
export async function clearBuckets(db: Db, keys: readonly string[]): Promise<void> {
  if (keys.length === 0) return;
  await db
    .deleteFrom('throttle_buckets')
    .where('key', 'in', [...keys])
    .execute();
}

/**
 * Forgets the buckets whose key is one of `keys` or starts with one of `prefixes` (strikes
 * included); returns how many were removed. `substr` compares the prefix literally, where a
 * LIKE pattern would read `_` and `%` in an e-mail address as wildcards.
 */
export async function clearBucketsMatching(
  db: Db,
  keys: readonly string[],
  prefixes: readonly string[],
): Promise<number> {
  const rows = await db
    .deleteFrom('throttle_buckets')
    .where((eb) =>
      eb.or([
        ...(keys.length > 0 ? [eb('key', 'in', [...keys])] : []),
        ...prefixes.map((p) => eb(eb.fn('substr', ['key', eb.val(1), eb.val(p.length)]), '=', p)),
      ]),
    )
    .returning('key')
    .execute();
  return rows.length;
}
