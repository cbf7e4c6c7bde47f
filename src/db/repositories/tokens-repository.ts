import type { Role } from '../../domain/identity.js';
import type { ApiToken } from '../../domain/tokens.js';
import type { Db } from '../database.js';
import { precompile } from '../precompiled.js';

export interface NewToken {
  id: string;
  userId: number;
  tokenHash: string;
  kind: 'personal' | 'access' | 'refresh';
  pairId: string | null;
  name: string | null;
  expiresAt: string;
  now: string;
}

export async function insertToken(db: Db, token: NewToken): Promise<void> {
  await db
    .insertInto('access_tokens')
    .values({
      id: token.id,
      user_id: token.userId,
      token_hash: token.tokenHash,
      kind: token.kind,
      pair_id: token.pairId,
      name: token.name,
      expires_at: token.expiresAt,
      created_at: token.now,
    })
    .execute();
}

export interface TokenRecord {
  id: string;
  userId: number;
  kind: 'personal' | 'access' | 'refresh';
  pairId: string | null;
  expiresAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

/** A token and, when an organization is named, the user's membership in it (one query). */
export interface TokenLookup extends TokenRecord {
  membership: { role: Role; status: 'active' | 'invited' | 'disabled' | 'pending' } | undefined;
}

// Every request looks its token up: these two are compiled once (see precompiled.ts).
const tokenByHash = precompile(
  (db: Db, tokenHash: string) =>
    db
      .selectFrom('access_tokens')
      .select(['id', 'user_id', 'kind', 'pair_id', 'expires_at', 'revoked_at', 'last_used_at'])
      .where('token_hash', '=', tokenHash),
  1,
);

const tokenAndMembership = precompile(
  (db: Db, tokenHash: string, organizationId: string) =>
    db
      .selectFrom('access_tokens as t')
      .leftJoin('memberships as m', (join) =>
        join.onRef('m.user_id', '=', 't.user_id').on('m.organization_id', '=', organizationId),
      )
      .select([
        't.id',
        't.user_id',
        't.kind',
        't.pair_id',
        't.expires_at',
        't.revoked_at',
        't.last_used_at',
        'm.role',
        'm.status',
      ])
      .where('t.token_hash', '=', tokenHash),
  2,
);

export async function findTokenByHash(
  db: Db,
  tokenHash: string,
  organizationId: string | undefined,
): Promise<TokenLookup | undefined> {
  if (organizationId === undefined) {
    const [row] = await tokenByHash(db, tokenHash);
    return row ? { ...toTokenRecord(row), membership: undefined } : undefined;
  }
  const [row] = await tokenAndMembership(db, tokenHash, organizationId);
  if (!row) return undefined;
  return {
    ...toTokenRecord(row),
    membership: row.role && row.status ? { role: row.role, status: row.status } : undefined,
  };
}

function toTokenRecord(row: {
  id: string;
  user_id: number;
  kind: TokenRecord['kind'];
  pair_id: string | null;
  expires_at: string;
  revoked_at: string | null;
  last_used_at: string | null;
}): TokenRecord {
  return {
    id: row.id,
    userId: row.user_id,
    kind: row.kind,
    pairId: row.pair_id,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
    lastUsedAt: row.last_used_at,
  };
}

export async function touchToken(db: Db, id: string, now: string): Promise<void> {
  await db.updateTable('access_tokens').set({ last_used_at: now }).where('id', '=', id).execute();
}

/** Revokes these tokens (of `onlyUser`, when given); returns the ids this call revoked. */
export async function revokeTokens(
  db: Db,
  ids: readonly string[],
  now: string,
  options: { onlyUser?: number } = {},
): Promise<string[]> {
  if (ids.length === 0) return [];
  let query = db
    .updateTable('access_tokens')
    .set({ revoked_at: now })
    .where('id', 'in', [...ids])
    .where('revoked_at', 'is', null);
  if (options.onlyUser !== undefined) query = query.where('user_id', '=', options.onlyUser);
  const rows = await query.returning('id').execute();
  return rows.map((r) => r.id);
}

export async function revokeTokensOfUser(db: Db, userId: number, now: string): Promise<void> {
  await db
    .updateTable('access_tokens')
    .set({ revoked_at: now })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .execute();
}

/** Revokes every live token of the user but `keepId` (the caller's own); returns how many. */
export async function revokeOtherTokensOfUser(
  db: Db,
  userId: number,
  keepId: string,
  now: string,
): Promise<number> {
  const rows = await db
    .updateTable('access_tokens')
    .set({ revoked_at: now })
    .where('user_id', '=', userId)
    .where('id', '!=', keepId)
    .where('revoked_at', 'is', null)
    .returning('id')
    .execute();
  return rows.length;
}

/** The kind and state of one token, by id. */
export async function findTokenById(db: Db, id: string): Promise<TokenRecord | undefined> {
  const row = await db
    .selectFrom('access_tokens')
    .select(['id', 'user_id', 'kind', 'pair_id', 'expires_at', 'revoked_at', 'last_used_at'])
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? toTokenRecord(row) : undefined;
}

/** The user's personal tokens that still work (not revoked, not expired), newest first. */
export async function listLivePersonalTokens(db: Db, userId: number, now: string): Promise<ApiToken[]> {
  const rows = await db
    .selectFrom('access_tokens')
    .select(['id', 'name', 'created_at', 'expires_at', 'last_used_at'])
    .where('user_id', '=', userId)
    .where('kind', '=', 'personal')
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    createdAt: r.created_at,
    expiresAt: r.expires_at,
    lastUsedAt: r.last_used_at,
  }));
}

/** One live personal token of this user, by id (another user's token is not found). */
export async function findLivePersonalToken(
  db: Db,
  userId: number,
  id: string,
  now: string,
): Promise<ApiToken | undefined> {
  const row = await db
    .selectFrom('access_tokens')
    .select(['id', 'name', 'created_at', 'expires_at', 'last_used_at'])
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .where('kind', '=', 'personal')
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return row
    ? {
        id: row.id,
        name: row.name,
        createdAt: row.created_at,
        expiresAt: row.expires_at,
        lastUsedAt: row.last_used_at,
      }
    : undefined;
}
