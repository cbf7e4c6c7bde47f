import type { Adapters } from '../adapters/index.js';
import type { Config } from '../config/index.js';
import type { DbHandle } from '../db/database.js';
import type { Clock } from '../domain/clock.js';
import type { Role } from '../domain/identity.js';

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

/** The authenticated caller, before any organization is involved. */
export interface Principal {
  userId: number;
  tokenId: string;
}

/** A member acting inside one organization. */
export interface MemberActor {
  kind: 'user';
  userId: number;
  organizationId: string;
  role: Role;
  tokenId: string;
}

/**
 * A guest acting through their guest code (routes under `/organizations/:org/guests/:guest_code/…`
 * and the spec's public guest paths). A guest has no token and no role: the policy lets a
 * guest work only on their own tasks.
 */
export interface GuestActor {
  kind: 'guest';
  guestId: number;
  organizationId: string;
  email: string;
}

export type Actor = MemberActor | GuestActor;

export function nowIso(ctx: AppContext): string {
  return ctx.clock.now().toISOString();
}

/**
 * Runs `fn` in one database transaction, handing it a context whose queries all go through
 * that transaction. Inside a transaction already, it joins it.
 */
export async function inTransaction<T>(ctx: AppContext, fn: (tx: AppContext) => Promise<T>): Promise<T> {
  if (ctx.db.kysely.isTransaction) return fn(ctx);
  return ctx.db.kysely.transaction().execute((trx) => fn({ ...ctx, db: { ...ctx.db, kysely: trx } }));
}
