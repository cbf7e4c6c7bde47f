import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.js';
import { WEB_APP_CSP } from '../../src/http/plugins/web-app.js';
import type { App } from '../../src/http/types.js';
import { createTestContext, type TestContext } from '../helpers/context.js';

let t: TestContext;
let app: App;
let missing: App;
const dist = fs.mkdtempSync(path.join(os.tmpdir(), 'flowlane-web-'));
const INDEX = `<!doctype html><html><head><script type="module" src="/app/assets/index-abc123.js"></script></head><body><div id="root"></div>${' '.repeat(2000)}</body></html>`;
const SCRIPT = `console.log("app");${'/* padding */'.repeat(200)}`;

beforeAll(async () => {
  fs.mkdirSync(path.join(dist, 'assets'));
  fs.writeFileSync(path.join(dist, 'index.html'), INDEX);
  fs.writeFileSync(path.join(dist, 'assets', 'index-abc123.js'), SCRIPT);
  fs.writeFileSync(path.join(dist, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  t = await createTestContext();
  app = await buildApp({ ctx: t.ctx, webDistDir: dist });
  missing = await buildApp({ ctx: t.ctx, webDistDir: path.join(dist, 'nowhere') });
});
afterAll(async () => {
  await app.close();
  await missing.close();
  await t.close();
  fs.rmSync(dist, { recursive: true, force: true });
});

describe('the web app', () => {
  it('redirects / and /app to /app/', async () => {
    for (const url of ['/', '/app']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode).toBe(302);
      expect(res.headers.location).toBe('/app/');
    }
  });

  it('serves index.html for every app route, never cached, under the Content-Security-Policy', async () => {
    for (const url of [
      '/app/',
      '/app/some/deep/route?x=1',
      '/guest-all-task/0123456789abcdef0123456789abcdef/code',
      '/api/guest-all-task/a/b',
    ]) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(200);
      expect(res.body).toBe(INDEX);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.headers['content-security-policy']).toBe(WEB_APP_CSP);
    }
  });

  it('serves hashed assets with a year-long immutable cache, gzipped when asked', async () => {
    const plain = await app.inject({ method: 'GET', url: '/app/assets/index-abc123.js' });
    expect(plain.statusCode).toBe(200);
    expect(plain.body).toBe(SCRIPT);
    expect(plain.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const gz = await app.inject({
      method: 'GET',
      url: '/app/assets/index-abc123.js',
      headers: { 'accept-encoding': 'gzip, br' },
    });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.rawPayload).toString()).toBe(SCRIPT);
  });

  it('serves other build files with a short cache', async () => {
    const res = await app.inject({ method: 'GET', url: '/app/favicon.svg' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('image/svg+xml');
    expect(res.headers['cache-control']).toBe('public, max-age=3600');
  });

  it('answers 404 for an asset that is not in the build, and for a path that climbs out of it', async () => {
    for (const url of [
      '/app/assets/gone-123.js',
      '/app/assets/../../package.json',
      '/app/assets/%2e%2e/%2e%2e/package.json',
    ]) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(404);
      expect(res.body).not.toContain('flowlane');
    }
  });

  it('needs no token for the pages themselves', async () => {
    const res = await app.inject({ method: 'GET', url: '/app/tasks' });
    expect(res.statusCode).toBe(200);
  });

  it('answers 404 ROUTE_NOT_FOUND naming the build command when web/dist was not built', async () => {
    const res = await missing.inject({ method: 'GET', url: '/app/' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({
      code: 'ROUTE_NOT_FOUND',
      message: expect.stringContaining('npm run build:web'),
    });
  });

  it('keeps the pages out of the API route table and the OpenAPI document', async () => {
    expect(app.routeTable.some((r) => r.url.startsWith('/app') || r.url.startsWith('/guest-all-task'))).toBe(
      false,
    );
    const doc = (await app.inject({ method: 'GET', url: '/openapi.json' })).json();
    expect(Object.keys(doc.paths).some((p) => p.startsWith('/app') || p.startsWith('/guest-all-task'))).toBe(
      false,
    );
  });
});
