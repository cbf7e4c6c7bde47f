import { afterAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../helpers/context.js';

const contexts: TestContext[] = [];
afterAll(async () => {
  for (const t of contexts) await t.close();
});

async function app(env: Record<string, string>) {
  const t = await createTestContext(env);
  contexts.push(t);
  return t.app;
}

describe('GET /bench/noop', () => {
  it('answers 200 without a token when the server runs with FLOWLANE_BENCH=1', async () => {
    const res = await (await app({ FLOWLANE_BENCH: '1' })).inject({ method: 'GET', url: '/bench/noop' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ data: { ok: true } });
  });

  it('does not exist otherwise', async () => {
    const res = await (await app({})).inject({ method: 'GET', url: '/bench/noop' });
    expect(res.statusCode).toBe(404);
  });
});
