import type { Db } from '../database.js';

export interface Bucket {
  hits: number;
  resetAt: string;
}

export async function findBuckets(db: Db, keys: readonly string[]): Promise<Map<string, Bucket>> {
  const result = new Map<string, Bucket>();
  if (keys.length === 0) return result;
  const rows = await db
    .selectFrom('throttle_buckets')
    .selectAll()
    .where('key', 'in', [...keys])
    .execute();
  for (const row of rows) result.set(row.key, { hits: row.hits, resetAt: row.reset_at });
  return result;
}

/** Counts one more hit; a bucket whose window has passed starts again at one. */
export async function hitBucket(db: Db, key: string, now: string, resetAt: string): Promise<void> {
  await db
    .insertInto('throttle_buckets')
    .values({ key, hits: 1, reset_at: resetAt })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet((eb) => ({
        hits: eb
          .case()
          .when('throttle_buckets.reset_at', '<=', now)
          .then(1)
          .else(eb('throttle_buckets.hits', '+', 1))
          .end(),
        reset_at: eb
          .case()
          .when('throttle_buckets.reset_at', '<=', now)
          .then(resetAt)
          .else(eb.ref('throttle_buckets.reset_at'))
          .end(),
      })),
    )
    .execute();
}

export async function clearBuckets(db: Db, keys: readonly string[]): Promise<void> {
  if (keys.length === 0) return;
  await db
    .deleteFrom('throttle_buckets')
    .where('key', 'in', [...keys])
    .execute();
}
