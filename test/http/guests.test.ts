import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient } from '../helpers/api.js';
import { createTestContext, type TestContext } from '../helpers/context.js';
import { addMember, createOrgWithAdmin, type TestOrg } from '../helpers/factories.js';
import { guestCodeOf } from '../helpers/people.js';

let t: TestContext;
let org: TestOrg;

beforeAll(async () => {
  t = await createTestContext();
  org = await createOrgWithAdmin(t.ctx, 'Guests Ltd');
});
afterAll(() => t.close());

const admin = () => apiClient(t.app, org.admin.token);
const guests = (suffix = '') => `/organizations/${org.orgId}/guests${suffix}`;
const guestUrl = (email: string, suffix = '') => guests(`/${encodeURIComponent(email)}${suffix}`);
const portal = (code: string, orgId = org.orgId) => `/organizations/${orgId}/guests/${code}/organization`;

async function storedGuest(email: string) {
  return t.db.kysely
    .selectFrom('guests')
    .selectAll()
    .where('organization_id', '=', org.orgId)
    .where('email', '=', email)
    .executeTakeFirst();
}

describe('guest records', () => {
  it('creates a guest with an integer id, lowercased e-mail, details and a forever link', async () => {
    const res = await admin().post(guests(), {
      email: 'Ann+Client@Example.com',
      first_name: 'Ann',
      last_name: 'Client',
      company_name: 'Client Co',
      phone_1: '+44 1234',
    });
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({
      email: 'ann+client@example.com',
      first_name: 'Ann',
      status: 'active',
      details: { company_name: 'Client Co', phone_1: '+44 1234', associated_members: [] },
    });
    expect(Number.isInteger(res.body.data.id)).toBe(true);
    const code = String(res.body.data.link).split('/').pop() ?? '';
    expect(res.body.data.link).toMatch(new RegExp(`/guest-all-task/${org.orgId}/${code}$`));
    const row = await storedGuest('ann+client@example.com');
    expect(row?.guest_code_hash).toBe(createHash('sha256').update(code).digest('hex'));
    expect(JSON.stringify(row)).not.toContain(code);
  });

  it('reads, lists (q, default page size 999) and updates a guest addressed by URL-encoded e-mail', async () => {
    const member = await addMember(t.ctx, org.orgId, 'standard');
    const got = await admin().get(guestUrl('ann+client@example.com'));
    expect(got.status).toBe(200);
    const list = await admin().get(guests('?q=CLIENT'));
    expect(list.body.meta.pagination.per_page).toBe(999);
    expect(list.body.data.map((g: { email: string }) => g.email)).toEqual(['ann+client@example.com']);
    const updated = await admin().put(guestUrl('ann+client@example.com'), {
      associated_members: [member.userId],
      company_name: 'Client Group',
    });
    expect(updated.status).toBe(200);
    expect(updated.body.data.details).toMatchObject({
      associated_members: [member.userId],
      company_name: 'Client Group',
    });
  });

  it('answers the losers of concurrent creates of one e-mail 422 GUEST_EXISTS, as a sequential duplicate', async () => {
    const email = 'race@example.com';
    const results = await Promise.all(Array.from({ length: 6 }, () => admin().post(guests(), { email })));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([201, 422, 422, 422, 422, 422]);
    for (const r of results.filter((x) => x.status === 422)) expect(r.body.code).toBe('GUEST_EXISTS');
    const rows = await t.db.kysely.selectFrom('guests').select('id').where('email', '=', email).execute();
    expect(rows).toHaveLength(1);
  });

  it.each([
    [{ email: 'ann+client@example.com' }, 'GUEST_EXISTS'],
    [{ email: 'not an email' }, 'VALIDATION_FAILED'],
    [{ email: 'x@example.com', status: 'gone' }, 'VALIDATION_FAILED'],
    [{ email: 'y@example.com', associated_members: [999999] }, 'UNKNOWN_MEMBERS'],
  ])('answers 422 for %j and writes nothing', async (body, code) => {
    const before = await t.db.kysely.selectFrom('guests').select('id').execute();
    const res = await admin().post(guests(), body);
    expect(res.status).toBe(422);
    expect(res.body.code).toBe(code);
    expect(await t.db.kysely.selectFrom('guests').select('id').execute()).toHaveLength(before.length);
  });

  it('refuses a member e-mail as a guest with 422 EMAIL_IS_MEMBER', async () => {
    const res = await admin().post(guests(), { email: org.admin.email });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('EMAIL_IS_MEMBER');
  });

  it('answers 404 GUEST_NOT_FOUND for an unknown e-mail and 403 to a light member', async () => {
    expect((await admin().get(guestUrl('nobody@example.com'))).body.code).toBe('GUEST_NOT_FOUND');
    const light = await addMember(t.ctx, org.orgId, 'light');
    const res = await apiClient(t.app, light.token).get(guests());
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('ROLE_NOT_PERMITTED');
  });
});

describe('guest codes', () => {
  it('serves {data: {email, link}} from guests-link and the code alone opens the guest routes', async () => {
    await admin().post(guests(), { email: 'code@example.com' });
    const res = await admin().get(`/organizations/${org.orgId}/guests-link?email=code%40example.com`);
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({ email: 'code@example.com', link: expect.stringMatching(/\/[\w-]{43}$/) });
    const code = await guestCodeOf(admin(), org.orgId, 'code@example.com');
    const seen = await apiClient(t.app).get(portal(code));
    expect(seen.status).toBe(200);
    expect(seen.body.data).toMatchObject({
      id: org.orgId,
      name: 'Guests Ltd',
      meta: { guest_email: 'code@example.com' },
    });
    expect(seen.body.data.users).toEqual([]);
    expect((await storedGuest('code@example.com'))?.last_accessed_at).toBe(t.clock.now().toISOString());
  });

  it('answers 404 GUEST_CODE_NOT_FOUND for unknown codes and for a code of another organization', async () => {
    const unknown = await apiClient(t.app).get(portal('no-such-code'));
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('GUEST_CODE_NOT_FOUND');
    const other = await createOrgWithAdmin(t.ctx);
    const code = await guestCodeOf(admin(), org.orgId, 'code@example.com');
    expect((await apiClient(t.app).get(portal(code, other.orgId))).status).toBe(404);
    expect((await apiClient(t.app, other.admin.token).get(portal('x', other.orgId))).status).toBe(404);
  });

  it('reset-link gives a new code and the old one stops working', async () => {
    const old = await guestCodeOf(admin(), org.orgId, 'code@example.com');
    const res = await admin().put(guestUrl('code@example.com', '/reset-link'));
    expect(res.status).toBe(200);
    const fresh = String(res.body.data.link).split('/').pop() ?? '';
    expect(fresh).not.toBe(old);
    expect(await guestCodeOf(admin(), org.orgId, 'code@example.com')).toBe(fresh);
    expect((await apiClient(t.app).get(portal(old))).status).toBe(404);
    expect((await apiClient(t.app).get(portal(fresh))).status).toBe(200);
  });

  it('a disabled guest gets 403 GUEST_DISABLED until enabled again', async () => {
    const code = await guestCodeOf(admin(), org.orgId, 'code@example.com');
    const disabled = await admin().delete(guestUrl('code@example.com', '/disable'));
    expect(disabled.body.data).toMatchObject({
      status: 'disabled',
      details: { disabled_by: org.admin.userId },
    });
    const refused = await apiClient(t.app).get(portal(code));
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('GUEST_DISABLED');
    await admin().put(guestUrl('code@example.com', '/enable'));
    expect((await apiClient(t.app).get(portal(code))).status).toBe(200);
  });

  it('lets the guest set their digest days and refuses unknown days', async () => {
    const code = await guestCodeOf(admin(), org.orgId, 'code@example.com');
    const url = `/public/organizations/${org.orgId}/guests/${code}`;
    const put = await apiClient(t.app).put(`${url}/cadence_days`, { cadence_days: ['monday', 'Friday'] });
    expect(put.status).toBe(200);
    expect(put.body.data[0].details.cadence_days).toEqual(['Monday', 'Friday']);
    expect((await apiClient(t.app).get(`${url}/get_cadence_days`)).body.data[0].details.cadence_days).toEqual(
      ['Monday', 'Friday'],
    );
    expect((await apiClient(t.app).put(`${url}/cadence_days`, { cadence_days: ['Funday'] })).status).toBe(
      422,
    );
  });
});

describe('removing and converting guests', () => {
  it('removes a guest (link dead, 404 afterwards) and brings the same id back when re-added', async () => {
    const created = await admin().post(guests(), { email: 'gone@example.com' });
    const code = await guestCodeOf(admin(), org.orgId, 'gone@example.com');
    expect((await admin().delete(guestUrl('gone@example.com'))).status).toBe(200);
    expect((await admin().get(guestUrl('gone@example.com'))).status).toBe(404);
    expect((await apiClient(t.app).get(portal(code))).status).toBe(404);
    const again = await admin().post(guests(), { email: 'gone@example.com' });
    expect(again.status).toBe(201);
    expect(again.body.data.id).toBe(created.body.data.id);
    expect((await apiClient(t.app).get(portal(code))).status).toBe(404);
  });

  it('converts a guest to an invited member, keeping their groups; never both', async () => {
    await admin().post(guests(), { email: 'convert@example.com', first_name: 'Cora' });
    const group = await admin().post(`/organizations/${org.orgId}/groups`, {
      name: 'VIP',
      guests: ['convert@example.com'],
    });
    const res = await admin().post(guestUrl('convert@example.com', '/to/member'), { role: 'standard' });
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({
      email: 'convert@example.com',
      status: 'invited',
      role: 'standard',
    });
    expect((await admin().get(guestUrl('convert@example.com'))).status).toBe(404);
    const after = await admin().get(`/organizations/${org.orgId}/groups/${group.body.data.id}`);
    expect(after.body.data).toMatchObject({ members: [res.body.data.id], guests: [] });
    const back = await admin().post(guests(), { email: 'convert@example.com' });
    expect(back.body.code).toBe('EMAIL_IS_MEMBER');
  });
});
