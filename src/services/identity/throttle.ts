import {
  clearBuckets,
  findBucketResets,
  lockBucket,
  releaseAttempt,
  reserveAttempt,
} from '../../db/repositories/throttle-repository.js';
import { AppError } from '../../domain/errors.js';
import type { AppContext } from '../context.js';

/** A named limit: at most `max` attempts per `windowSeconds`. */
export interface ThrottleRule {
  key: string;
  max: number;
  windowSeconds: number;
}

/** The longest lock growing back-off reaches. */
const MAX_LOCK_SECONDS = 24 * 3600;

/** Attempts granted by `reserveAttempts`, to settle once the outcome is known. */
export interface HeldAttempts {
  rules: readonly ThrottleRule[];
  /** Per rule: the bucket's count including this attempt, and its strikes so far. */
  counts: readonly { hits: number; strikes: number }[];
}

/**
 * Reserves one attempt under every rule before the attempt is made (before a password is
 * checked): each reservation is one statement that counts and refuses, so however many
 * requests arrive at once, no more than `max` get through. Refused by any rule, the
 * attempts already reserved are given back and it throws 429 TOO_MANY_ATTEMPTS with the
 * seconds to wait. Kept in the database, so every Flowlane node sharing it holds the same
 * count.
 */
export async function reserveAttempts(
  ctx: AppContext,
  rules: readonly ThrottleRule[],
): Promise<HeldAttempts> {
  const now = ctx.clock.now();
  const counts: { hits: number; strikes: number }[] = [];
  for (const [i, rule] of rules.entries()) {
    const granted = await reserveAttempt(ctx.db.kysely, {
      key: rule.key,
      max: rule.max,
      now: now.toISOString(),
      resetAt: new Date(now.getTime() + rule.windowSeconds * 1000).toISOString(),
    });
    if (!granted) {
      await giveBack(ctx, rules.slice(0, i));
      throw await tooMany(ctx, rule);
    }
    counts.push(granted);
  }
  return { rules, counts };
}

/**
 * The attempt failed: every rule whose window it filled closes for its window times two to
 * the power of its strikes (15 minutes, 30, an hour, … at most a day). Returns the rules
 * that locked now.
 */
export async function settleFailure(ctx: AppContext, held: HeldAttempts): Promise<ThrottleRule[]> {
  const now = ctx.clock.now().getTime();
  const locked: ThrottleRule[] = [];
  for (const [i, rule] of held.rules.entries()) {
    const count = held.counts[i];
    if (!count || count.hits < rule.max) continue;
    const seconds = Math.min(rule.windowSeconds * 2 ** count.strikes, MAX_LOCK_SECONDS);
    await lockBucket(ctx.db.kysely, rule.key, rule.max, new Date(now + seconds * 1000).toISOString());
    locked.push(rule);
  }
  return locked;
}

/** The attempt was legitimate: `forget` buckets are cleared, the others get it back. */
export async function settleSuccess(
  ctx: AppContext,
  held: HeldAttempts,
  forget: readonly string[] = [],
): Promise<void> {
  await clearBuckets(ctx.db.kysely, forget);
  await giveBack(
    ctx,
    held.rules.filter((r) => !forget.includes(r.key)),
  );
}

async function giveBack(ctx: AppContext, rules: readonly ThrottleRule[]): Promise<void> {
  const now = ctx.clock.now().toISOString();
  for (const rule of rules) await releaseAttempt(ctx.db.kysely, rule.key, now);
}

async function tooMany(ctx: AppContext, rule: ThrottleRule): Promise<AppError> {
  const resets = await findBucketResets(ctx.db.kysely, [rule.key]);
  const resetAt = resets.get(rule.key);
  const now = ctx.clock.now().getTime();
  const wait = resetAt
    ? Math.max(1, Math.ceil((new Date(resetAt).getTime() - now) / 1000))
    : rule.windowSeconds;
  return new AppError('TOO_MANY_ATTEMPTS', 'Too many failed attempts. Try again later.', {
    retryAfter: wait,
  });
}
