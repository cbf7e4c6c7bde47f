import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashSecret } from '../../src/domain/tokens.js';
import { apiClient } from '../helpers/api.js';
import { createTestContext, type TestContext } from '../helpers/context.js';
import { addMember, createOrgWithAdmin, type TestOrg } from '../helpers/factories.js';

let t: TestContext;
let org: TestOrg;

beforeAll(async () => {
  t = await createTestContext();
  org = await createOrgWithAdmin(t.ctx, 'Tokens Inc');
});
afterAll(() => t.close());

const tokens = (orgId = org.orgId) => `/organizations/${orgId}/me/api-tokens`;

async function member(role: 'admin' | 'standard' | 'light' = 'standard') {
  return addMember(t.ctx, org.orgId, role);
}

async function create(token: string, name: string) {
  const res = await apiClient(t.app, token).post(tokens(), { name });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.data as {
    id: string;
    name: string;
    access_token: string;
    created_at: string;
    expires_at: string;
  };
}

describe('personal API tokens: /organizations/{org}/me/api-tokens', () => {
  it('creates a token whose secret is answered once, works as a bearer token and is stored only hashed', async () => {
    const m = await member('light');
    const created = await create(m.token, 'Zapier');
    expect(created).toMatchObject({ name: 'Zapier', token_type: 'Bearer', last_used_at: null });
    expect(created.access_token).toMatch(/^flp_[\w-]{43}$/);
    expect(created.created_at).toBe(t.clock.now().toISOString());

    const row = await t.db.kysely
      .selectFrom('access_tokens')
      .selectAll()
      .where('id', '=', created.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ user_id: m.userId, kind: 'personal', name: 'Zapier', revoked_at: null });
    expect(row.token_hash).toBe(hashSecret(created.access_token));
    expect(JSON.stringify(row)).not.toContain(created.access_token);

    const me = await apiClient(t.app, created.access_token).get(`/organizations/${org.orgId}/me`);
    expect(me.status).toBe(200);
    expect(me.body.data.id).toBe(m.userId);
  });

  it('lists the live personal tokens newest first without any secret', async () => {
    const m = await member();
    const first = await create(m.token, 'First');
    t.clock.advance(1_000);
    const second = await create(m.token, 'Second');
    const res = await apiClient(t.app, m.token).get(tokens());
    expect(res.status).toBe(200);
    const mine = res.body.data.filter((x: { id: string }) => [first.id, second.id].includes(x.id));
    expect(mine.map((x: { name: string }) => x.name)).toEqual(['Second', 'First']);
    for (const item of res.body.data)
      expect(Object.keys(item).sort()).toEqual(['created_at', 'expires_at', 'id', 'last_used_at', 'name']);
    const text = JSON.stringify(res.body);
    expect(text).not.toContain(first.access_token);
    expect(text).not.toContain(second.access_token);
  });

  it('lists neither session tokens nor tokens of other members', async () => {
    const password = 'a long enough password';
    const m = await addMember(t.ctx, org.orgId, 'standard', { password });
    const other = await member();
    const theirs = await create(other.token, 'Not yours');
    const signedIn = await apiClient(t.app).post('/oauth/token', {
      grant_type: 'password',
      username: m.email,
      password,
    });
    expect(signedIn.status).toBe(200);
    const own = await t.db.kysely
      .selectFrom('access_tokens')
      .select(['id', 'kind'])
      .where('user_id', '=', m.userId)
      .execute();
    expect(own.some((r) => r.kind === 'access')).toBe(true);
    const res = await apiClient(t.app, m.token).get(tokens());
    expect(res.status).toBe(200);
    const ids = res.body.data.map((x: { id: string }) => x.id);
    expect(ids).not.toContain(theirs.id);
    // Only the member's personal token (the factory's) is listed; the signed-in session's are not.
    expect(ids.sort()).toEqual(
      own
        .filter((r) => r.kind === 'personal')
        .map((r) => r.id)
        .sort(),
    );
  });

  it('records the token last used once it is used', async () => {
    const m = await member();
    const created = await create(m.token, 'Script');
    t.clock.advance(5_000);
    const usedAt = t.clock.now().toISOString();
    expect((await apiClient(t.app, created.access_token).get(`/organizations/${org.orgId}/me`)).status).toBe(
      200,
    );
    const res = await apiClient(t.app, m.token).get(tokens());
    const listed = res.body.data.find((x: { id: string }) => x.id === created.id);
    expect(listed.last_used_at).toBe(usedAt);
  });

  it('revokes a token: 204, it answers 401 TOKEN_REVOKED at once and leaves the list', async () => {
    const m = await member();
    const created = await create(m.token, 'Old script');
    const res = await apiClient(t.app, m.token).delete(`${tokens()}/${created.id}`);
    expect(res.status).toBe(204);
    const after = await apiClient(t.app, created.access_token).get(`/organizations/${org.orgId}/me`);
    expect(after.status).toBe(401);
    expect(after.body.code).toBe('TOKEN_REVOKED');
    const list = await apiClient(t.app, m.token).get(tokens());
    expect(list.body.data.map((x: { id: string }) => x.id)).not.toContain(created.id);
    const again = await apiClient(t.app, m.token).delete(`${tokens()}/${created.id}`);
    expect(again.status).toBe(404);
    expect(again.body.code).toBe('API_TOKEN_NOT_FOUND');
  });

  it('answers 404 API_TOKEN_NOT_FOUND for another member’s token and leaves it working', async () => {
    const m = await member();
    const admin = org.admin;
    const theirs = await create(m.token, 'Theirs');
    const res = await apiClient(t.app, admin.token).delete(`${tokens()}/${theirs.id}`);
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('API_TOKEN_NOT_FOUND');
    expect((await apiClient(t.app, theirs.access_token).get(`/organizations/${org.orgId}/me`)).status).toBe(
      200,
    );
  });

  it('answers 404 API_TOKEN_NOT_FOUND for a session token of the caller (only personal tokens are managed here)', async () => {
    const password = 'a long enough password';
    const m = await addMember(t.ctx, org.orgId, 'standard', { password });
    const signedIn = await apiClient(t.app).post('/oauth/token', {
      grant_type: 'password',
      username: m.email,
      password,
    });
    expect(signedIn.status).toBe(200);
    const session = await t.db.kysely
      .selectFrom('access_tokens')
      .select('id')
      .where('user_id', '=', m.userId)
      .where('kind', '=', 'access')
      .executeTakeFirstOrThrow();
    const res = await apiClient(t.app, m.token).delete(`${tokens()}/${session.id}`);
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('API_TOKEN_NOT_FOUND');
  });

  it('answers 404 API_TOKEN_NOT_FOUND for an id that is not a token id', async () => {
    const res = await apiClient(t.app, org.admin.token).delete(`${tokens()}/not-an-id`);
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('API_TOKEN_NOT_FOUND');
  });

  it('answers 422 with the message at name for an empty, blank or too long name', async () => {
    const api = apiClient(t.app, org.admin.token);
    for (const name of ['', '   ', 'x'.repeat(101)]) {
      const res = await api.post(tokens(), { name });
      expect(res.status, name).toBe(422);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(Object.keys(res.body.errors)).toEqual(['name']);
    }
    const missing = await api.post(tokens(), {});
    expect(missing.status).toBe(422);
    expect(missing.body.code).toBe('VALIDATION_FAILED');
  });

  it('records activity with old and new values and security events for creation and revocation', async () => {
    const m = await member();
    const created = await create(m.token, 'Audited');
    await apiClient(t.app, m.token).delete(`${tokens()}/${created.id}`);
    const rows = await t.db.kysely
      .selectFrom('activities')
      .select(['action', 'old_value', 'new_value'])
      .where('organization_id', '=', org.orgId)
      .where('object_id', '=', String(m.userId))
      .where('action', 'in', ['api_token_created', 'api_token_revoked'])
      .orderBy('id')
      .execute();
    const parse = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v);
    expect(rows.map((r) => [r.action, parse(r.old_value), parse(r.new_value)])).toEqual([
      ['api_token_created', null, { id: created.id, name: 'Audited' }],
      ['api_token_revoked', { id: created.id, name: 'Audited' }, null],
    ]);
    const events = await t.db.kysely
      .selectFrom('security_events')
      .select(['event', 'outcome'])
      .where('user_id', '=', m.userId)
      .orderBy('id')
      .execute();
    expect(events).toEqual([
      { event: 'token_issued', outcome: 'succeeded' },
      { event: 'token_revoked', outcome: 'succeeded' },
    ]);
  });

  it('answers 404 ORGANIZATION_NOT_FOUND in an organization the caller is not a member of', async () => {
    const elsewhere = await createOrgWithAdmin(t.ctx, 'Elsewhere');
    const res = await apiClient(t.app, org.admin.token).get(tokens(elsewhere.orgId));
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('ORGANIZATION_NOT_FOUND');
  });

  it('answers 401 without a token', async () => {
    const res = await apiClient(t.app).get(tokens());
    expect(res.status).toBe(401);
  });
});
