/**
 * The HTTP layer's defences, registered once for every route: server timeouts and the
 * connection cap, security headers, `Cache-Control: no-store` on authenticated answers, the
 * per-address limit of public routes, and the request checks every schema gets (integer
 * bounds, no NUL characters, multipart bodies with a boundary).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyServerOptions, RouteOptions } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';
import type { Config } from '../../config/index.js';
import { AppError } from '../../domain/errors.js';
import { boundRequestIntegers, refuseNulCharacters } from '../schemas/hardening.js';

/**
 * The Content-Security-Policy of every answer: scripts and styles from Flowlane itself only
 * (the web app ships them as files), inline styles allowed for UI libraries that set style
 * attributes, images from data:/blob: URLs (previews), no framing, no plugins.
 */
export const CONTENT_SECURITY_POLICY = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:', 'blob:'],
  'font-src': ["'self'", 'data:'],
  'connect-src': ["'self'"],
  'frame-ancestors': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
  'object-src': ["'none'"],
};

/**
 * The security headers helmet sets for these options, worked out once. The headers are the
 * same for every answer (no per-request nonces), and building helmet's middleware on every
 * request, as @fastify/helmet does, cost a few percent of a busy server's CPU.
 */
export function securityHeaders(options: Readonly<HelmetOptions>): Record<string, string> {
  const headers: Record<string, string> = {};
  const collector = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader(name: string) {
      delete headers[name.toLowerCase()];
    },
  };
  let failure: unknown;
  helmet(options)({} as IncomingMessage, collector as unknown as ServerResponse, (error?: unknown) => {
    failure = error;
  });
  if (failure) throw failure;
  return headers;
}

/** The Fastify server options that hold slow or numerous clients back. */
export function serverLimitOptions(config: Config): Partial<FastifyServerOptions> {
  const { requestTimeoutMs, headersTimeoutMs, keepAliveTimeoutMs } = config.limits;
  return {
    requestTimeout: requestTimeoutMs,
    keepAliveTimeout: keepAliveTimeoutMs,
    // A socket with no traffic at all for this long is closed (a stalled reader too).
    connectionTimeout: requestTimeoutMs,
    http: {
      headersTimeout: headersTimeoutMs,
      // Node checks the request and header deadlines on this beat (30 s by default).
      connectionsCheckingInterval: Math.min(1_000, headersTimeoutMs),
    },
  } as Partial<FastifyServerOptions>;
}

/**
 * Public routes that carry no per-address limit: probes, documentation, the benchmark ceiling,
 * and the web app's shell and files (served from memory; one page load fetches a dozen chunks,
 * which counted against the limit meant for guest routes).
 */
const UNLIMITED_PUBLIC = /^\/(health|docs|openapi\.json|bench|app(\/|$)|$)/;

/** Registers the defences; call before the auth plugin (its limit comes first) and any route. */
export async function registerSecurity(app: FastifyInstance, config: Config): Promise<void> {
  app.server.maxConnections = config.limits.maxConnections;

  app.addHook('onRoute', (route: RouteOptions) => boundRequestIntegers(route));

  // In this process's memory: a per-address limit against load, not the login limits
  // (those live in the database, shared by every node). One count per address over all
  // public routes, checked before the guest code or anything else touches the database.
  await app.register(rateLimit, {
    global: false,
    max: config.limits.publicRateLimitPerMinute,
    timeWindow: 60_000,
    keyGenerator: (request) => request.ip,
    errorResponseBuilder: (_request, context) =>
      new AppError('TOO_MANY_REQUESTS', 'Too many requests from this address. Try again later.', {
        retryAfter: Math.max(1, Math.ceil(context.ttl / 1000)),
      }),
  });
  const limitPublic = app.rateLimit();
  app.addHook('onRequest', async (request, reply) => {
    if (request.is404) return;
    const url = request.routeOptions.url ?? '';
    const isPublic = request.routeOptions.config?.public === true || url.includes(':guest_code');
    if (isPublic && !UNLIMITED_PUBLIC.test(url)) await limitPublic.call(app, request, reply);
  });

  const https = config.publicUrl?.startsWith('https://') ?? false;
  const headers = securityHeaders({
    contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY },
    frameguard: { action: 'deny' },
    // Only behind an https PUBLIC_URL: sent over plain http it would lock browsers out.
    strictTransportSecurity: https ? { maxAge: 31_536_000, includeSubDomains: true } : false,
  });
  app.addHook('onRequest', (_request, reply, done) => {
    reply.headers(headers);
    done();
  });

  app.addHook('preValidation', (request, _reply, done) => {
    const type = request.headers['content-type'];
    if (typeof type === 'string' && /^\s*multipart\//i.test(type) && !/;\s*boundary=/i.test(type)) {
      done(new AppError('MALFORMED_MULTIPART', 'A multipart body needs a boundary.'));
      return;
    }
    try {
      refuseNulCharacters(request);
      done();
    } catch (error) {
      done(error as Error);
    }
  });

  // What a token or guest code opened must not stay in a browser or proxy cache. A route
  // that decides its own caching (file downloads) keeps its header.
  app.addHook('onSend', (request, reply, payload, done) => {
    if ((request.principal || request.guest) && !reply.hasHeader('cache-control')) {
      reply.header('cache-control', 'no-store');
    }
    done(null, payload);
  });
}
