import { Type } from 'typebox';
import type { RouteModule } from '../types.js';

const NoopAnswer = Type.Object({ data: Type.Object({ ok: Type.Boolean() }) });

/**
 * `GET /bench/noop`: the benchmark's ceiling for HTTP (issue 9), a route on the same Fastify
 * setup (hooks, request ids, response schema) that touches no database. Registered only when
 * the server runs with FLOWLANE_BENCH=1, as `npm run bench` starts it; never in production.
 */
export const benchRoutes: RouteModule = (app, ctx) => {
  if (!ctx.config.benchRoutes) return;
  app.get(
    '/bench/noop',
    { config: { public: true }, schema: { hide: true, response: { 200: NoopAnswer } } },
    async () => ({ data: { ok: true } }),
  );
};
