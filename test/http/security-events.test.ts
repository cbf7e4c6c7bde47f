/**
 * `GET /organizations/{org}/security-events`: what happened to the organization's members'
 * credentials, newest first, paginated, for administrators only, and written to the log.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient } from '../helpers/api.js';
import { createTestContext, type TestContext } from '../helpers/context.js';
import { addMember, createOrgWithAdmin, type TestOrg } from '../helpers/factories.js';

let t: TestContext;
let a: TestOrg;
let b: TestOrg;
const password = 'events password';
const logged: { level: string; obj: any }[] = [];

beforeAll(async () => {
  t = await createTestContext({ TRUST_PROXY: 'true' });
  t.ctx.log = {
    info: (obj, _msg) => logged.push({ level: 'info', obj }),
    warn: (obj, _msg) => logged.push({ level: 'warn', obj }),
  };
  a = await createOrgWithAdmin(t.ctx);
  b = await createOrgWithAdmin(t.ctx);
});
afterAll(() => t.close());

const signIn = (email: string, pass: string, address: string) =>
  t.app.inject({
    method: 'POST',
    url: '/oauth/token',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
    payload: JSON.stringify({ grant_type: 'password', username: email, password: pass }),
  });

const events = (org: TestOrg, query = '') =>
  apiClient(t.app, org.admin.token).get(`/organizations/${org.orgId}/security-events${query}`);

describe('security events', () => {
  it("lists the organization's members' sign-ins, tokens and lockouts, newest first, with address and time", async () => {
    const member = await addMember(t.ctx, a.orgId, 'standard', { password });
    expect((await signIn(member.email, 'wrong one', '203.0.113.30')).statusCode).toBe(400);
    t.clock.advance(1000);
    expect((await signIn(member.email, password, '203.0.113.31')).statusCode).toBe(200);
    const res = await events(a);
    expect(res.status).toBe(200);
    const mine = res.body.data.filter((e: { user_id: number }) => e.user_id === member.userId);
    expect(mine).toEqual([
      {
        id: expect.any(Number),
        user_id: member.userId,
        event: 'token_issued',
        outcome: 'succeeded',
        client_address: '203.0.113.31',
        created_at: '2025-01-06T09:00:01.000Z',
      },
      expect.objectContaining({ event: 'sign_in', outcome: 'succeeded', client_address: '203.0.113.31' }),
      expect.objectContaining({
        event: 'sign_in',
        outcome: 'failed',
        client_address: '203.0.113.30',
        created_at: '2025-01-06T09:00:00.000Z',
      }),
    ]);
    expect(mine[0].id).toBeGreaterThan(mine[1].id);
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('pages like every list', async () => {
    const member = await addMember(t.ctx, a.orgId, 'light', { password });
    for (let i = 0; i < 3; i++) await signIn(member.email, 'wrong', '203.0.113.32');
    const first = await events(a, '?per_page=2');
    expect(first.body.data).toHaveLength(2);
    expect(first.body.meta.pagination).toMatchObject({ per_page: 2, current_page: 1, has_more_pages: true });
    const total = first.body.meta.pagination.total;
    const last = await events(a, `?per_page=2&page=${Math.ceil(total / 2)}`);
    expect(last.body.data.length).toBe(total % 2 === 0 ? 2 : 1);
    expect((await events(a, '?page=2147483647')).body.data).toEqual([]);
    expect((await events(a, '?page=2147483648')).status).toBe(422);
  });

  it("shows organization A nothing of B's members, and B's admin nothing of A's", async () => {
    const onlyB = await addMember(t.ctx, b.orgId, 'standard', { password });
    await signIn(onlyB.email, password, '203.0.113.33');
    const seenByA = (await events(a, '?without_pagination=true')).body.data.map(
      (e: { user_id: number }) => e.user_id,
    );
    expect(seenByA).not.toContain(onlyB.userId);
    const seenByB = (await events(b, '?without_pagination=true')).body.data.map(
      (e: { user_id: number }) => e.user_id,
    );
    expect(seenByB).toContain(onlyB.userId);
    const aMembers = await t.db.kysely
      .selectFrom('memberships')
      .select('user_id')
      .where('organization_id', '=', a.orgId)
      .execute();
    for (const { user_id } of aMembers) expect(seenByB).not.toContain(user_id);
  });

  it('answers 403 ADMIN_ONLY to a standard member', async () => {
    const standard = await addMember(t.ctx, a.orgId, 'standard');
    const res = await apiClient(t.app, standard.token).get(`/organizations/${a.orgId}/security-events`);
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('ADMIN_ONLY');
  });

  it('writes each event to the log, a lockout as a warning', async () => {
    const member = await addMember(t.ctx, a.orgId, 'standard', { password });
    logged.length = 0;
    for (let i = 0; i < 5; i++) await signIn(member.email, 'wrong', '203.0.113.34');
    const lines = logged.filter((l) => l.obj.security.userId === member.userId);
    expect(lines.filter((l) => l.obj.security.event === 'sign_in' && l.level === 'info')).toHaveLength(5);
    expect(lines.filter((l) => l.obj.security.event === 'lockout')).toEqual([
      {
        level: 'warn',
        obj: {
          security: {
            event: 'lockout',
            outcome: 'locked',
            userId: member.userId,
            clientAddress: '203.0.113.34',
          },
        },
      },
    ]);
  });
});
