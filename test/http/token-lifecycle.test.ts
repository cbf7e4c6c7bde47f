/**
 * Tokens end when they should: no token for an account without an active membership, a
 * disabled membership cuts that organization only, a refresh ends the access token it
 * replaces. Each is recorded as a security event.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient } from '../helpers/api.js';
import { createTestContext, type TestContext } from '../helpers/context.js';
import { addMember, createOrgWithAdmin, type TestOrg } from '../helpers/factories.js';

let t: TestContext;
let a: TestOrg;
let b: TestOrg;
const password = 'lifecycle password';

beforeAll(async () => {
  t = await createTestContext();
  a = await createOrgWithAdmin(t.ctx);
  b = await createOrgWithAdmin(t.ctx);
});
afterAll(() => t.close());

const grant = (body: Record<string, string>) => apiClient(t.app).post('/oauth/token', body);
const passwordGrant = (email: string) => grant({ grant_type: 'password', username: email, password });

async function joinB(email: string) {
  const invited = await apiClient(t.app, b.admin.token).post(`/organizations/${b.orgId}/users/invite`, {
    email,
  });
  expect(invited.status).toBe(200);
  await t.db.kysely
    .updateTable('memberships')
    .set({ status: 'active' })
    .where('organization_id', '=', b.orgId)
    .where('user_id', '=', invited.body.data.id)
    .execute();
}

describe('tokens', () => {
  it('refuses the password grant (400 NO_ACTIVE_MEMBERSHIP) to a member disabled in their only organization', async () => {
    const member = await addMember(t.ctx, a.orgId, 'standard', { password });
    const disabled = await apiClient(t.app, a.admin.token).delete(
      `/organizations/${a.orgId}/users/${member.userId}/disable`,
    );
    expect(disabled.status).toBe(200);
    const res = await passwordGrant(member.email);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('NO_ACTIVE_MEMBERSHIP');
    // Their tokens went with their last membership.
    expect((await apiClient(t.app, member.token).get('/me')).status).toBe(401);
    const revoked = await t.db.kysely
      .selectFrom('security_events')
      .select(['event', 'outcome', 'client_address'])
      .where('user_id', '=', member.userId)
      .where('event', '=', 'token_revoked')
      .execute();
    expect(revoked).toEqual([{ event: 'token_revoked', outcome: 'succeeded', client_address: null }]);
  });

  it('disabling a member in organization B cuts B only: their token still works in A', async () => {
    const member = await addMember(t.ctx, a.orgId, 'standard', { password });
    await joinB(member.email);
    const api = apiClient(t.app, member.token);
    expect((await api.get(`/organizations/${b.orgId}`)).status).toBe(200);
    const disabled = await apiClient(t.app, b.admin.token).delete(
      `/organizations/${b.orgId}/users/${member.userId}/disable`,
    );
    expect(disabled.status).toBe(200);
    expect((await api.get(`/organizations/${b.orgId}`)).status).toBe(404);
    expect((await api.get(`/organizations/${a.orgId}`)).status).toBe(200);
    expect((await passwordGrant(member.email)).status).toBe(200);
  });

  it('revokes the access token a refresh replaces, and records issue and refresh', async () => {
    const member = await addMember(t.ctx, a.orgId, 'light', { password });
    const first = await passwordGrant(member.email);
    expect(first.status).toBe(200);
    expect((await apiClient(t.app, first.body.access_token).get('/me')).status).toBe(200);
    const refreshed = await grant({ grant_type: 'refresh_token', refresh_token: first.body.refresh_token });
    expect(refreshed.status).toBe(200);
    const old = await apiClient(t.app, first.body.access_token).get('/me');
    expect(old.status).toBe(401);
    expect(old.body.code).toBe('TOKEN_REVOKED');
    expect((await apiClient(t.app, refreshed.body.access_token).get('/me')).status).toBe(200);
    const events = await t.db.kysely
      .selectFrom('security_events')
      .select(['event', 'outcome'])
      .where('user_id', '=', member.userId)
      .orderBy('id')
      .execute();
    expect(events).toEqual([
      { event: 'sign_in', outcome: 'succeeded' },
      { event: 'token_issued', outcome: 'succeeded' },
      { event: 'token_refreshed', outcome: 'succeeded' },
    ]);
  });

  it('lets only one of two simultaneous refreshes with the same token through', async () => {
    const member = await addMember(t.ctx, a.orgId, 'light', { password });
    const first = await passwordGrant(member.email);
    const both = await Promise.all(
      [1, 2].map(() => grant({ grant_type: 'refresh_token', refresh_token: first.body.refresh_token })),
    );
    expect(both.map((r) => r.status).sort()).toEqual([200, 400]);
  });

  it('refuses a refresh (400 NO_ACTIVE_MEMBERSHIP) once the account has no active membership', async () => {
    const member = await addMember(t.ctx, a.orgId, 'light', { password });
    const first = await passwordGrant(member.email);
    await t.db.kysely
      .updateTable('memberships')
      .set({ status: 'disabled' })
      .where('user_id', '=', member.userId)
      .execute();
    const res = await grant({ grant_type: 'refresh_token', refresh_token: first.body.refresh_token });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('NO_ACTIVE_MEMBERSHIP');
  });

  it('answers 422 for token fields sent as objects or arrays, and 400 for multipart without a boundary', async () => {
    for (const value of [{ a: 1 }, ['x'], 12]) {
      const res = await grant({ grant_type: 'password', username: value, password: 'x' } as never);
      expect(res.status, JSON.stringify(value)).toBe(422);
      expect(res.body.errors).toHaveProperty('username');
    }
    const multipart = await t.app.inject({
      method: 'POST',
      url: '/oauth/token',
      headers: { 'content-type': 'multipart/form-data' },
      payload: 'grant_type=password',
    });
    expect(multipart.statusCode).toBe(400);
    expect(JSON.parse(multipart.body).code).toBe('MALFORMED_MULTIPART');
  });
});
