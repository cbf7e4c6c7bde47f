import { hasActiveMembership } from '../../db/repositories/membership-status-repository.js';
import {
  findTokenByHash,
  insertToken,
  revokeTokens,
  type TokenLookup,
  touchToken,
} from '../../db/repositories/tokens-repository.js';
import { findUserByEmail } from '../../db/repositories/users-repository.js';
import { AppError, type ErrorCodeOf, notFound } from '../../domain/errors.js';
import { normalizeEmail } from '../../domain/identity.js';
import { isHexId, newHexId } from '../../domain/ids.js';
import { generateSecret, hashSecret } from '../../domain/tokens.js';
import { type AppContext, inTransaction, type MemberActor, nowIso, type Principal } from '../context.js';
import { recordSecurityEvents } from './security-events.js';
import { signIn } from './sign-in.js';

/** last_used_at is written at most this often per token, so reads stay reads. */
const TOUCH_INTERVAL_MS = 60_000;

const unauthenticated = (message: string, code: ErrorCodeOf<'unauthenticated'> = 'UNAUTHENTICATED') =>
  new AppError(code, message);

export interface IssuedToken {
  accessToken: string;
  tokenId: string;
  expiresAt: string;
}

/** A personal access token, as the CLI and `flowlane demo` hand out. */
export async function issuePersonalToken(
  ctx: AppContext,
  userId: number,
  name: string | null = null,
): Promise<IssuedToken> {
  const secret = generateSecret('flp');
  const id = newHexId();
  const now = ctx.clock.now();
  const expiresAt = new Date(now.getTime() + ctx.config.accessTokenTtlSeconds * 1000).toISOString();
  await insertToken(ctx.db.kysely, {
    id,
    userId,
    tokenHash: hashSecret(secret),
    kind: 'personal',
    pairId: null,
    name,
    expiresAt,
    now: now.toISOString(),
  });
  return { accessToken: secret, tokenId: id, expiresAt };
}

export async function issuePersonalTokenForEmail(ctx: AppContext, email: string): Promise<IssuedToken> {
  const user = await findUserByEmail(ctx.db.kysely, normalizeEmail(email));
  if (!user) throw notFound('USER_NOT_FOUND', 'User');
  return issuePersonalToken(ctx, user.id, 'cli');
}

export interface AuthResult {
  principal: Principal;
  actor: MemberActor | undefined;
}

/**
 * Resolves a bearer token to its user and, when the request names an organization, to the
 * user's active membership there. A token of someone outside that organization answers 404,
 * as if the organization did not exist.
 */
export async function authenticateBearer(
  ctx: AppContext,
  token: string | undefined,
  organizationId: string | undefined,
): Promise<AuthResult> {
  if (!token) throw unauthenticated('Authentication required: send Authorization: Bearer <token>.');
  const orgKnown = organizationId !== undefined && isHexId(organizationId);
  const record = await findTokenByHash(
    ctx.db.kysely,
    hashSecret(token),
    orgKnown ? organizationId : undefined,
  );
  assertUsable(ctx, record);
  const principal: Principal = { userId: record.userId, tokenId: record.id };
  const now = ctx.clock.now();
  if (!record.lastUsedAt || now.getTime() - new Date(record.lastUsedAt).getTime() > TOUCH_INTERVAL_MS) {
    await touchToken(ctx.db.kysely, record.id, now.toISOString());
  }
  if (organizationId === undefined) return { principal, actor: undefined };
  if (!orgKnown || !record.membership || record.membership.status !== 'active') {
    throw notFound('ORGANIZATION_NOT_FOUND', 'Organization');
  }
  return {
    principal,
    actor: {
      kind: 'user',
      userId: record.userId,
      organizationId: organizationId,
      role: record.membership.role,
      tokenId: record.id,
    },
  };
}

function assertUsable(ctx: AppContext, record: TokenLookup | undefined): asserts record is TokenLookup {
  if (!record || record.kind === 'refresh') throw unauthenticated('The access token is invalid.');
  if (record.revokedAt) throw unauthenticated('The access token has been revoked.', 'TOKEN_REVOKED');
  if (new Date(record.expiresAt).getTime() <= ctx.clock.now().getTime()) {
    throw unauthenticated('The access token has expired.', 'TOKEN_EXPIRED');
  }
}

export interface OAuthTokenResponse {
  token_type: 'Bearer';
  access_token: string;
  refresh_token: string;
  expires_in: number;
}

export interface OAuthTokenInput {
  grant_type?: string | undefined;
  username?: string | undefined;
  password?: string | undefined;
  refresh_token?: string | undefined;
}

/** Who is asking for a token: the client address, and the device cookie a browser sent. */
export interface TokenClient {
  address: string;
  deviceCookie?: string | undefined;
}

/** A token answer, and the device cookie to set after a password sign-in. */
export interface OAuthExchange {
  body: OAuthTokenResponse;
  deviceCookie: string | undefined;
}

/** `POST /oauth/token`: the password and refresh_token grants. */
export async function exchangeOAuthToken(
  ctx: AppContext,
  input: OAuthTokenInput,
  client: TokenClient,
): Promise<OAuthExchange> {
  if (input.grant_type === 'password') {
    const signedIn = await signIn(ctx, {
      email: input.username ?? '',
      password: input.password ?? '',
      clientAddress: client.address,
      deviceCookie: client.deviceCookie,
    });
    const body = await inTransaction(ctx, (tx) =>
      issuePair(tx, signedIn.userId, client.address, 'token_issued'),
    );
    return { body, deviceCookie: signedIn.deviceCookie };
  }
  if (input.grant_type === 'refresh_token') {
    return { body: await refreshGrant(ctx, input, client.address), deviceCookie: undefined };
  }
  throw new AppError('UNSUPPORTED_GRANT_TYPE', 'The grant_type must be "password" or "refresh_token".');
}

async function refreshGrant(
  ctx: AppContext,
  input: OAuthTokenInput,
  clientAddress: string,
): Promise<OAuthTokenResponse> {
  const invalid = () => new AppError('INVALID_GRANT', 'The refresh token is invalid.');
  if (!input.refresh_token) throw invalid();
  const record = await findTokenByHash(ctx.db.kysely, hashSecret(input.refresh_token), undefined);
  if (record?.kind !== 'refresh' || record.revokedAt) {
    if (record) await recordRefreshFailure(ctx, record.userId, clientAddress);
    throw invalid();
  }
  if (new Date(record.expiresAt).getTime() <= ctx.clock.now().getTime()) throw invalid();
  if (!(await hasActiveMembership(ctx.db.kysely, record.userId))) {
    await recordRefreshFailure(ctx, record.userId, clientAddress);
    throw new AppError('NO_ACTIVE_MEMBERSHIP', 'This account is not an active member of any organization.');
  }
  // Refresh tokens are single use, and the access token issued with one ends with it: a
  // stolen pair is worth one refresh at most, and the old access token does not linger.
  return inTransaction(ctx, async (tx) => {
    const revoked = await revokeTokens(
      tx.db.kysely,
      [record.id, ...(record.pairId ? [record.pairId] : [])],
      tx.clock.now().toISOString(),
      { onlyUser: record.userId },
    );
    // Another refresh with the same token won the race: this one gets nothing.
    if (!revoked.includes(record.id)) throw invalid();
    return issuePair(tx, record.userId, clientAddress, 'token_refreshed');
  });
}

async function recordRefreshFailure(ctx: AppContext, userId: number, clientAddress: string): Promise<void> {
  await recordSecurityEvents(ctx, [{ userId, event: 'token_refreshed', outcome: 'failed', clientAddress }]);
}

async function issuePair(
  ctx: AppContext,
  userId: number,
  clientAddress: string,
  event: 'token_issued' | 'token_refreshed',
): Promise<OAuthTokenResponse> {
  const now = ctx.clock.now();
  const access = generateSecret('fla');
  const refresh = generateSecret('flr');
  const accessId = newHexId();
  await insertToken(ctx.db.kysely, {
    id: accessId,
    userId,
    tokenHash: hashSecret(access),
    kind: 'access',
    pairId: null,
    name: 'oauth',
    expiresAt: new Date(now.getTime() + ctx.config.accessTokenTtlSeconds * 1000).toISOString(),
    now: now.toISOString(),
  });
  await insertToken(ctx.db.kysely, {
    id: newHexId(),
    userId,
    tokenHash: hashSecret(refresh),
    kind: 'refresh',
    pairId: accessId,
    name: 'oauth',
    expiresAt: new Date(now.getTime() + ctx.config.refreshTokenTtlSeconds * 1000).toISOString(),
    now: now.toISOString(),
  });
  await recordSecurityEvents(ctx, [{ userId, event, outcome: 'succeeded', clientAddress }]);
  return {
    token_type: 'Bearer',
    access_token: access,
    refresh_token: refresh,
    expires_in: ctx.config.accessTokenTtlSeconds,
  };
}

/** Revokes the token the caller is using (logout). */
export async function revokeOwnToken(
  ctx: AppContext,
  principal: Principal,
  clientAddress: string,
): Promise<void> {
  await inTransaction(ctx, async (tx) => {
    await revokeTokens(tx.db.kysely, [principal.tokenId], nowIso(tx), { onlyUser: principal.userId });
    await recordSecurityEvents(tx, [
      { userId: principal.userId, event: 'token_revoked', outcome: 'succeeded', clientAddress },
    ]);
  });
}
