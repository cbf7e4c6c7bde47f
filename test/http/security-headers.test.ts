/**
 * Security headers on every answer (helmet), HSTS only behind an https PUBLIC_URL,
 * `Cache-Control: no-store` on authenticated answers, the file download's own headers kept,
 * the API docs still served, and the per-address limit of public routes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient } from '../helpers/api.js';
import { createTestContext, type TestContext } from '../helpers/context.js';
import { createOrgWithAdmin, type TestOrg } from '../helpers/factories.js';
import { createFileFixture, download, tempDataDir, uploadFile } from '../helpers/files.js';
import { guestCodeOf } from '../helpers/people.js';

const CSP =
  "default-src 'self';script-src 'self';style-src 'self' 'unsafe-inline';img-src 'self' data: blob:;font-src 'self' data:;connect-src 'self';frame-ancestors 'none';base-uri 'self';form-action 'self';object-src 'none'";

let t: TestContext;
let org: TestOrg;
let guestCode: string;

beforeAll(async () => {
  t = await createTestContext({
    DATA_DIR: tempDataDir(),
    TRUST_PROXY: 'true',
    PUBLIC_RATE_LIMIT_PER_MINUTE: '20',
  });
  org = await createOrgWithAdmin(t.ctx);
  const admin = apiClient(t.app, org.admin.token);
  await admin.post(`/organizations/${org.orgId}/guests`, { email: 'header-guest@example.com' });
  guestCode = await guestCodeOf(admin, org.orgId, 'header-guest@example.com');
});
afterAll(() => t.close());

const get = (url: string, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'GET', url, headers });

describe('security headers', () => {
  it('sends the content security policy, nosniff, frame denial and no referrer on every answer', async () => {
    for (const res of [
      await get('/health'),
      await get(`/organizations/${org.orgId}`, { authorization: `Bearer ${org.admin.token}` }),
      await get('/no/such/route'),
    ]) {
      expect(res.headers['content-security-policy']).toBe(CSP);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      expect(res.headers['strict-transport-security']).toBeUndefined();
    }
  });

  it('sends HSTS only when PUBLIC_URL is https', async () => {
    const https = await createTestContext({ PUBLIC_URL: 'https://flowlane.example.com' });
    try {
      const res = await https.app.inject({ method: 'GET', url: '/health' });
      expect(res.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    } finally {
      await https.close();
    }
  });

  it('marks authenticated answers, errors included, and guest answers no-store; public ones not', async () => {
    const auth = { authorization: `Bearer ${org.admin.token}` };
    expect((await get(`/organizations/${org.orgId}`, auth)).headers['cache-control']).toBe('no-store');
    expect(
      (await get(`/organizations/${org.orgId}/checklists/${'0'.repeat(32)}`, auth)).headers['cache-control'],
    ).toBe('no-store');
    expect((await get('/me', auth)).headers['cache-control']).toBe('no-store');
    const guest = await get(`/organizations/${org.orgId}/guests/${guestCode}/organization`);
    expect(guest.statusCode).toBe(200);
    expect(guest.headers['cache-control']).toBe('no-store');
    expect((await get('/health')).headers['cache-control']).toBeUndefined();
  });

  it("keeps the file download's own cache and sandbox headers", async () => {
    const fx = await createFileFixture(t.app, org.admin.token, org.orgId);
    const uploaded = await uploadFile(
      t.app,
      org.admin.token,
      `/organizations/${org.orgId}/file`,
      {
        subject_type: 'Run',
        subject_id: fx.processId,
        step_id: fx.stepId,
        uploaded_from: fx.fileFieldId,
        checklist_id: fx.templateId,
        source: 'local',
      },
      { filename: 'note.txt', content: Buffer.from('hello'), contentType: 'text/plain' },
    );
    expect(uploaded.status).toBe(200);
    const dl = await download(
      t.app,
      org.admin.token,
      `/organizations/${org.orgId}/file/${uploaded.body.data.id}/dl`,
    );
    expect(dl.status).toBe(200);
    expect(dl.headers['cache-control']).toBe('private, no-cache');
    expect(dl.headers['content-security-policy']).toBe("default-src 'none'; sandbox");
    expect(dl.headers['x-content-type-options']).toBe('nosniff');
  });

  it('still serves the API docs: a page whose scripts and styles all come from /docs itself', async () => {
    const page = await get('/docs/');
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.headers['content-security-policy']).toBe(CSP);
    const sources = [...page.body.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1] ?? '');
    expect(sources.length).toBeGreaterThan(3);
    // No inline script: the CSP allows none.
    expect(page.body).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    for (const source of sources) {
      expect(source.startsWith('http'), source).toBe(false);
      const asset = await get(new URL(source, 'http://x/docs/').pathname);
      expect(asset.statusCode, source).toBe(200);
    }
    expect((await get('/docs/json')).statusCode).toBe(200);
  });
});

describe('the per-address limit of public routes', () => {
  it('answers 429 TOO_MANY_REQUESTS with Retry-After past the limit, per address, and never to authenticated routes', async () => {
    const guestUrl = `/organizations/${org.orgId}/guests/${guestCode}/organization`;
    const from = (address: string) => get(guestUrl, { 'x-forwarded-for': address });
    const first = await Promise.all(Array.from({ length: 20 }, () => from('198.51.100.50')));
    expect(first.map((r) => r.statusCode)).toEqual(Array(20).fill(200));
    const over = await from('198.51.100.50');
    expect(over.statusCode).toBe(429);
    expect(JSON.parse(over.body).code).toBe('TOO_MANY_REQUESTS');
    expect(Number(over.headers['retry-after'])).toBeGreaterThan(0);
    // Wrong codes count too: they are the load this limit is for.
    const wrong = await get(`/organizations/${org.orgId}/guests/${'f'.repeat(64)}/organization`, {
      'x-forwarded-for': '198.51.100.50',
    });
    expect(wrong.statusCode).toBe(429);
    expect((await from('198.51.100.51')).statusCode).toBe(200);
    const authenticated = await Promise.all(
      Array.from({ length: 30 }, () =>
        get(`/organizations/${org.orgId}`, {
          authorization: `Bearer ${org.admin.token}`,
          'x-forwarded-for': '198.51.100.50',
        }),
      ),
    );
    expect(authenticated.map((r) => r.statusCode)).toEqual(Array(30).fill(200));
    // Health checks are not limited.
    const health = await Promise.all(
      Array.from({ length: 30 }, () => get('/health', { 'x-forwarded-for': '198.51.100.50' })),
    );
    expect(health.map((r) => r.statusCode)).toEqual(Array(30).fill(200));
    // Nor is the web app: a page load fetches its shell and a dozen script chunks.
    for (const url of ['/', '/app', '/app/', '/app/assets/none.js']) {
      const fresh = (await get(url, { 'x-forwarded-for': '198.51.100.52' })).statusCode;
      expect(fresh).not.toBe(429);
      const again = await Promise.all(
        Array.from({ length: 30 }, () => get(url, { 'x-forwarded-for': '198.51.100.50' })),
      );
      expect(again.map((r) => r.statusCode)).toEqual(Array(30).fill(fresh));
    }
  });
});
