import { randomUUID } from 'node:crypto';
import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyServerOptions } from 'fastify';
import type { AppContext } from '../services/context.js';
import { registerAuth } from './plugins/auth.js';
import { registerErrorHandling } from './plugins/errors.js';
import { registerSecurity, serverLimitOptions } from './plugins/security.js';
import { collectRoutes } from './route-table.js';
import { routeModules } from './routes/index.js';
import { serializerCompiler } from './serializer.js';
import type { App } from './types.js';

export interface BuildAppOptions {
  ctx: AppContext;
  /** Fastify logger settings; `false` in tests. */
  logger?: FastifyServerOptions['logger'];
}

const REQUEST_ID = /^[\w.:-]{1,128}$/;

/** `/api/organizations/…` and `/organizations/…` are the same route. */
export function stripApiPrefix(url: string): string {
  if (url === '/api' || url.startsWith('/api?')) return `/${url.slice(4)}`;
  return url.startsWith('/api/') ? url.slice(4) : url;
}

/**
 * Builds the HTTP application without listening, so tests call it through `inject` and
 * `main.ts` decides where it listens.
 */
export async function buildApp({ ctx, logger = false }: BuildAppOptions): Promise<App> {
  const app = Fastify({
    logger,
    bodyLimit: ctx.config.bodyLimitBytes,
    rewriteUrl: (req) => stripApiPrefix(req.url ?? '/'),
    requestIdHeader: false,
    genReqId: (req) => {
      const incoming = req.headers['x-request-id'];
      return typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    },
    trustProxy: ctx.config.trustProxy,
    ajv: {
      customOptions: { coerceTypes: 'array', allErrors: true, useDefaults: true, removeAdditional: false },
    },
    return503OnClosing: true,
    ...serverLimitOptions(ctx.config),
  }).withTypeProvider<TypeBoxTypeProvider>();
  app.setSerializerCompiler(serializerCompiler);
  // Services write their security events through the app's logger.
  if (!ctx.log) ctx.log = app.log;

  // A callback hook, not an async one: it runs on every answer, and needs no promise.
  app.addHook('onSend', (request, reply, payload, done) => {
    reply.header('X-Request-Id', request.id);
    done(null, payload);
  });

  // A JSON content type with an empty body (common on DELETE and bodiless POSTs) is no body.
  const defaultJsonParser = app.getDefaultJsonParser('error', 'ignore');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (typeof body === 'string' && body.trim() === '') return done(null, undefined);
    defaultJsonParser(request, body as string, done);
  });
  await app.register(formbody);
  await app.register(multipart, { limits: { fieldSize: 1024 * 1024, fields: 100, files: 1 } });

  registerErrorHandling(app);
  await registerSecurity(app, ctx.config);
  registerAuth(app, ctx);
  collectRoutes(app);

  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/docs')) route.config = { ...(route.config ?? {}), public: true };
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Flowlane API',
        description:
          "A self-hosted workflow server speaking Tallyfy's REST API. Every path is also served under /api.",
        version: '0.1.0',
      },
      components: { securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearerAuth: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { config: { public: true }, schema: { hide: true } }, async () => app.swagger());

  for (const register of routeModules) register(app, ctx);
  return app;
}
