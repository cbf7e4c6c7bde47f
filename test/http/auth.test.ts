import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { revokeTokensOfUser } from '../../src/db/repositories/tokens-repository.js';
import { apiClient } from '../helpers/api.js';
import { createTestContext, type TestContext } from '../helpers/context.js';
import { addMember, createOrgWithAdmin, type TestOrg } from '../helpers/factories.js';

let t: TestContext;
let org: TestOrg;
let other: TestOrg;

beforeAll(async () => {
  t = await createTestContext();
  org = await createOrgWithAdmin(t.ctx);
  other = await createOrgWithAdmin(t.ctx);
});
afterAll(() => t.close());

describe('bearer tokens', () => {
  it('answers 401 UNAUTHENTICATED when the Authorization header is missing', async () => {
    const res = await apiClient(t.app).get('/me');
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ error: true, code: 'UNAUTHENTICATED', message: expect.any(String) });
  });

  it('answers 401 for a token that does not exist or is not a bearer', async () => {
    expect((await apiClient(t.app, 'flp_nope').get('/me')).status).toBe(401);
    const res = await t.app.inject({
      method: 'GET',
      url: '/me',
      headers: { authorization: `Basic ${org.admin.token}` },
    });
    expect(res.statusCode).toBe(401);
  });

  it('answers /me with the integer user id, at the root and under /api', async () => {
    for (const url of ['/me', '/api/me']) {
      const res = await apiClient(t.app, org.admin.token).get(url);
      expect(res.status).toBe(200);
      expect(res.body.data).toMatchObject({ id: org.admin.userId, email: org.admin.email });
      expect(Number.isInteger(res.body.data.id)).toBe(true);
    }
  });

  it('answers 401 TOKEN_EXPIRED once the token has expired', async () => {
    const member = await addMember(t.ctx, org.orgId, 'standard');
    t.clock.advance(t.ctx.config.accessTokenTtlSeconds * 1000 + 1000);
    try {
      const res = await apiClient(t.app, member.token).get('/me');
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('TOKEN_EXPIRED');
    } finally {
      t.clock.advance(-(t.ctx.config.accessTokenTtlSeconds * 1000 + 1000));
    }
  });

  it('answers 401 TOKEN_REVOKED for a revoked token', async () => {
    const member = await addMember(t.ctx, org.orgId, 'standard');
    await revokeTokensOfUser(t.ctx.db.kysely, member.userId, t.clock.now().toISOString());
    const res = await apiClient(t.app, member.token).get('/me');
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('TOKEN_REVOKED');
  });

  it("answers 404 for another organization's data, never the data", async () => {
    const res = await apiClient(t.app, org.admin.token).get(`/organizations/${other.orgId}`);
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('ORGANIZATION_NOT_FOUND');
    expect(JSON.stringify(res.body)).not.toContain(other.orgId);
    const put = await apiClient(t.app, org.admin.token).put(`/organizations/${other.orgId}`, {
      name: 'Taken',
    });
    expect(put.status).toBe(404);
    const still = await apiClient(t.app, other.admin.token).get(`/organizations/${other.orgId}`);
    expect(still.body.data.name).not.toBe('Taken');
  });

  it('answers 404 for a malformed organization id', async () => {
    const res = await apiClient(t.app, org.admin.token).get('/organizations/not-an-id');
    expect(res.status).toBe(404);
  });

  it('accepts any X-Tallyfy-Client value, or none', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/me',
      headers: { authorization: `Bearer ${org.admin.token}`, 'x-tallyfy-client': 'TallyfySDK' },
    });
    expect(res.statusCode).toBe(200);
  });
});

describe('POST /oauth/token', () => {
  const password = 'correct horse battery';
  let email: string;

  beforeAll(async () => {
    const member = await addMember(t.ctx, org.orgId, 'standard', { password });
    email = member.email;
  });

  it('issues a bearer token and refresh token for the password grant (JSON)', async () => {
    const res = await apiClient(t.app).post('/oauth/token', {
      grant_type: 'password',
      username: email,
      password,
      client_id: 1,
      client_secret: 'x',
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      token_type: 'Bearer',
      access_token: expect.any(String),
      refresh_token: expect.any(String),
      expires_in: t.ctx.config.accessTokenTtlSeconds,
    });
    const me = await apiClient(t.app, res.body.access_token).get('/me');
    expect(me.body.data.email).toBe(email);
  });

  it('accepts form-encoded and multipart bodies, as OAuth clients send them', async () => {
    const form = await t.app.inject({
      method: 'POST',
      url: '/api/oauth/token',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ grant_type: 'password', username: email, password }).toString(),
    });
    expect(form.statusCode).toBe(200);
    const boundary = 'XyZ';
    const parts = Object.entries({ grant_type: 'password', username: email, password })
      .map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`)
      .join('');
    const multi = await t.app.inject({
      method: 'POST',
      url: '/oauth/token',
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: `${parts}--${boundary}--\r\n`,
    });
    expect(multi.statusCode).toBe(200);
    expect(JSON.parse(multi.body).token_type).toBe('Bearer');
  });

  it('rotates refresh tokens: a used one is refused', async () => {
    const first = await apiClient(t.app).post('/oauth/token', {
      grant_type: 'password',
      username: email,
      password,
    });
    const refreshed = await apiClient(t.app).post('/oauth/token', {
      grant_type: 'refresh_token',
      refresh_token: first.body.refresh_token,
    });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.access_token).not.toBe(first.body.access_token);
    const again = await apiClient(t.app).post('/oauth/token', {
      grant_type: 'refresh_token',
      refresh_token: first.body.refresh_token,
    });
    expect(again.status).toBe(400);
    expect(again.body.code).toBe('INVALID_GRANT');
    // A refresh token is not an access token.
    expect((await apiClient(t.app, refreshed.body.refresh_token).get('/me')).status).toBe(401);
  });

  it('answers 400 UNSUPPORTED_GRANT_TYPE and 422 for missing credentials', async () => {
    const grant = await apiClient(t.app).post('/oauth/token', { grant_type: 'client_magic' });
    expect(grant.status).toBe(400);
    expect(grant.body.code).toBe('UNSUPPORTED_GRANT_TYPE');
    const missing = await apiClient(t.app).post('/oauth/token', { grant_type: 'password' });
    expect(missing.status).toBe(422);
    expect(Object.keys(missing.body.errors)).toEqual(['username', 'password']);
  });

  it('throttles failed logins per account with 429 and Retry-After', async () => {
    const victim = await addMember(t.ctx, org.orgId, 'light', { password });
    for (let i = 0; i < 5; i++) {
      const res = await apiClient(t.app).post('/oauth/token', {
        grant_type: 'password',
        username: victim.email,
        password: 'wrong password',
      });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('INVALID_GRANT');
    }
    const blocked = await apiClient(t.app).post('/oauth/token', {
      grant_type: 'password',
      username: victim.email,
      password,
    });
    expect(blocked.status).toBe(429);
    expect(blocked.body.code).toBe('TOO_MANY_ATTEMPTS');
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    // Another account from the same address is not blocked yet.
    const ok = await apiClient(t.app).post('/oauth/token', {
      grant_type: 'password',
      username: email,
      password,
    });
    expect(ok.status).toBe(200);
    // After the window the account may try again.
    t.clock.advance(16 * 60 * 1000);
    const later = await apiClient(t.app).post('/oauth/token', {
      grant_type: 'password',
      username: victim.email,
      password,
    });
    expect(later.status).toBe(200);
  });

  it('throttles failed logins per address across accounts', async () => {
    for (let i = 0; i < 20; i++) {
      await apiClient(t.app).post('/oauth/token', {
        grant_type: 'password',
        username: `nobody-${i}@example.com`,
        password: 'whatever1',
      });
    }
    const res = await apiClient(t.app).post('/oauth/token', {
      grant_type: 'password',
      username: email,
      password,
    });
    expect(res.status).toBe(429);
    expect(res.headers['retry-after']).toBeDefined();
    t.clock.advance(16 * 60 * 1000);
  });
});
