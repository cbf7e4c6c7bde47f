import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../../domain/errors.js';
import type { AppContext, MemberActor, Principal } from '../../services/context.js';
import { authenticateBearer } from '../../services/identity/tokens.js';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | undefined;
    actor: MemberActor | undefined;
  }
  interface FastifyContextConfig {
    /** The route needs no token (health, docs, /oauth/token). */
    public?: boolean;
  }
}

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/**
 * Every route needs a bearer token unless its config says `public`. When the path has an
 * `:org` parameter the caller must be an active member there; otherwise it answers 404.
 */
export function registerAuth(app: FastifyInstance, ctx: AppContext): void {
  app.decorateRequest('principal', undefined);
  app.decorateRequest('actor', undefined);
  app.addHook('onRequest', async (request) => {
    if (request.is404 || request.routeOptions.config?.public) return;
    const token = BEARER.exec(request.headers.authorization ?? '')?.[1];
    const org = (request.params as Record<string, string> | undefined)?.org;
    const result = await authenticateBearer(ctx, token, org);
    request.principal = result.principal;
    request.actor = result.actor;
  });
}

/** The member making an organization-scoped request; routes under `:org` always have one. */
export function requireActor(request: FastifyRequest): MemberActor {
  if (!request.actor) throw new AppError('unauthenticated', 'UNAUTHENTICATED', 'Authentication required.');
  return request.actor;
}

export function requirePrincipal(request: FastifyRequest): Principal {
  if (!request.principal)
    throw new AppError('unauthenticated', 'UNAUTHENTICATED', 'Authentication required.');
  return request.principal;
}
