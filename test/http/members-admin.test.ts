import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertMembership, insertUser } from '../../src/db/repositories/users-repository.js';
import { apiClient } from '../helpers/api.js';
import { createTestContext, type TestContext } from '../helpers/context.js';
import { addMember, createOrgWithAdmin, type TestOrg } from '../helpers/factories.js';

let t: TestContext;
let org: TestOrg;

beforeAll(async () => {
  t = await createTestContext();
  org = await createOrgWithAdmin(t.ctx, 'Admin Desk');
});
afterAll(() => t.close());

const PASSWORD = 'correct horse battery staple';
const admin = () => apiClient(t.app, org.admin.token);
const users = (suffix = '', orgId = org.orgId) => `/organizations/${orgId}/users${suffix}`;

async function activitiesOf(userId: number, action: string, orgId = org.orgId) {
  return t.db.kysely
    .selectFrom('activities')
    .selectAll()
    .where('organization_id', '=', orgId)
    .where('object_id', '=', String(userId))
    .where('action', '=', action)
    .execute();
}

/** Someone who asked to join and waits for an administrator (status pending). */
async function pendingMember(orgId = org.orgId) {
  const now = t.clock.now().toISOString();
  const email = `pending-${Math.random().toString(16).slice(2)}@example.com`;
  const userId = await insertUser(t.db.kysely, {
    email,
    firstName: 'Pending',
    lastName: 'Person',
    passwordHash: null,
    timezone: 'UTC',
    now,
  });
  await insertMembership(t.db.kysely, {
    organizationId: orgId,
    userId,
    role: 'standard',
    status: 'pending',
    isDefaultAdmin: false,
    invitedBy: null,
    now,
  });
  return { userId, email };
}

describe('PUT /organizations/:org/users/:id', () => {
  it("edits a member's profile and role, with an activity row holding old and new values", async () => {
    const m = await addMember(t.ctx, org.orgId, 'light');
    const res = await admin().put(users(`/${m.userId}`), {
      first_name: 'Renamed',
      team: 'Ops',
      role: 'standard',
    });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ first_name: 'Renamed', team: 'Ops', role: 'standard' });
    const role = await activitiesOf(m.userId, 'role_changed');
    expect(role.map((r) => [parseMaybe(r.old_value), parseMaybe(r.new_value)])).toEqual([
      ['light', 'standard'],
    ]);
    expect((await activitiesOf(m.userId, 'profile_updated')).map((r) => r.field).sort()).toEqual([
      'first_name',
      'team',
    ]);
  });

  it('answers 403 ADMIN_ONLY to a standard member, also for their own role', async () => {
    const m = await addMember(t.ctx, org.orgId, 'standard');
    const api = apiClient(t.app, m.token);
    const own = await api.put(users(`/${m.userId}`), { role: 'admin' });
    expect(own.status).toBe(403);
    expect(own.body.code).toBe('ADMIN_ONLY');
    expect((await api.get(users(`/${m.userId}`))).body.data.role).toBe('standard');
  });
});

function parseMaybe(value: unknown) {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

describe('the last admin', () => {
  it('cannot be demoted, disabled or removed by any route (422 LAST_ADMIN)', async () => {
    const solo = await createOrgWithAdmin(t.ctx, 'Solo');
    const api = apiClient(t.app, solo.admin.token);
    const id = solo.admin.userId;
    const attempts = [
      await api.put(users(`/${id}`, solo.orgId), { role: 'standard' }),
      await api.put(users(`/${id}/role`, solo.orgId), { role: 'light' }),
      await api.delete(users(`/${id}/disable`, solo.orgId)),
      await api.delete(users(`/${id}`, solo.orgId)),
      await api.put(users(`/${id}/to/guest`, solo.orgId)),
    ];
    expect(attempts.map((r) => [r.status, r.body.code])).toEqual(Array(5).fill([422, 'LAST_ADMIN']));
    expect((await api.get(users(`/${id}`, solo.orgId))).body.data).toMatchObject({
      role: 'admin',
      status: 'active',
    });
  });

  it('stays when two admins demote each other at the same time: exactly one change wins', async () => {
    const pair = await createOrgWithAdmin(t.ctx, 'Pair');
    const second = await addMember(t.ctx, pair.orgId, 'admin');
    const [a, b] = await Promise.all([
      apiClient(t.app, pair.admin.token).put(users(`/${second.userId}`, pair.orgId), { role: 'standard' }),
      apiClient(t.app, second.token).put(users(`/${pair.admin.userId}/role`, pair.orgId), {
        role: 'standard',
      }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 422]);
    const admins = await t.db.kysely
      .selectFrom('memberships')
      .select('user_id')
      .where('organization_id', '=', pair.orgId)
      .where('role', '=', 'admin')
      .where('status', '=', 'active')
      .execute();
    expect(admins).toHaveLength(1);
  });
});

describe('approve and reject', () => {
  it('approves a pending member (active, approved_at set) and refuses a second approval', async () => {
    const p = await pendingMember();
    const res = await admin().put(users(`/${p.userId}/approve`));
    expect(res.status).toBe(200);
    expect(res.body.data.status).toBe('active');
    expect(res.body.data.approved_at).toBe(t.clock.now().toISOString());
    const again = await admin().put(users(`/${p.userId}/approve`));
    expect(again.status).toBe(422);
    expect(again.body.code).toBe('MEMBER_NOT_PENDING');
    expect(await activitiesOf(p.userId, 'approved')).toHaveLength(1);
  });

  it('rejects a pending member: the membership goes, the account stays', async () => {
    const p = await pendingMember();
    const res = await admin().delete(users(`/${p.userId}/reject`));
    expect(res.status).toBe(200);
    expect((await admin().get(users(`/${p.userId}`))).status).toBe(404);
    const account = await t.db.kysely
      .selectFrom('users')
      .select('id')
      .where('id', '=', p.userId)
      .executeTakeFirst();
    expect(account?.id).toBe(p.userId);
  });

  it('answers 422 MEMBER_NOT_PENDING to reject an active member, and 403 to a standard member', async () => {
    const m = await addMember(t.ctx, org.orgId, 'standard');
    const res = await admin().delete(users(`/${m.userId}/reject`));
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('MEMBER_NOT_PENDING');
    const p = await pendingMember();
    expect((await apiClient(t.app, m.token).put(users(`/${p.userId}/approve`))).status).toBe(403);
  });
});

describe('PUT /organizations/:org/users/:id/unsuspend', () => {
  it('lifts the sign-in lockout of failed passwords', async () => {
    const m = await addMember(t.ctx, org.orgId, 'standard', { password: PASSWORD });
    const signIn = (password: string) =>
      apiClient(t.app).post('/oauth/token', { grant_type: 'password', username: m.email, password });
    for (let i = 0; i < 5; i++) expect((await signIn(`wrong ${i}`)).status).toBe(400);
    expect((await signIn(PASSWORD)).status).toBe(429);
    const res = await admin().put(users(`/${m.userId}/unsuspend`));
    expect(res.status).toBe(200);
    expect((await signIn(PASSWORD)).status).toBe(200);
    const events = await t.db.kysely
      .selectFrom('security_events')
      .select('event')
      .where('user_id', '=', m.userId)
      .where('event', '=', 'sign_in_unlocked')
      .execute();
    expect(events).toHaveLength(1);
  });
});

describe('PUT /organizations/:org/users/:id/set-new-admin', () => {
  it('moves the default-admin mark to one member, promoting them; the old default stays admin', async () => {
    const o = await createOrgWithAdmin(t.ctx, 'Hand-over');
    await t.db.kysely
      .updateTable('memberships')
      .set({ is_default_admin: true })
      .where('organization_id', '=', o.orgId)
      .where('user_id', '=', o.admin.userId)
      .execute();
    const heir = await addMember(t.ctx, o.orgId, 'standard');
    const api = apiClient(t.app, o.admin.token);
    const res = await api.put(users(`/${o.admin.userId}/set-new-admin`, o.orgId), {
      new_admin_id: heir.userId,
    });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ id: heir.userId, role: 'admin', is_default_admin: true });
    const rows = await t.db.kysely
      .selectFrom('memberships')
      .select(['user_id', 'role', 'is_default_admin'])
      .where('organization_id', '=', o.orgId)
      .orderBy('user_id')
      .execute();
    expect(rows.map((r) => [r.user_id, r.role, Boolean(r.is_default_admin)])).toEqual([
      [o.admin.userId, 'admin', false],
      [heir.userId, 'admin', true],
    ]);
    expect(await activitiesOf(heir.userId, 'default_admin_set', o.orgId)).toHaveLength(1);
  });
});

describe('reassignment information and reassignment on removal', () => {
  it("lists the member's open tasks, templates, processes, default steps and groups, then moves them", async () => {
    const leaver = await addMember(t.ctx, org.orgId, 'standard');
    const heir = await addMember(t.ctx, org.orgId, 'standard');
    const base = `/organizations/${org.orgId}`;
    const template = await admin().post(`${base}/checklists-with-steps`, {
      title: 'Owned template',
      owner_id: leaver.userId,
      steps: [{ title: 'Their step', assignees: [leaver.userId] }],
    });
    expect(template.status).toBe(201);
    const run = await apiClient(t.app, leaver.token).post(`${base}/runs`, {
      checklist_id: template.body.data.id,
      name: 'Their run',
    });
    expect(run.status).toBe(201);
    const group = await admin().post(`${base}/groups`, { name: 'Leavers', members: [leaver.userId] });
    expect(group.status).toBe(201);

    const info = await admin().get(users(`/${leaver.userId}/reassignment-information`));
    expect(info.status).toBe(200);
    const data = info.body.data;
    expect(data.templates).toEqual({ [template.body.data.id]: 'Owned template' });
    expect(data.processes).toEqual([{ id: run.body.data.id, name: 'Their run' }]);
    expect(data.steps.map((s: { title: string }) => s.title)).toEqual(['Their step']);
    expect(Object.keys(data.process_tasks)).toEqual([run.body.data.id]);
    expect(data.process_tasks[run.body.data.id][0]).toMatchObject({
      run_name: 'Their run',
      name: 'Their step',
    });
    expect(data.groups).toEqual([{ id: group.body.data.id, name: 'Leavers' }]);

    const removed = await admin().delete(users(`/${leaver.userId}?with_reassignment=true&to=${heir.userId}`));
    expect(removed.status).toBe(200);
    const after = await admin().get(users(`/${heir.userId}/reassignment-information`));
    expect(after.body.data.templates).toEqual({ [template.body.data.id]: 'Owned template' });
    expect(after.body.data.processes).toEqual([{ id: run.body.data.id, name: 'Their run' }]);
    expect(Object.keys(after.body.data.process_tasks)).toEqual([run.body.data.id]);
  });

  it('answers 403 to a standard member and 404 for a member of another organization', async () => {
    const m = await addMember(t.ctx, org.orgId, 'standard');
    expect((await apiClient(t.app, m.token).get(users(`/${m.userId}/reassignment-information`))).status).toBe(
      403,
    );
    const other = await createOrgWithAdmin(t.ctx);
    expect((await admin().get(users(`/${other.admin.userId}/reassignment-information`))).status).toBe(404);
  });
});

describe('GET /organizations/:org/users/export', () => {
  it('streams every member as CSV, quoting cells and defusing formulas', async () => {
    const o = await createOrgWithAdmin(t.ctx, 'Export');
    await addMember(t.ctx, o.orgId, 'light', { firstName: '=HYPERLINK("http://evil")', lastName: 'O"Brien' });
    await addMember(t.ctx, o.orgId, 'standard', { firstName: '+1', lastName: '@me' });
    const res = await t.app.inject({
      method: 'GET',
      url: users('/export', o.orgId),
      headers: { authorization: `Bearer ${o.admin.token}` },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="members.csv"');
    const lines = res.body.trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      '"id","first_name","last_name","email","role","status","is_default_admin","job_title","team","phone","timezone","joined_at","last_login_at"',
    );
    expect(lines).toHaveLength(4);
    expect(res.body).toContain(`"'=HYPERLINK(""http://evil"")","O""Brien"`);
    expect(res.body).toContain(`"'+1","'@me"`);
  });

  it('answers 403 ADMIN_ONLY to a standard member', async () => {
    const m = await addMember(t.ctx, org.orgId, 'standard');
    const res = await apiClient(t.app, m.token).get(users('/export'));
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('ADMIN_ONLY');
  });
});

describe('PUT /organizations/:org/users/:id/update-email', () => {
  it("needs the admin's own password and sends the confirmation to the new address", async () => {
    const o = await createOrgWithAdmin(t.ctx, 'Mail desk');
    const boss = await addMember(t.ctx, o.orgId, 'admin', { password: PASSWORD });
    const m = await addMember(t.ctx, o.orgId, 'standard');
    const api = apiClient(t.app, boss.token);
    const wrong = await api.put(users(`/${m.userId}/update-email`, o.orgId), {
      email: 'n@example.com',
      password: 'nope nope',
    });
    expect(wrong.status).toBe(422);
    expect(wrong.body.code).toBe('CURRENT_PASSWORD_INCORRECT');
    const res = await api.put(users(`/${m.userId}/update-email`, o.orgId), {
      email: `renamed-${m.userId}@example.com`,
      password: PASSWORD,
    });
    expect(res.status).toBe(200);
    expect(res.body.data.email).toBe(m.email);
    const mail = await t.db.kysely
      .selectFrom('outgoing_emails')
      .select('text_body')
      .where('to_address', '=', `renamed-${m.userId}@example.com`)
      .executeTakeFirstOrThrow();
    const token = /\/confirm-email\/(\S+)/.exec(mail.text_body)?.[1];
    const confirmed = await apiClient(t.app).get(`/confirm-email/${token}`);
    expect(confirmed.status).toBe(200);
    expect((await apiClient(t.app, m.token).get(`/organizations/${o.orgId}/me`)).status).toBe(401);
    const rows = await activitiesOf(m.userId, 'email_changed', o.orgId);
    expect(rows.map((r) => r.actor_id)).toEqual([boss.userId]);
  });
});
