import {
  findTokenByHash,
  insertToken,
  revokeTokens,
  type TokenLookup,
  touchToken,
} from '../../db/repositories/tokens-repository.js';
import { findPasswordHash, findUserByEmail, recordLogin } from '../../db/repositories/users-repository.js';
import { AppError, notFound } from '../../domain/errors.js';
import { normalizeEmail } from '../../domain/identity.js';
import { isHexId, newHexId } from '../../domain/ids.js';
import { generateSecret, hashSecret } from '../../domain/tokens.js';
import { type AppContext, inTransaction, type MemberActor, type Principal } from '../context.js';
import { verifyPassword } from './passwords.js';
import { assertNotThrottled, clearFailures, recordFailures, type ThrottleRule } from './throttle.js';

/** last_used_at is written at most this often per token, so reads stay reads. */
const TOUCH_INTERVAL_MS = 60_000;

const unauthenticated = (message: string, code = 'UNAUTHENTICATED') =>
  new AppError('unauthenticated', code, message);

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
  if (!user) throw notFound('User', 'USER_NOT_FOUND');
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
    throw notFound('Organization', 'ORGANIZATION_NOT_FOUND');
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
  grant_type?: string;
  username?: string;
  password?: string;
  refresh_token?: string;
}

// Failed logins: 5 per account and 20 per address in 15 minutes.
const ACCOUNT_RULE = { max: 5, windowSeconds: 900 };
const ADDRESS_RULE = { max: 20, windowSeconds: 900 };

/** `POST /oauth/token`: the password and refresh_token grants. */
export async function exchangeOAuthToken(
  ctx: AppContext,
  input: OAuthTokenInput,
  clientAddress: string,
): Promise<OAuthTokenResponse> {
  if (input.grant_type === 'password') return passwordGrant(ctx, input, clientAddress);
  if (input.grant_type === 'refresh_token') return refreshGrant(ctx, input);
  throw new AppError(
    'bad_request',
    'UNSUPPORTED_GRANT_TYPE',
    'The grant_type must be "password" or "refresh_token".',
  );
}

async function passwordGrant(
  ctx: AppContext,
  input: OAuthTokenInput,
  clientAddress: string,
): Promise<OAuthTokenResponse> {
  const email = normalizeEmail(input.username ?? '');
  if (!email || !input.password) {
    throw new AppError('invalid', 'VALIDATION_FAILED', 'The given data was invalid.', {
      fieldErrors: {
        ...(email ? {} : { username: ['The username field is required.'] }),
        ...(input.password ? {} : { password: ['The password field is required.'] }),
      },
    });
  }
  const rules: ThrottleRule[] = [
    { key: `login:account:${email}`, ...ACCOUNT_RULE },
    { key: `login:address:${clientAddress}`, ...ADDRESS_RULE },
  ];
  await assertNotThrottled(ctx, rules);
  const user = await findUserByEmail(ctx.db.kysely, email);
  const hash = user ? await findPasswordHash(ctx.db.kysely, user.id) : null;
  const ok = await verifyPassword(hash, input.password);
  if (!user || !ok) {
    await recordFailures(ctx, rules);
    throw new AppError('bad_request', 'INVALID_GRANT', 'The user credentials were incorrect.');
  }
  await clearFailures(ctx, [`login:account:${email}`]);
  await recordLogin(ctx.db.kysely, user.id, ctx.clock.now().toISOString());
  return issuePair(ctx, user.id);
}

async function refreshGrant(ctx: AppContext, input: OAuthTokenInput): Promise<OAuthTokenResponse> {
  const invalid = () => new AppError('bad_request', 'INVALID_GRANT', 'The refresh token is invalid.');
  if (!input.refresh_token) throw invalid();
  const record = await findTokenByHash(ctx.db.kysely, hashSecret(input.refresh_token), undefined);
  if (record?.kind !== 'refresh' || record.revokedAt) throw invalid();
  if (new Date(record.expiresAt).getTime() <= ctx.clock.now().getTime()) throw invalid();
  // Refresh tokens are single use: rotating them limits what a stolen one is worth.
  return inTransaction(ctx, async (tx) => {
    await revokeTokens(tx.db.kysely, [record.id], tx.clock.now().toISOString());
    return issuePair(tx, record.userId);
  });
}

async function issuePair(ctx: AppContext, userId: number): Promise<OAuthTokenResponse> {
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
  return {
    token_type: 'Bearer',
    access_token: access,
    refresh_token: refresh,
    expires_in: ctx.config.accessTokenTtlSeconds,
  };
}

/** Revokes the token the caller is using (logout). */
export async function revokeOwnToken(ctx: AppContext, principal: Principal): Promise<void> {
  await revokeTokens(ctx.db.kysely, [principal.tokenId], ctx.clock.now().toISOString());
}
