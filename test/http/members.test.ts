import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient } from '../helpers/api.js';
import { createTestContext, type TestContext } from '../helpers/context.js';
import { addMember, createOrgWithAdmin, type TestOrg } from '../helpers/factories.js';
import { invitationTokenFor } from '../helpers/people.js';

let t: TestContext;
let org: TestOrg;

beforeAll(async () => {
  t = await createTestContext();
  org = await createOrgWithAdmin(t.ctx, 'Members Inc');
});
afterAll(() => t.close());

const admin = () => apiClient(t.app, org.admin.token);
const users = (suffix = '') => `/organizations/${org.orgId}/users${suffix}`;

async function membershipOf(userId: number, orgId = org.orgId) {
  return t.db.kysely
    .selectFrom('memberships')
    .selectAll()
    .where('organization_id', '=', orgId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
}

describe('GET /organizations/:org/users', () => {
  it('lists every member with the spec default page size, filtered by q, role and status', async () => {
    const light = await addMember(t.ctx, org.orgId, 'light', {
      email: 'zed.light@example.com',
      firstName: 'Zed',
    });
    const res = await admin().get(users());
    expect(res.status).toBe(200);
    expect(res.body.meta.pagination.per_page).toBe(9999);
    expect(res.body.data.map((u: { id: number }) => u.id)).toEqual(
      expect.arrayContaining([org.admin.userId, light.userId]),
    );
    const byQ = await admin().get(users('?q=zed.LIGHT'));
    expect(byQ.body.data.map((u: { id: number }) => u.id)).toEqual([light.userId]);
    const byRole = await admin().get(users('?role=light'));
    expect(byRole.body.data.every((u: { role: string }) => u.role === 'light')).toBe(true);
    const none = await admin().get(users('?status=disabled&role=light&q=zed'));
    expect(none.body.data).toEqual([]);
  });

  it('includes groups with with=groups, wrapped in {data}', async () => {
    const member = await addMember(t.ctx, org.orgId, 'standard');
    const group = await admin().post(`/organizations/${org.orgId}/groups`, {
      name: 'Ops',
      members: [member.userId],
    });
    expect(group.status).toBe(201);
    const res = await admin().get(users(`/${member.userId}?with=groups`));
    expect(res.status).toBe(200);
    expect(res.body.data.groups).toEqual({
      data: [expect.objectContaining({ id: group.body.data.id, name: 'Ops' })],
    });
  });

  it('answers 422 for an unknown role filter and 404 for a user of no membership here', async () => {
    expect((await admin().get(users('?role=owner'))).status).toBe(422);
    const other = await createOrgWithAdmin(t.ctx);
    const res = await admin().get(users(`/${other.admin.userId}`));
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('MEMBER_NOT_FOUND');
  });
});

describe('invitations', () => {
  it('invites, and accepting with a password activates the member who can then log in', async () => {
    const res = await admin().post(users('/invite'), {
      email: 'New.Person@Example.com',
      first_name: 'New',
      last_name: 'Person',
      role: 'standard',
      message: 'Welcome aboard',
    });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({
      email: 'new.person@example.com',
      status: 'invited',
      role: 'standard',
    });
    const token = await invitationTokenFor(t.db, 'new.person@example.com');
    const accepted = await apiClient(t.app).post('/invitations/accept', {
      token,
      password: 'correct horse 1',
    });
    expect(accepted.status).toBe(200);
    expect(accepted.body.data).toMatchObject({ status: 'active', invited_by: org.admin.userId });
    expect((await membershipOf(res.body.data.id))?.status).toBe('active');
    const login = await apiClient(t.app).post('/oauth/token', {
      grant_type: 'password',
      username: 'new.person@example.com',
      password: 'correct horse 1',
    });
    expect(login.status).toBe(200);
    const again = await apiClient(t.app).post('/invitations/accept', { token, password: 'correct horse 1' });
    expect(again.status).toBe(404);
    expect(again.body.code).toBe('INVITATION_NOT_FOUND');
  });

  it('lets an existing account accept only while signed in as itself, never by password', async () => {
    const elsewhere = await createOrgWithAdmin(t.ctx);
    const person = await addMember(t.ctx, elsewhere.orgId, 'standard', { password: 'their own pass' });
    expect((await admin().post(users('/invite'), { email: person.email, role: 'light' })).status).toBe(200);
    const token = await invitationTokenFor(t.db, person.email);
    // Even the right password is no way in on this unauthenticated route.
    const byPassword = await apiClient(t.app).post('/invitations/accept', {
      token,
      password: 'their own pass',
    });
    expect(byPassword.status).toBe(401);
    expect(byPassword.body.code).toBe('SIGN_IN_REQUIRED');
    expect((await membershipOf(person.userId))?.status).toBe('invited');
    const signedIn = await apiClient(t.app, person.token).post('/invitations/accept', { token });
    expect(signedIn.status).toBe(200);
    expect((await membershipOf(person.userId))?.status).toBe('active');
  });

  it('resend replaces the token (the old one stops working); withdraw removes the membership', async () => {
    const invited = await admin().post(users('/invite'), { email: 'twice@example.com' });
    const id = invited.body.data.id;
    const first = await invitationTokenFor(t.db, 'twice@example.com');
    t.clock.advance(1000);
    expect((await admin().post(users(`/${id}/resend-invite`))).status).toBe(200);
    const second = await invitationTokenFor(t.db, 'twice@example.com');
    expect(second).not.toBe(first);
    expect(
      (await apiClient(t.app).post('/invitations/accept', { token: first, password: 'password1' })).status,
    ).toBe(404);
    const withdrawn = await admin().delete(users(`/${id}/withdraw-invite`));
    expect(withdrawn.status).toBe(200);
    expect(await membershipOf(id)).toBeUndefined();
    expect(
      (await apiClient(t.app).post('/invitations/accept', { token: second, password: 'password1' })).status,
    ).toBe(404);
  });

  it('answers 422 EXPIRED for an invitation past its week', async () => {
    await admin().post(users('/invite'), { email: 'late@example.com' });
    const token = await invitationTokenFor(t.db, 'late@example.com');
    t.clock.advance(8 * 86_400_000);
    const res = await apiClient(t.app).post('/invitations/accept', { token, password: 'password1' });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('INVITATION_EXPIRED');
  });

  it.each([
    [{ email: 'not-an-email' }, 'VALIDATION_FAILED'],
    [{ email: 'x@example.com', role: 'owner' }, 'VALIDATION_FAILED'],
  ])('answers 422 %s for bad input and writes nothing', async (body, code) => {
    const before = await t.db.kysely.selectFrom('memberships').select('user_id').execute();
    const res = await admin().post(users('/invite'), body);
    expect(res.status).toBe(422);
    expect(res.body.code).toBe(code);
    expect(await t.db.kysely.selectFrom('memberships').select('user_id').execute()).toHaveLength(
      before.length,
    );
  });

  it('answers 422 ALREADY_MEMBER, ALREADY_INVITED and EMAIL_IS_GUEST', async () => {
    const member = await addMember(t.ctx, org.orgId, 'standard');
    expect((await admin().post(users('/invite'), { email: member.email })).body.code).toBe('ALREADY_MEMBER');
    await admin().post(users('/invite'), { email: 'pending@example.com' });
    expect((await admin().post(users('/invite'), { email: 'pending@example.com' })).body.code).toBe(
      'ALREADY_INVITED',
    );
    await admin().post(`/organizations/${org.orgId}/guests`, { email: 'client@example.com' });
    const res = await admin().post(users('/invite'), { email: 'client@example.com' });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('EMAIL_IS_GUEST');
  });

  it('lets a standard member invite but not grant admin; a light member cannot invite', async () => {
    const standard = await addMember(t.ctx, org.orgId, 'standard');
    const light = await addMember(t.ctx, org.orgId, 'light');
    const api = apiClient(t.app, standard.token);
    expect(
      (await api.post(users('/invite'), { email: 'by-standard@example.com', role: 'light' })).status,
    ).toBe(200);
    const asAdmin = await api.post(users('/invite'), { email: 'boss@example.com', role: 'admin' });
    expect(asAdmin.status).toBe(403);
    expect(asAdmin.body.code).toBe('ADMIN_ONLY');
    const byLight = await apiClient(t.app, light.token).post(users('/invite'), { email: 'l@example.com' });
    expect(byLight.status).toBe(403);
    expect(byLight.body.code).toBe('ROLE_NOT_PERMITTED');
  });

  it('throttles failed acceptances per address with 429 and Retry-After', async () => {
    t.clock.advance(16 * 60_000); // earlier tests' failures leave the window
    const anonymous = apiClient(t.app);
    for (let i = 0; i < 10; i++) {
      expect(
        (await anonymous.post('/invitations/accept', { token: `fli_guess${i}`, password: 'password1' }))
          .status,
      ).toBe(404);
    }
    const res = await anonymous.post('/invitations/accept', { token: 'fli_guess', password: 'password1' });
    expect(res.status).toBe(429);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    t.clock.advance(16 * 60_000);
  });
});

describe('roles, disabling and removal', () => {
  it('changes a role, and refuses to demote the last active admin with 422 LAST_ADMIN', async () => {
    const solo = await createOrgWithAdmin(t.ctx);
    const api = apiClient(t.app, solo.admin.token);
    const member = await addMember(t.ctx, solo.orgId, 'light');
    const promoted = await api.put(`/organizations/${solo.orgId}/users/${member.userId}/role`, {
      role: 'admin',
    });
    expect(promoted.status).toBe(200);
    expect(promoted.body.data.role).toBe('admin');
    expect(
      (await api.put(`/organizations/${solo.orgId}/users/${member.userId}/role`, { role: 'standard' }))
        .status,
    ).toBe(200);
    const res = await api.put(`/organizations/${solo.orgId}/users/${solo.admin.userId}/role`, {
      role: 'light',
    });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('LAST_ADMIN');
    expect((await membershipOf(solo.admin.userId, solo.orgId))?.role).toBe('admin');
    const disable = await api.delete(`/organizations/${solo.orgId}/users/${solo.admin.userId}/disable`);
    expect(disable.body.code).toBe('LAST_ADMIN');
    const convert = await api.put(`/organizations/${solo.orgId}/users/${solo.admin.userId}/to/guest`);
    expect(convert.body.code).toBe('LAST_ADMIN');
  });

  it('answers 403 ADMIN_ONLY to a standard member changing roles', async () => {
    const standard = await addMember(t.ctx, org.orgId, 'standard');
    const res = await apiClient(t.app, standard.token).put(users(`/${standard.userId}/role`), {
      role: 'admin',
    });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('ADMIN_ONLY');
  });

  it('disabling revokes their tokens; enabling brings the membership back', async () => {
    const member = await addMember(t.ctx, org.orgId, 'standard');
    const disabled = await admin().delete(users(`/${member.userId}/disable`));
    expect(disabled.status).toBe(200);
    expect(disabled.body.data).toMatchObject({ status: 'disabled', disabled_by: org.admin.userId });
    const tokens = await t.db.kysely
      .selectFrom('access_tokens')
      .select('revoked_at')
      .where('user_id', '=', member.userId)
      .execute();
    expect(tokens.every((tk) => tk.revoked_at !== null)).toBe(true);
    const refused = await apiClient(t.app, member.token).get(`/organizations/${org.orgId}`);
    expect(refused.status).toBe(401);
    const enabled = await admin().put(users(`/${member.userId}/enable`));
    expect(enabled.body.data).toMatchObject({ status: 'active', reactivated_by: org.admin.userId });
  });

  it('DELETE /users/:id disables; DELETE …/delete needs a disabled member and then removes the membership', async () => {
    const member = await addMember(t.ctx, org.orgId, 'light');
    const early = await admin().delete(users(`/${member.userId}/delete`));
    expect(early.status).toBe(422);
    expect(early.body.code).toBe('MEMBER_NOT_DISABLED');
    const removed = await admin().delete(users(`/${member.userId}`));
    expect(removed.status).toBe(200);
    expect(removed.body.data.status).toBe('disabled');
    expect((await admin().delete(users(`/${member.userId}/delete`))).status).toBe(200);
    expect(await membershipOf(member.userId)).toBeUndefined();
    const activities = await t.db.kysely
      .selectFrom('activities')
      .select('action')
      .where('object_type', '=', 'user')
      .where('object_id', '=', String(member.userId))
      .execute();
    expect(activities.map((a) => a.action)).toEqual(['disabled', 'deleted']);
  });

  it('converts a member to a guest with the same e-mail, keeping their groups', async () => {
    const member = await addMember(t.ctx, org.orgId, 'standard', { firstName: 'Gina' });
    const group = await admin().post(`/organizations/${org.orgId}/groups`, {
      name: 'Convertees',
      members: [member.userId],
    });
    const res = await admin().put(users(`/${member.userId}/to/guest`));
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({ email: member.email, first_name: 'Gina', status: 'active' });
    expect(await membershipOf(member.userId)).toBeUndefined();
    const after = await admin().get(`/organizations/${org.orgId}/groups/${group.body.data.id}`);
    expect(after.body.data).toMatchObject({ members: [], guests: [member.email] });
  });
});
