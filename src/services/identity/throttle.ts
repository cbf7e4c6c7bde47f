import { clearBuckets, findBuckets, hitBucket } from '../../db/repositories/throttle-repository.js';
import { AppError } from '../../domain/errors.js';
import type { AppContext } from '../context.js';

/** A named limit: at most `max` failures per `windowSeconds`. */
export interface ThrottleRule {
  key: string;
  max: number;
  windowSeconds: number;
}

/**
 * Refuses with 429 (and the seconds to wait) when any rule's window is full. Kept in the
 * database so that every Flowlane node sharing it enforces the same limits.
 */
export async function assertNotThrottled(ctx: AppContext, rules: readonly ThrottleRule[]): Promise<void> {
  const buckets = await findBuckets(
    ctx.db.kysely,
    rules.map((r) => r.key),
  );
  const now = ctx.clock.now().getTime();
  let wait = 0;
  for (const rule of rules) {
    const bucket = buckets.get(rule.key);
    if (!bucket) continue;
    const resetAt = new Date(bucket.resetAt).getTime();
    if (resetAt > now && bucket.hits >= rule.max) wait = Math.max(wait, Math.ceil((resetAt - now) / 1000));
  }
  if (wait > 0) {
    throw new AppError('rate_limited', 'TOO_MANY_ATTEMPTS', 'Too many failed attempts. Try again later.', {
      retryAfter: wait,
    });
  }
}

export async function recordFailures(ctx: AppContext, rules: readonly ThrottleRule[]): Promise<void> {
  const now = ctx.clock.now();
  for (const rule of rules) {
    const resetAt = new Date(now.getTime() + rule.windowSeconds * 1000).toISOString();
    await hitBucket(ctx.db.kysely, rule.key, now.toISOString(), resetAt);
  }
}

export async function clearFailures(ctx: AppContext, keys: readonly string[]): Promise<void> {
  await clearBuckets(ctx.db.kysely, keys);
}
