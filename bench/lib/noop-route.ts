import { Type } from 'typebox';
import type { RouteModule } from '../../src/http/types.js';

const NoopAnswer = Type.Object({ data: Type.Object({ ok: Type.Boolean() }) });

const MemoryAnswer = Type.Object({
  data: Type.Object({
    pid: Type.Integer(),
    rss: Type.Integer(),
    heap_total: Type.Integer(),
    heap_used: Type.Integer(),
    external: Type.Integer(),
    array_buffers: Type.Integer(),
  }),
});

/**
 * `GET /bench/noop`: the benchmark's ceiling for HTTP, a route on the same Fastify setup
 * (hooks, request ids, response schema) that touches no database. `GET /bench/memory`: the
 * answering process's memory as Node counts it (bytes), so the bench can say where the peak
 * RSS goes: the V8 heap, memory outside it that V8 knows of (buffers), and the rest (SQLite's
 * page cache and statements, code, stacks). Only the benchmark's own server (bench/serve.ts)
 * registers them; the product never serves them.
 */
export const benchNoopRoute: RouteModule = (app) => {
  app.get(
    '/bench/noop',
    { config: { public: true }, schema: { hide: true, response: { 200: NoopAnswer } } },
    async () => ({ data: { ok: true } }),
  );
  app.get(
    '/bench/memory',
    { config: { public: true }, schema: { hide: true, response: { 200: MemoryAnswer } } },
    async () => {
      const m = process.memoryUsage();
      return {
        data: {
          pid: process.pid,
          rss: m.rss,
          heap_total: m.heapTotal,
          heap_used: m.heapUsed,
          external: m.external,
          array_buffers: m.arrayBuffers,
        },
      };
    },
  );
};
