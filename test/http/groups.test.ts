import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient } from '../helpers/api.js';
import { createTestContext, type TestContext } from '../helpers/context.js';
import { addMember, createOrgWithAdmin, type TestMember, type TestOrg } from '../helpers/factories.js';

let t: TestContext;
let org: TestOrg;
let ann: TestMember;
let bob: TestMember;

beforeAll(async () => {
  t = await createTestContext();
  org = await createOrgWithAdmin(t.ctx, 'Groups Co');
  ann = await addMember(t.ctx, org.orgId, 'standard');
  bob = await addMember(t.ctx, org.orgId, 'light');
});
afterAll(() => t.close());

const admin = () => apiClient(t.app, org.admin.token);
const groups = (suffix = '') => `/organizations/${org.orgId}/groups${suffix}`;

async function rowsOf(groupId: string) {
  const members = await t.db.kysely
    .selectFrom('group_members')
    .select('user_id')
    .where('group_id', '=', groupId)
    .execute();
  const guests = await t.db.kysely
    .selectFrom('group_guests')
    .select('guest_id')
    .where('group_id', '=', groupId)
    .execute();
  return { members: members.map((m) => m.user_id).sort(), guests: guests.length };
}

describe('groups', () => {
  it('creates a group of members and guests (new guest e-mails become guests)', async () => {
    const res = await admin().post(groups(), {
      name: 'Support',
      description: 'First line',
      members: [ann.userId, bob.userId],
      guests: ['Partner@Example.com'],
    });
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({
      name: 'Support',
      description: 'First line',
      members: [ann.userId, bob.userId].sort((a, b) => a - b),
      guests: ['partner@example.com'],
    });
    expect(res.body.data.id).toMatch(/^[0-9a-f]{32}$/);
    const guest = await admin().get(`/organizations/${org.orgId}/guests/partner%40example.com`);
    expect(guest.status).toBe(200);
  });

  it('gets a group with users and guests included', async () => {
    const list = await admin().get(groups('?q=supp'));
    const id = list.body.data[0].id;
    const res = await admin().get(groups(`/${id}?with=users,guests`));
    expect(res.status).toBe(200);
    expect(res.body.data.users.data.map((u: { id: number }) => u.id).sort()).toEqual(
      [ann.userId, bob.userId].sort((a, b) => a - b),
    );
    expect(res.body.data.guests).toEqual({
      data: [expect.objectContaining({ email: 'partner@example.com' })],
    });
  });

  it('replaces members and guests on update and keeps what is not given', async () => {
    const created = await admin().post(groups(), {
      name: 'Sales',
      members: [ann.userId],
      guests: ['a@example.com'],
    });
    const id = created.body.data.id;
    const res = await admin().put(groups(`/${id}`), { description: 'Closers', members: [bob.userId] });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({
      name: 'Sales',
      description: 'Closers',
      members: [bob.userId],
      guests: ['a@example.com'],
    });
    const cleared = await admin().put(groups(`/${id}`), { guests: [] });
    expect(cleared.body.data.guests).toEqual([]);
    expect(await rowsOf(id)).toEqual({ members: [bob.userId], guests: 0 });
  });

  it('answers 422 for a duplicate name, unknown members and member e-mails as guests, writing nothing', async () => {
    const created = await admin().post(groups(), { name: 'Unique', members: [ann.userId] });
    const id = created.body.data.id;
    const dup = await admin().post(groups(), { name: 'Unique' });
    expect(dup.status).toBe(422);
    expect(dup.body.code).toBe('GROUP_NAME_TAKEN');
    const other = await createOrgWithAdmin(t.ctx);
    const foreign = await admin().put(groups(`/${id}`), { name: 'Renamed', members: [other.admin.userId] });
    expect(foreign.status).toBe(422);
    expect(foreign.body.code).toBe('UNKNOWN_MEMBERS');
    const asGuest = await admin().put(groups(`/${id}`), { guests: [ann.email] });
    expect(asGuest.body.code).toBe('EMAIL_IS_MEMBER');
    const after = await admin().get(groups(`/${id}`));
    expect(after.body.data).toMatchObject({ name: 'Unique', members: [ann.userId], guests: [] });
    expect((await admin().post(groups(), { name: '' })).status).toBe(422);
  });

  it('answers the losers of concurrent creates of one name 422 GROUP_NAME_TAKEN', async () => {
    const results = await Promise.all(
      Array.from({ length: 6 }, () => admin().post(groups(), { name: 'Raced' })),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 422, 422, 422, 422, 422]);
    for (const r of results.filter((x) => x.status === 422)) expect(r.body.code).toBe('GROUP_NAME_TAKEN');
  });

  it('deletes a group; it is gone afterwards', async () => {
    const created = await admin().post(groups(), { name: 'Temp', members: [ann.userId] });
    const id = created.body.data.id;
    const res = await admin().delete(groups(`/${id}`));
    expect(res.status).toBe(200);
    expect(res.body.data.id).toBe(id);
    const gone = await admin().get(groups(`/${id}`));
    expect(gone.status).toBe(404);
    expect(gone.body.code).toBe('GROUP_NOT_FOUND');
    expect(await rowsOf(id)).toEqual({ members: [], guests: 0 });
  });

  it('lets light members read but not manage; standard members manage unless the org turns it off', async () => {
    expect((await apiClient(t.app, bob.token).get(groups())).status).toBe(200);
    const light = await apiClient(t.app, bob.token).post(groups(), { name: 'Mine' });
    expect(light.status).toBe(403);
    expect(light.body.code).toBe('ROLE_NOT_PERMITTED');
    expect((await apiClient(t.app, ann.token).post(groups(), { name: 'Ann group' })).status).toBe(201);
    await admin().put(`/organizations/${org.orgId}`, { allow_manage_groups: false });
    const locked = await apiClient(t.app, ann.token).post(groups(), { name: 'Ann group 2' });
    expect(locked.status).toBe(403);
    expect(locked.body.code).toBe('GROUP_MANAGEMENT_DISABLED');
    await admin().put(`/organizations/${org.orgId}`, { allow_manage_groups: true });
  });

  it('lists a page with users and guests in a fixed number of queries, sorted by name', async () => {
    const count = async () => {
      const before = t.db.stats.queries;
      const res = await admin().get(groups('?with=users,guests&sort_by=name&per_page=100'));
      return { queries: t.db.stats.queries - before, res };
    };
    const few = await count();
    for (let i = 0; i < 4; i++)
      await admin().post(groups(), {
        name: `Bulk ${i}`,
        members: [ann.userId],
        guests: [`b${i}@example.com`],
      });
    const many = await count();
    expect(many.res.body.data.length).toBeGreaterThan(few.res.body.data.length);
    expect(many.queries).toBe(few.queries);
    const names = many.res.body.data.map((g: { name: string }) => g.name);
    expect(names).toEqual([...names].sort());
  });
});
