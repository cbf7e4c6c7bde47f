import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient } from '../helpers/api.js';
import { createTestContext, type TestContext } from '../helpers/context.js';
import { addMember, createOrgWithAdmin, type TestOrg } from '../helpers/factories.js';

let t: TestContext;
let org: TestOrg;

beforeAll(async () => {
  t = await createTestContext();
  org = await createOrgWithAdmin(t.ctx);
});
afterAll(() => t.close());

const PASSWORD = 'correct horse battery staple';

async function signIn(email: string, password = PASSWORD, app = t.app) {
  const res = await app.inject({
    method: 'POST',
    url: '/session',
    headers: { 'content-type': 'application/json' },
    payload: JSON.stringify({ email, password }),
  });
  const header = res.headers['set-cookie'];
  const all = header === undefined ? [] : Array.isArray(header) ? header : [String(header)];
  const setCookie = all.find((c) => c.startsWith('flowlane_session=')) ?? '';
  const cookie = setCookie.split(';')[0] ?? '';
  return {
    res,
    setCookie,
    cookie,
    csrf: res.statusCode === 200 ? (res.json().data.csrf_token as string) : '',
  };
}

async function newMember() {
  return addMember(t.ctx, org.orgId, 'standard', { password: PASSWORD });
}

describe('browser sign-in', () => {
  it('sets an httpOnly SameSite=Lax session cookie, not Secure over plain HTTP, and answers a CSRF token', async () => {
    const member = await newMember();
    const { res, setCookie, csrf } = await signIn(member.email);
    expect(res.statusCode).toBe(200);
    expect(setCookie).toMatch(/^flowlane_session=fla_[\w-]+; Path=\/; HttpOnly; SameSite=Lax; Max-Age=\d+$/);
    expect(csrf).toMatch(/^[\w-]{43}$/);
    expect(res.body).not.toContain('fla_');
  });

  it('marks the cookie Secure when PUBLIC_URL is https', async () => {
    const secure = await createTestContext({ PUBLIC_URL: 'https://flow.example.com' });
    try {
      const o = await createOrgWithAdmin(secure.ctx);
      const member = await addMember(secure.ctx, o.orgId, 'standard', { password: PASSWORD });
      const { setCookie } = await signIn(member.email, PASSWORD, secure.app);
      expect(setCookie.split('; ')).toContain('Secure');
    } finally {
      await secure.close();
    }
  });

  it('authenticates API reads with the cookie alone', async () => {
    const member = await newMember();
    const { cookie } = await signIn(member.email);
    const res = await t.app.inject({
      method: 'GET',
      url: `/organizations/${org.orgId}/me/tasks`,
      headers: { cookie },
    });
    expect(res.statusCode).toBe(200);
    const me = await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie } });
    expect(me.json().data.email).toBe(member.email);
  });

  it("answers 404 to a session of one organization's member asking for another's", async () => {
    const member = await newMember();
    const other = await createOrgWithAdmin(t.ctx);
    const { cookie } = await signIn(member.email);
    const res = await t.app.inject({
      method: 'GET',
      url: `/organizations/${other.orgId}/me/tasks`,
      headers: { cookie },
    });
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('ORGANIZATION_NOT_FOUND');
  });

  it('answers GET /session with the member and the same CSRF token, for a page loaded later', async () => {
    const member = await newMember();
    const { cookie, csrf } = await signIn(member.email);
    const res = await t.app.inject({ method: 'GET', url: '/session', headers: { cookie } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ data: { user_id: member.userId, csrf_token: csrf } });
  });

  it('answers GET /session with nulls, not an error, when signed out, revoked or holding only a bearer token', async () => {
    const member = await newMember();
    const { cookie, csrf } = await signIn(member.email);
    await t.app.inject({ method: 'DELETE', url: '/session', headers: { cookie, 'x-csrf-token': csrf } });
    const signedOut = { data: { user_id: null, csrf_token: null } };
    for (const headers of [
      {},
      { cookie },
      { cookie: 'flowlane_session=fla_unknown' },
      { authorization: `Bearer ${org.admin.token}` },
    ]) {
      const res = await t.app.inject({ method: 'GET', url: '/session', headers });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual(signedOut);
    }
  });

  it('answers 403 CSRF_TOKEN_MISMATCH to a cookie-authenticated write without the header or with another session’s', async () => {
    const member = await newMember();
    const other = await signIn((await newMember()).email);
    const { cookie } = await signIn(member.email);
    const url = `/organizations/${org.orgId}/tasks`;
    const payload = JSON.stringify({
      title: 'From a forged form',
      task_type: 'task',
      deadline: '2025-01-09 17:00:00',
      owners: { users: [member.userId] },
    });
    for (const headers of [{}, { 'x-csrf-token': other.csrf }, { 'x-csrf-token': '' }]) {
      const res = await t.app.inject({
        method: 'POST',
        url,
        headers: { cookie, 'content-type': 'application/json', ...headers },
        payload,
      });
      expect(res.statusCode).toBe(403);
      expect(res.json().code).toBe('CSRF_TOKEN_MISMATCH');
    }
    const list = await apiClient(t.app, member.token).get(`/organizations/${org.orgId}/me/tasks?q=forged`);
    expect(list.body.data).toEqual([]);
  });

  it('accepts a cookie-authenticated write that carries the session’s CSRF token', async () => {
    const member = await newMember();
    const { cookie, csrf } = await signIn(member.email);
    const res = await t.app.inject({
      method: 'POST',
      url: `/organizations/${org.orgId}/tasks`,
      headers: { cookie, 'content-type': 'application/json', 'x-csrf-token': csrf },
      payload: JSON.stringify({
        title: 'Written from the app',
        task_type: 'task',
        deadline: '2025-01-09 17:00:00',
        owners: { users: [member.userId] },
      }),
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().data.title).toBe('Written from the app');
  });

  it('leaves bearer clients unaffected: no CSRF header needed, and a stray cookie is ignored', async () => {
    const member = await newMember();
    const { cookie } = await signIn(member.email);
    const res = await t.app.inject({
      method: 'POST',
      url: `/organizations/${org.orgId}/tasks`,
      headers: { cookie, authorization: `Bearer ${org.admin.token}`, 'content-type': 'application/json' },
      payload: JSON.stringify({
        title: 'By the admin',
        task_type: 'task',
        deadline: '2025-01-09 17:00:00',
        owners: { users: [member.userId] },
      }),
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().data.owner_id).toBe(org.admin.userId);
  });

  it('revokes the session on sign-out: the same cookie answers 401 TOKEN_REVOKED afterwards', async () => {
    const member = await newMember();
    const { cookie, csrf } = await signIn(member.email);
    const out = await t.app.inject({
      method: 'DELETE',
      url: '/session',
      headers: { cookie, 'x-csrf-token': csrf },
    });
    expect(out.statusCode).toBe(204);
    expect(String(out.headers['set-cookie'])).toMatch(
      /^flowlane_session=; Path=\/; HttpOnly; SameSite=Lax; Max-Age=0$/,
    );
    const after = await t.app.inject({ method: 'GET', url: '/me', headers: { cookie } });
    expect(after.statusCode).toBe(401);
    expect(after.json().code).toBe('TOKEN_REVOKED');
  });

  it('keeps no usable refresh token for a browser session', async () => {
    const member = await newMember();
    await signIn(member.email);
    const rows = await t.db.kysely
      .selectFrom('access_tokens')
      .select(['kind', 'revoked_at'])
      .where('user_id', '=', member.userId)
      .where('kind', '=', 'refresh')
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]?.revoked_at).not.toBeNull();
  });

  it('answers 400 INVALID_GRANT for a wrong password and sets no cookie', async () => {
    const member = await newMember();
    const { res, setCookie } = await signIn(member.email, 'wrong password');
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('INVALID_GRANT');
    expect(setCookie).toBe('');
  });

  it('applies the login throttle of the password grant: 429 TOO_MANY_ATTEMPTS after five failures', async () => {
    const member = await newMember();
    for (let i = 0; i < 5; i++) expect((await signIn(member.email, 'nope')).res.statusCode).toBe(400);
    const { res, setCookie } = await signIn(member.email);
    expect(res.statusCode).toBe(429);
    expect(res.json().code).toBe('TOO_MANY_ATTEMPTS');
    expect(setCookie).toBe('');
  });

  it('answers 400 UNSUPPORTED_MEDIA_TYPE to a form-encoded sign-in, so a cross-site form cannot sign a browser in', async () => {
    const member = await newMember();
    const res = await t.app.inject({
      method: 'POST',
      url: '/session',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `email=${encodeURIComponent(member.email)}&password=${encodeURIComponent(PASSWORD)}`,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(res.headers['set-cookie']).toBeUndefined();
  });
});
