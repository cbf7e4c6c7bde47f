import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../../domain/errors.js';
import { isHexId } from '../../domain/ids.js';
import { looksLikeEmail } from '../../domain/people.js';
import type { Actor, AppContext, GuestActor, MemberActor, Principal } from '../../services/context.js';
import { authenticateBearer } from '../../services/identity/tokens.js';
import { authenticateGuestCode } from '../../services/people/guest-auth.js';
import { browserSessionToken } from './session-cookie.js';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | undefined;
    actor: MemberActor | undefined;
    /** Set on guest-code routes: the guest whose code is in the path. */
    guest: GuestActor | undefined;
  }
  interface FastifyContextConfig {
    /** The route needs no token (health, docs, /oauth/token). */
    public?: boolean;
    /** A public route that also reads a bearer token when one is sent (an invalid one is 401). */
    optionalAuth?: boolean;
    /**
     * A `:guest_code` route that members also call with an e-mail in that place (for
     * example `GET …/guests/{email}/tasks` beside the guest's `…/guests/{code}/tasks`):
     * a value containing `@` is an e-mail and the bearer token decides instead.
     */
    guestCodeOrMember?: boolean;
  }
}

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/**
 * Every route needs a bearer token unless its config says `public`. When the path has an
 * `:org` parameter the caller must be an active member there; otherwise it answers 404.
 * A route with a `:guest_code` parameter (`/organizations/:org/guests/:guest_code/…` and the
 * spec's public guest paths) is authenticated by that code alone: `request.guest` is the
 * guest, and an unknown code answers 404.
 */
export function registerAuth(app: FastifyInstance, ctx: AppContext): void {
  app.decorateRequest('principal', undefined);
  app.decorateRequest('actor', undefined);
  app.decorateRequest('guest', undefined);
  app.addHook('onRequest', async (request) => {
    if (request.is404) return;
    const params = request.params as Record<string, string> | undefined;
    const config = request.routeOptions.config;
    const code = params?.guest_code;
    if (code !== undefined && !(config?.guestCodeOrMember && looksLikeEmail(code))) {
      const org = params?.org;
      if (!org || !isHexId(org)) throw new AppError('GUEST_CODE_NOT_FOUND', 'Guest link not found.');
      request.guest = await authenticateGuestCode(ctx, org, code, request.ip);
      return;
    }
    const authorization = request.headers.authorization;
    if (config?.public && !(config.optionalAuth && authorization !== undefined)) return;
    // No Authorization header: the browser app's session cookie, if any (CSRF-checked).
    const token =
      authorization === undefined ? browserSessionToken(request) : BEARER.exec(authorization)?.[1];
    const result = await authenticateBearer(ctx, token, params?.org);
    request.principal = result.principal;
    request.actor = result.actor;
  });
}

/** The member making an organization-scoped request; routes under `:org` always have one. */
export function requireActor(request: FastifyRequest): MemberActor {
  if (!request.actor) throw new AppError('UNAUTHENTICATED', 'Authentication required.');
  return request.actor;
}

/** The guest of a guest-code route. */
export function requireGuest(request: FastifyRequest): GuestActor {
  if (!request.guest) throw new AppError('UNAUTHENTICATED', 'A guest link is required.');
  return request.guest;
}

/** The member or guest of a route that serves both (`config.guestCodeOrMember`). */
export function requireMemberOrGuest(request: FastifyRequest): Actor {
  const actor = request.guest ?? request.actor;
  if (!actor) throw new AppError('UNAUTHENTICATED', 'Authentication required.');
  return actor;
}

export function requirePrincipal(request: FastifyRequest): Principal {
  if (!request.principal) throw new AppError('UNAUTHENTICATED', 'Authentication required.');
  return request.principal;
}
