import type { Adapters } from '../adapters/index.js';
import type { Config } from '../config/index.js';
import type { DbHandle } from '../db/database.js';
import { reportTransaction } from '../db/transaction-observers.js';
import type { Actor, GuestActor, MemberActor, Principal } from '../domain/actors.js';
import type { Clock } from '../domain/clock.js';

export type { Actor, GuestActor, MemberActor, Principal };

/**
 * What every service function receives first: the database, the clock, the settings and
 * the adapters to the outside world (file storage, mail, webhook sending), built once per
 * process. HTTP handlers, jobs, the CLI and tests all build one and call the same functions.
 */
export interface AppContext {
  db: DbHandle;
  clock: Clock;
  config: Config;
  adapters: Adapters;
  /** Where services write lines worth an operator's attention (security events); the app's logger. */
  log?: ServiceLogger | undefined;
}

/** The part of pino's logger services use. */
export interface ServiceLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export function nowIso(ctx: AppContext): string {
  return ctx.clock.now().toISOString();
}

/**
 * Runs `fn` in one database transaction, handing it a context whose queries all go through
 * that transaction. Inside a transaction already, it joins it.
 */
export async function inTransaction<T>(ctx: AppContext, fn: (tx: AppContext) => Promise<T>): Promise<T> {
  if (ctx.db.kysely.isTransaction) return fn(ctx);
  const started = performance.now();
  let outcome: 'commit' | 'rollback' = 'rollback';
  try {
    const result = await ctx.db.kysely
      .transaction()
      .execute((trx) => fn({ ...ctx, db: { ...ctx.db, kysely: trx } }));
    outcome = 'commit';
    return result;
  } finally {
    reportTransaction((performance.now() - started) / 1000, outcome);
  }
}
