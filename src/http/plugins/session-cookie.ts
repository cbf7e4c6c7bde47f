import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../domain/errors.js';
import type { AppContext } from '../../services/context.js';
import { csrfTokenMatches } from '../../services/identity/browser-sessions.js';

/** The browser session's cookie: httpOnly, so the page's scripts never see the token. */
export const SESSION_COOKIE = 'flowlane_session';
/** The header a cookie-authenticated unsafe request carries its CSRF token in. */
export const CSRF_HEADER = 'x-csrf-token';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Reads one cookie from the Cookie header (RFC 6265 pairs; a value may be quoted). */
export function readCookie(request: FastifyRequest, name: string): string | undefined {
  const header = request.headers.cookie;
  if (!header) return undefined;
  for (const pair of header.split(';')) {
    const at = pair.indexOf('=');
    if (at < 0 || pair.slice(0, at).trim() !== name) continue;
    const raw = pair
      .slice(at + 1)
      .trim()
      .replace(/^"(.*)"$/, '$1');
    try {
      return decodeURIComponent(raw) || undefined;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/**
 * The token of a browser session, for a request that sent no Authorization header. An unsafe
 * request authenticated by the cookie must carry the session's CSRF token in `X-CSRF-Token`:
 * the browser attaches the cookie to a cross-site form post, but only our own page can read
 * the token to put in the header. Bearer clients never reach here.
 */
export function browserSessionToken(request: FastifyRequest): string | undefined {
  const secret = readCookie(request, SESSION_COOKIE);
  if (!secret) return undefined;
  if (!SAFE_METHODS.has(request.method)) {
    const presented = request.headers[CSRF_HEADER];
    if (!csrfTokenMatches(secret, typeof presented === 'string' ? presented : undefined)) {
      throw new AppError(
        'CSRF_TOKEN_MISMATCH',
        'This request needs the X-CSRF-Token header of your session; reload the page and try again.',
      );
    }
  }
  return secret;
}

/** Secure when the server is reached over HTTPS, directly or as PUBLIC_URL says. */
function isSecure(ctx: AppContext, request: FastifyRequest): boolean {
  return request.protocol === 'https' || (ctx.config.publicUrl?.startsWith('https:') ?? false);
}

export function setSessionCookie(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
  secret: string,
  maxAgeSeconds: number,
  alsoSet: string[] = [],
): void {
  const attributes = ['Path=/', 'HttpOnly', 'SameSite=Lax', `Max-Age=${maxAgeSeconds}`];
  if (isSecure(ctx, request)) attributes.push('Secure');
  const session = `${SESSION_COOKIE}=${encodeURIComponent(secret)}; ${attributes.join('; ')}`;
  reply.header('set-cookie', alsoSet.length ? [session, ...alsoSet] : session);
}

export function clearSessionCookie(ctx: AppContext, request: FastifyRequest, reply: FastifyReply): void {
  const attributes = ['Path=/', 'HttpOnly', 'SameSite=Lax', 'Max-Age=0'];
  if (isSecure(ctx, request)) attributes.push('Secure');
  reply.header('set-cookie', `${SESSION_COOKIE}=; ${attributes.join('; ')}`);
}
