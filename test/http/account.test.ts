import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issuePersonalToken } from '../../src/services/identity/tokens.js';
import { apiClient } from '../helpers/api.js';
import { createTestContext, type TestContext } from '../helpers/context.js';
import { addMember, createOrgWithAdmin, type TestOrg } from '../helpers/factories.js';

let t: TestContext;
let org: TestOrg;

beforeAll(async () => {
  t = await createTestContext();
  org = await createOrgWithAdmin(t.ctx, 'Account Inc');
});
afterAll(() => t.close());

const PASSWORD = 'correct horse battery staple';
const me = (suffix = '') => `/organizations/${org.orgId}/me${suffix}`;

async function member(role: 'admin' | 'standard' | 'light' = 'standard') {
  return addMember(t.ctx, org.orgId, role, { password: PASSWORD });
}

async function activitiesOf(userId: number, action: string) {
  return t.db.kysely
    .selectFrom('activities')
    .selectAll()
    .where('organization_id', '=', org.orgId)
    .where('object_type', '=', 'user')
    .where('object_id', '=', String(userId))
    .where('action', '=', action)
    .execute();
}

async function securityEventsOf(userId: number, event: string) {
  return t.db.kysely
    .selectFrom('security_events')
    .select(['event', 'outcome'])
    .where('user_id', '=', userId)
    .where('event', '=', event)
    .execute();
}

async function signIn(email: string, password: string) {
  return apiClient(t.app).post('/oauth/token', { grant_type: 'password', username: email, password });
}

async function sessionSignIn(email: string) {
  const res = await t.app.inject({
    method: 'POST',
    url: '/session',
    headers: { 'content-type': 'application/json' },
    payload: JSON.stringify({ email, password: PASSWORD }),
  });
  return { cookie: sessionCookieOf(res.headers['set-cookie']), csrf: res.json().data.csrf_token as string };
}

function sessionCookieOf(header: string | string[] | number | undefined): string {
  const all = header === undefined ? [] : Array.isArray(header) ? header : [String(header)];
  return (all.find((c) => c.startsWith('flowlane_session=')) ?? '').split(';')[0] ?? '';
}

describe('GET and PUT /organizations/:org/me', () => {
  it('answers the member with their role and status in this organization', async () => {
    const light = await member('light');
    const res = await apiClient(t.app, light.token).get(me());
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({
      id: light.userId,
      email: light.email,
      role: 'light',
      status: 'active',
    });
  });

  it('updates the profile fields, records old and new values, and ignores a role in the body', async () => {
    const light = await member('light');
    const res = await apiClient(t.app, light.token).put(me(), {
      first_name: 'Lina',
      job_title: 'Clerk',
      timezone: 'Europe/Paris',
      date_format: 'dd/mm/yyyy',
      role: 'admin',
    });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({
      first_name: 'Lina',
      job_title: 'Clerk',
      timezone: 'Europe/Paris',
      date_format: 'dd/mm/yyyy',
      role: 'light',
    });
    const rows = await activitiesOf(light.userId, 'profile_updated');
    expect(rows.map((r) => r.field).sort()).toEqual(['date_format', 'first_name', 'job_title', 'timezone']);
    const name = rows.find((r) => r.field === 'first_name');
    expect(JSON.stringify([name?.old_value, name?.new_value])).toContain('Lina');
    const events = await t.db.kysely
      .selectFrom('outbox_events')
      .select(['name', 'payload'])
      .where('organization_id', '=', org.orgId)
      .where('name', '=', 'member.updated')
      .execute();
    expect(events.filter((e) => JSON.stringify(e.payload).includes('Lina'))).toHaveLength(1);
  });

  it('answers 422 VALIDATION_FAILED for an unknown time zone and changes nothing', async () => {
    const standard = await member();
    const res = await apiClient(t.app, standard.token).put(me(), {
      first_name: 'Changed',
      timezone: 'Mars/Olympus',
    });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(Object.keys(res.body.errors)).toEqual(['timezone']);
    const after = await apiClient(t.app, standard.token).get(me());
    expect(after.body.data.first_name).toBe('standard');
  });
});

describe('PUT /organizations/:org/me/update-password', () => {
  it('answers 422 CURRENT_PASSWORD_INCORRECT for a wrong old password and records the failure', async () => {
    const m = await member();
    const res = await apiClient(t.app, m.token).put(me('/update-password'), {
      old_password: 'not my password',
      new_password: 'a brand new passphrase',
    });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('CURRENT_PASSWORD_INCORRECT');
    expect(await securityEventsOf(m.userId, 'password_changed')).toEqual([
      { event: 'password_changed', outcome: 'failed' },
    ]);
  });

  it('answers 422 PASSWORD_TOO_WEAK for a common or short new password', async () => {
    const m = await member();
    for (const weak of ['Password1', 'short']) {
      const res = await apiClient(t.app, m.token).put(me('/update-password'), {
        old_password: PASSWORD,
        new_password: weak,
      });
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('PASSWORD_TOO_WEAK');
    }
    expect((await signIn(m.email, PASSWORD)).status).toBe(200);
  });

  it('answers 429 after five wrong old passwords, even with the right one next', async () => {
    const m = await member();
    const api = apiClient(t.app, m.token);
    for (let i = 0; i < 5; i++) {
      const res = await api.put(me('/update-password'), {
        old_password: `wrong ${i}`,
        new_password: 'another passphrase',
      });
      expect(res.status).toBe(422);
    }
    const locked = await api.put(me('/update-password'), {
      old_password: PASSWORD,
      new_password: 'another passphrase',
    });
    expect(locked.status).toBe(429);
  });

  it('changes the password, keeps the calling token, and revokes every other token', async () => {
    const m = await member();
    const other = await issuePersonalToken(t.ctx, m.userId, 'laptop');
    const res = await apiClient(t.app, m.token).put(me('/update-password'), {
      old_password: PASSWORD,
      new_password: 'a brand new passphrase',
    });
    expect(res.status).toBe(200);
    expect((await apiClient(t.app, m.token).get(me())).status).toBe(200);
    const revoked = await apiClient(t.app, other.accessToken).get(me());
    expect(revoked.status).toBe(401);
    expect(revoked.body.code).toBe('TOKEN_REVOKED');
    expect((await signIn(m.email, PASSWORD)).status).toBe(400);
    expect((await signIn(m.email, 'a brand new passphrase')).status).toBe(200);
    expect(await activitiesOf(m.userId, 'password_changed')).toHaveLength(1);
    expect(await securityEventsOf(m.userId, 'password_changed')).toEqual([
      { event: 'password_changed', outcome: 'succeeded' },
    ]);
  });
});

describe('e-mail change with confirmation', () => {
  async function confirmationLinkFor(address: string): Promise<string> {
    const mail = await t.db.kysely
      .selectFrom('outgoing_emails')
      .select(['text_body'])
      .where('to_address', '=', address)
      .where('reason', '=', 'account.email_change')
      .orderBy('created_at', 'desc')
      .executeTakeFirstOrThrow();
    const match = /\/confirm-email\/(\S+)/.exec(mail.text_body);
    if (!match?.[1]) throw new Error(`no link in ${mail.text_body}`);
    return `/confirm-email/${match[1]}`;
  }

  it('keeps the old address until the link is followed, then changes it once and ends the other sessions', async () => {
    const m = await member();
    const other = await issuePersonalToken(t.ctx, m.userId, 'phone');
    const newAddress = `moved-${m.userId}@example.com`;
    const res = await apiClient(t.app, m.token).put(me('/update-email'), {
      email: newAddress,
      password: PASSWORD,
    });
    expect(res.status).toBe(200);
    expect(res.body.data.email).toBe(m.email);
    const notice = await t.db.kysely
      .selectFrom('outgoing_emails')
      .select('reason')
      .where('to_address', '=', m.email)
      .executeTakeFirst();
    expect(notice?.reason).toBe('account.email_change_notice');
    expect((await apiClient(t.app, other.accessToken).get(me())).status).toBe(200);

    const link = await confirmationLinkFor(newAddress);
    const confirmed = await apiClient(t.app).get(link);
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.data.email).toBe(newAddress);
    expect((await apiClient(t.app, m.token).get(me())).body.data.email).toBe(newAddress);
    expect((await apiClient(t.app, other.accessToken).get(me())).status).toBe(401);
    const again = await apiClient(t.app).get(link);
    expect(again.status).toBe(404);
    expect(again.body.code).toBe('EMAIL_CHANGE_NOT_FOUND');
    const rows = await activitiesOf(m.userId, 'email_changed');
    expect(rows).toHaveLength(1);
    expect(await securityEventsOf(m.userId, 'email_changed')).toEqual([
      { event: 'email_changed', outcome: 'succeeded' },
    ]);
  });

  it('answers 404 for a link past its 24 hours', async () => {
    const m = await member();
    const newAddress = `late-${m.userId}@example.com`;
    await apiClient(t.app, m.token).put(me('/update-email'), { email: newAddress, password: PASSWORD });
    const link = await confirmationLinkFor(newAddress);
    t.clock.advance(25 * 3600 * 1000);
    const res = await apiClient(t.app).get(link);
    expect(res.status).toBe(404);
    expect((await apiClient(t.app, m.token).get(me())).body.data.email).toBe(m.email);
  });

  it('answers 409 EMAIL_TAKEN for an address another account uses, and 422 without the right password', async () => {
    const m = await member();
    const taken = await apiClient(t.app, m.token).put(me('/update-email'), {
      email: org.admin.email,
      password: PASSWORD,
    });
    expect(taken.status).toBe(409);
    expect(taken.body.code).toBe('EMAIL_TAKEN');
    const wrong = await apiClient(t.app, m.token).put(me('/update-email'), {
      email: 'free@example.com',
      password: 'wrong password',
    });
    expect(wrong.status).toBe(422);
    expect(wrong.body.code).toBe('CURRENT_PASSWORD_INCORRECT');
    const queued = await t.db.kysely
      .selectFrom('outgoing_emails')
      .select('id')
      .where('to_address', '=', 'free@example.com')
      .execute();
    expect(queued).toEqual([]);
  });
});

describe('DELETE /organizations/:org/me/delete-active-tokens', () => {
  it('revokes every other token of the member and keeps the calling one', async () => {
    const m = await member();
    const a = await issuePersonalToken(t.ctx, m.userId, 'a');
    const b = await issuePersonalToken(t.ctx, m.userId, 'b');
    const res = await apiClient(t.app, m.token).delete(me('/delete-active-tokens'));
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({ revoked: 2 });
    expect((await apiClient(t.app, a.accessToken).get(me())).status).toBe(401);
    expect((await apiClient(t.app, b.accessToken).get(me())).status).toBe(401);
    expect((await apiClient(t.app, m.token).get(me())).status).toBe(200);
  });
});

describe('GET /current-user/:id and /current-user/:id/organizations', () => {
  it('answers your own profile and organizations, and 404 for anyone else', async () => {
    const m = await member();
    const api = apiClient(t.app, m.token);
    const self = await api.get(`/current-user/${m.userId}`);
    expect(self.status).toBe(200);
    expect(self.body.data.id).toBe(m.userId);
    const orgs = await api.get(`/current-user/${m.userId}/organizations`);
    expect(orgs.status).toBe(200);
    expect(orgs.body.data.map((o: { id: string }) => o.id)).toEqual([org.orgId]);
    const other = await api.get(`/current-user/${org.admin.userId}`);
    expect(other.status).toBe(404);
    expect((await api.get(`/current-user/${org.admin.userId}/organizations`)).status).toBe(404);
  });
});

describe('POST /oauth/token/refresh', () => {
  it('sets a fresh session cookie and revokes the one presented', async () => {
    const m = await member();
    const { cookie, csrf } = await sessionSignIn(m.email);
    const res = await t.app.inject({
      method: 'POST',
      url: '/oauth/token/refresh',
      headers: { cookie, 'x-csrf-token': csrf },
    });
    expect(res.statusCode, res.body).toBe(200);
    const fresh = sessionCookieOf(res.headers['set-cookie']);
    expect(fresh).toMatch(/^flowlane_session=fla_/);
    expect(fresh).not.toBe(cookie);
    const withOld = await t.app.inject({ method: 'GET', url: me(), headers: { cookie } });
    expect(withOld.statusCode).toBe(401);
    const withNew = await t.app.inject({ method: 'GET', url: me(), headers: { cookie: fresh } });
    expect(withNew.statusCode).toBe(200);
    const twice = await t.app.inject({
      method: 'POST',
      url: '/oauth/token/refresh',
      headers: { cookie, 'x-csrf-token': csrf },
    });
    expect(twice.statusCode).toBe(401);
  });

  it('answers 422 SESSION_TOKEN_REQUIRED for a personal token and 401 without credentials', async () => {
    const m = await member();
    const personal = await apiClient(t.app, m.token).post('/oauth/token/refresh', {});
    expect(personal.status).toBe(422);
    expect(personal.body.code).toBe('SESSION_TOKEN_REQUIRED');
    expect((await apiClient(t.app, m.token).get(me())).status).toBe(200);
    expect((await apiClient(t.app).post('/oauth/token/refresh', {})).status).toBe(401);
  });

  it('refuses a refresh token presented as the bearer', async () => {
    const m = await member();
    const pair = await signIn(m.email, PASSWORD);
    const res = await apiClient(t.app, pair.body.refresh_token).post('/oauth/token/refresh', {});
    expect(res.status).toBe(401);
  });
});
