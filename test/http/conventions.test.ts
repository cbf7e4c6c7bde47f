import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganization } from '../../src/services/identity/organizations.js';
import { createMember } from '../../src/services/identity/users.js';
import { apiClient } from '../helpers/api.js';
import { createTestContext, type TestContext } from '../helpers/context.js';
import { createOrgWithAdmin, type TestOrg } from '../helpers/factories.js';

let t: TestContext;
let org: TestOrg;

beforeAll(async () => {
  t = await createTestContext();
  org = await createOrgWithAdmin(t.ctx, 'Alpha 00');
  // The admin belongs to 24 more organizations, so /me/organizations has 25 rows to page through.
  for (let i = 1; i < 25; i++) {
    const o = await createOrganization(t.ctx, { name: `Alpha ${String(i).padStart(2, '0')}` });
    await createMember(t.ctx, { organizationId: o.id, email: org.admin.email, role: 'standard' });
  }
});
afterAll(() => t.close());

describe('list envelope and pagination', () => {
  it('defaults to 10 per page with full-URL links', async () => {
    const res = await apiClient(t.app, org.admin.token).get('/me/organizations');
    expect(res.status).toBe(200);
    expect(res.body.data).toHaveLength(10);
    expect(res.body.meta.pagination).toEqual({
      total: 25,
      count: 10,
      per_page: 10,
      current_page: 1,
      total_pages: 3,
      has_more_pages: true,
      links: { next: 'http://localhost:80/me/organizations?page=2' },
    });
  });

  it('keeps the /api prefix, the query and PUBLIC_URL in links', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/me/organizations?per_page=5&page=2&q=Alpha',
      headers: { authorization: `Bearer ${org.admin.token}`, host: 'flow.example.com' },
    });
    const links = JSON.parse(res.body).meta.pagination.links;
    expect(links).toEqual({
      next: 'http://flow.example.com/api/me/organizations?per_page=5&page=3&q=Alpha',
      previous: 'http://flow.example.com/api/me/organizations?per_page=5&page=1&q=Alpha',
    });
    const withPublic = await createTestContext({ PUBLIC_URL: 'https://flow.example.com/' });
    try {
      const o = await createOrgWithAdmin(withPublic.ctx);
      for (let i = 0; i < 2; i++) {
        const extra = await createOrganization(withPublic.ctx, { name: `Extra ${i}` });
        await createMember(withPublic.ctx, { organizationId: extra.id, email: o.admin.email, role: 'light' });
      }
      const r = await apiClient(withPublic.app, o.admin.token).get('/api/me/organizations?per_page=1');
      expect(r.body.meta.pagination.links.next).toBe(
        'https://flow.example.com/api/me/organizations?per_page=1&page=2',
      );
    } finally {
      await withPublic.close();
    }
  });

  it('answers an empty page past the end, with the true totals', async () => {
    const res = await apiClient(t.app, org.admin.token).get('/me/organizations?page=9');
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual([]);
    expect(res.body.meta.pagination).toMatchObject({
      total: 25,
      count: 0,
      current_page: 9,
      total_pages: 3,
      has_more_pages: false,
    });
    expect(res.body.meta.pagination.links.previous).toContain('page=3');
  });

  it('takes limit as a synonym of per_page, and without_pagination=true', async () => {
    const limited = await apiClient(t.app, org.admin.token).get('/me/organizations?limit=7');
    expect(limited.body.data).toHaveLength(7);
    expect(limited.body.meta.pagination.per_page).toBe(7);
    const all = await apiClient(t.app, org.admin.token).get('/me/organizations?without_pagination=true');
    expect(all.body.data).toHaveLength(25);
    expect(all.body.meta.pagination).toMatchObject({
      total: 25,
      count: 25,
      total_pages: 1,
      has_more_pages: false,
    });
  });

  it.each(['per_page=0', 'per_page=101', 'per_page=abc', 'page=0', 'page=-1', 'limit=500'])(
    'answers 422 VALIDATION_FAILED for %s, naming the field',
    async (query) => {
      const res = await apiClient(t.app, org.admin.token).get(`/me/organizations?${query}`);
      expect(res.status).toBe(422);
      expect(res.body.error).toBe(true);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(Object.keys(res.body.errors)).toEqual([query.split('=')[0]]);
    },
  );

  it('pages in a stable order without repeats', async () => {
    const seen: string[] = [];
    for (let page = 1; page <= 3; page++) {
      const res = await apiClient(t.app, org.admin.token).get(`/me/organizations?page=${page}`);
      seen.push(...res.body.data.map((o: { name: string }) => o.name));
    }
    expect(seen).toHaveLength(25);
    expect(new Set(seen).size).toBe(25);
    expect(seen[0]).toBe('Alpha 00');
  });
});

describe('error bodies', () => {
  it('answers malformed JSON with 400 MALFORMED_JSON', async () => {
    const res = await t.app.inject({
      method: 'PUT',
      url: `/organizations/${org.orgId}`,
      headers: { authorization: `Bearer ${org.admin.token}`, 'content-type': 'application/json' },
      payload: '{"name": ',
    });
    expect(res.statusCode).toBe(400);
    expect(JSON.parse(res.body)).toEqual({
      error: true,
      code: 'MALFORMED_JSON',
      message: expect.any(String),
    });
  });

  it('treats an empty JSON body on DELETE or GET as no body', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/me',
      headers: { authorization: `Bearer ${org.admin.token}`, 'content-type': 'application/json' },
    });
    expect(res.statusCode).toBe(200);
  });

  it('answers an unknown route with a JSON 404', async () => {
    for (const url of ['/nowhere', '/api/nowhere']) {
      const res = await apiClient(t.app, org.admin.token).get(url);
      expect(res.status).toBe(404);
      expect(res.body).toMatchObject({ error: true, code: 'ROUTE_NOT_FOUND' });
    }
    const anonymous = await apiClient(t.app).get('/nowhere');
    expect(anonymous.status).toBe(404);
  });

  it('answers 413 PAYLOAD_TOO_LARGE for a body over the limit', async () => {
    const small = await createTestContext({ BODY_LIMIT_BYTES: '2048' });
    try {
      const o = await createOrgWithAdmin(small.ctx);
      const res = await apiClient(small.app, o.admin.token).put(`/organizations/${o.orgId}`, {
        description: 'x'.repeat(5000),
      });
      expect(res.status).toBe(413);
      expect(res.body.code).toBe('PAYLOAD_TOO_LARGE');
    } finally {
      await small.close();
    }
  });

  it('answers schema failures with 422 and field paths', async () => {
    const res = await apiClient(t.app, org.admin.token).put(`/organizations/${org.orgId}`, {
      name: '',
      description: { not: 'a string' },
    });
    expect(res.status).toBe(422);
    expect(res.body.message).toBe('The given data was invalid.');
    expect(Object.keys(res.body.errors).sort()).toEqual(['description', 'name']);
  });

  it('sends a request id on every response, reusing a sane incoming one', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/health', headers: { 'x-request-id': 'abc-123' } });
    expect(res.headers['x-request-id']).toBe('abc-123');
    const fresh = await t.app.inject({ method: 'GET', url: '/health' });
    expect(fresh.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('system routes', () => {
  it('answers /health with the database kind, without a token, at both prefixes', async () => {
    for (const url of ['/health', '/api/health']) {
      const res = await apiClient(t.app).get(url);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ status: 'ok', database: t.db.dialect });
    }
  });

  it('serves an OpenAPI 3 document built from the route schemas, and /docs', async () => {
    const res = await apiClient(t.app).get('/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toMatch(/^3\./);
    expect(res.body.paths['/organizations/{org}'].put.requestBody).toBeDefined();
    expect(res.body.paths['/me'].get.responses['200']).toBeDefined();
    const docs = await t.app.inject({ method: 'GET', url: '/docs/' });
    expect(docs.statusCode).toBe(200);
    expect(docs.headers['content-type']).toContain('text/html');
  });
});
