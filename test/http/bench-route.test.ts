import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { benchNoopRoute } from '../../bench/lib/noop-route.js';
import { buildApp } from '../../src/http/app.js';
import type { App } from '../../src/http/types.js';
import { createTestContext, type TestContext } from '../helpers/context.js';

let t: TestContext;
let benchApp: App;
beforeAll(async () => {
  t = await createTestContext();
  // What bench/serve.ts asks startServer for: the product's app with the trivial route added.
  benchApp = await buildApp({ ctx: t.ctx });
  benchNoopRoute(benchApp, t.ctx);
  await benchApp.ready();
});
afterAll(async () => {
  await benchApp.close();
  await t.close();
});

describe('GET /bench/noop', () => {
  it("answers 200 without a token on the benchmark's server", async () => {
    const res = await benchApp.inject({ method: 'GET', url: '/bench/noop' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ data: { ok: true } });
  });

  it('does not exist in the product', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/bench/noop' });
    expect(res.statusCode).toBe(404);
  });
});
