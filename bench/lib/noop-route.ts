import { Type } from 'typebox';
import type { RouteModule } from '../../src/http/types.js';

const NoopAnswer = Type.Object({ data: Type.Object({ ok: Type.Boolean() }) });

/**
 * `GET /bench/noop`: the benchmark's ceiling for HTTP, a route on the same Fastify setup
 * (hooks, request ids, response schema) that touches no database. Only the benchmark's own
 * server (bench/serve.ts) registers it; the product never serves it.
 */
export const benchNoopRoute: RouteModule = (app) => {
  app.get(
    '/bench/noop',
    { config: { public: true }, schema: { hide: true, response: { 200: NoopAnswer } } },
    async () => ({ data: { ok: true } }),
  );
};
