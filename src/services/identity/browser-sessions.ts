import { createHmac } from 'node:crypto';
import { hasActiveMembership } from '../../db/repositories/membership-status-repository.js';
import {
  findTokenByHash,
  findTokenById,
  insertToken,
  revokeTokens,
} from '../../db/repositories/tokens-repository.js';
import { AppError } from '../../domain/errors.js';
import { newHexId } from '../../domain/ids.js';
import { constantTimeEqual, generateSecret, hashSecret } from '../../domain/tokens.js';
import { type AppContext, inTransaction, type Principal } from '../context.js';
import { recordSecurityEvents } from './security-events.js';
import { authenticateBearer, exchangeOAuthToken, type TokenClient } from './tokens.js';

export interface BrowserSession {
  /** The access token the session cookie carries; never shown to the page's scripts. */
  secret: string;
  /** The sign-in service's device cookie to set, as `/oauth/token` sets it. */
  deviceCookie: string | undefined;
  csrfToken: string;
  expiresInSeconds: number;
}

/**
 * Signs a member in for the browser: the same password grant as `POST /oauth/token` (so its
 * credential check and login throttle apply unchanged), keeping only the access token. The
 * refresh token the grant also issues is revoked at once: a browser session is renewed by
 * signing in again, and a refresh token nobody holds should not stay usable.
 */
export async function signInBrowser(
  ctx: AppContext,
  email: string,
  password: string,
  client: TokenClient,
): Promise<BrowserSession> {
  const { body: pair, deviceCookie } = await exchangeOAuthToken(
    ctx,
    { grant_type: 'password', username: email, password },
    client,
  );
  const refresh = await findTokenByHash(ctx.db.kysely, hashSecret(pair.refresh_token), undefined);
  if (refresh) await revokeTokens(ctx.db.kysely, [refresh.id], ctx.clock.now().toISOString());
  return {
    secret: pair.access_token,
    deviceCookie,
    csrfToken: csrfTokenFor(pair.access_token),
    expiresInSeconds: pair.expires_in,
  };
}

/** The member a session cookie signs in, or null when it is unknown, expired or revoked. */
export async function browserSessionUser(ctx: AppContext, secret: string): Promise<number | null> {
  try {
    return (await authenticateBearer(ctx, secret, undefined)).principal.userId;
  } catch (error) {
    if (error instanceof AppError && error.kind === 'unauthenticated') return null;
    throw error;
  }
}

/** Sign-out: the session's token row is revoked, so a copied cookie stops working too. */
export async function signOutBrowser(ctx: AppContext, principal: Principal): Promise<void> {
  await revokeTokens(ctx.db.kysely, [principal.tokenId], ctx.clock.now().toISOString());
}

/**
 * The CSRF token of a session, derived from the cookie's secret: the page reads it from the
 * sign-in answer (or `GET /session`) and echoes it in a header, which a cross-site form or
 * image cannot do. Deriving it keeps nothing more to store and ties it to this one session.
 */
export function csrfTokenFor(sessionSecret: string): string {
  return createHmac('sha256', sessionSecret).update('flowlane-csrf').digest('base64url');
}

export function csrfTokenMatches(sessionSecret: string, presented: string | undefined): boolean {
  return presented !== undefined && constantTimeEqual(csrfTokenFor(sessionSecret), presented);
}

/**
 * `POST /oauth/token/refresh`: a fresh session token for the member signed in with a session
 * token (the cookie, or the access token of a password grant). The presented token is
 * revoked in the same transaction, so each one renews once at most, two renewals racing
 * get one new token between them, and a revoked, expired or refresh token renews nothing
 * (those fail authentication before this runs). Personal tokens are not sessions and are
 * refused; an account with no active membership left gets nothing.
 */
export async function refreshBrowserSession(
  ctx: AppContext,
  principal: Principal,
  clientAddress: string,
): Promise<BrowserSession> {
  const current = await findTokenById(ctx.db.kysely, principal.tokenId);
  if (current?.kind !== 'access') {
    throw new AppError(
      'SESSION_TOKEN_REQUIRED',
      'Only a signed-in session can be renewed; personal tokens cannot.',
    );
  }
  if (!(await hasActiveMembership(ctx.db.kysely, principal.userId))) {
    throw new AppError('NO_ACTIVE_MEMBERSHIP', 'This account is not an active member of any organization.');
  }
  return inTransaction(ctx, async (tx) => {
    const now = tx.clock.now();
    const revoked = await revokeTokens(tx.db.kysely, [principal.tokenId], now.toISOString(), {
      onlyUser: principal.userId,
    });
    if (!revoked.includes(principal.tokenId)) {
      throw new AppError('TOKEN_REVOKED', 'The access token has been revoked.');
    }
    const secret = generateSecret('fla');
    await insertToken(tx.db.kysely, {
      id: newHexId(),
      userId: principal.userId,
      tokenHash: hashSecret(secret),
      kind: 'access',
      pairId: null,
      name: 'session',
      expiresAt: new Date(now.getTime() + tx.config.accessTokenTtlSeconds * 1000).toISOString(),
      now: now.toISOString(),
    });
    await recordSecurityEvents(tx, [
      { userId: principal.userId, event: 'token_refreshed', outcome: 'succeeded', clientAddress },
    ]);
    return {
      secret,
      deviceCookie: undefined,
      csrfToken: csrfTokenFor(secret),
      expiresInSeconds: tx.config.accessTokenTtlSeconds,
    };
  });
}
