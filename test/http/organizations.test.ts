import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient } from '../helpers/api.js';
import { createTestContext, type TestContext } from '../helpers/context.js';
import { addMember, createOrgWithAdmin, type TestOrg } from '../helpers/factories.js';

let t: TestContext;
let org: TestOrg;

beforeAll(async () => {
  t = await createTestContext();
  org = await createOrgWithAdmin(t.ctx, 'Acme');
});
afterAll(() => t.close());

describe('GET /organizations/:org', () => {
  it("answers the spec's Organization shape with active member count", async () => {
    await addMember(t.ctx, org.orgId, 'light');
    const res = await apiClient(t.app, org.admin.token).get(`/organizations/${org.orgId}`);
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({
      id: org.orgId,
      name: 'Acme',
      timezone: 'UTC',
      users_count: 2,
      default_deadline: { type: 'days', value: 5 },
      working_days: { Monday: { anytime: 'true' }, Friday: { anytime: 'true' } },
      allow_user_invite: true,
      webhook_date_field_format: 'yyyy-MM-ddTHH:mm:ssZ',
    });
    expect(res.body.data.working_days.Saturday).toBeUndefined();
    expect(res.body.data.created_at).toBe('2025-01-06T09:00:00.000Z');
  });

  it('lists the organization under /me/organizations', async () => {
    const res = await apiClient(t.app, org.admin.token).get('/me/organizations');
    expect(res.body.data.map((o: { id: string }) => o.id)).toEqual([org.orgId]);
  });
});

describe('PUT /organizations/:org', () => {
  it('lets an admin change name, zone, working days, default deadline and settings', async () => {
    t.clock.advance(60_000);
    const res = await apiClient(t.app, org.admin.token).put(`/organizations/${org.orgId}`, {
      name: 'Acme Ltd',
      timezone: 'Europe/London',
      working_days: {
        Monday: { anytime: 'false', from: '08:00', to: '17:00' },
        Tuesday: { anytime: 'true' },
      },
      default_deadline: { type: 'hours', value: 48 },
      allow_manage_groups: false,
      city: 'Leeds',
      not_a_setting: 'ignored',
    });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({
      name: 'Acme Ltd',
      timezone: 'Europe/London',
      working_days: {
        Monday: { from: '08:00', to: '17:00', anytime: 'false' },
        Tuesday: { anytime: 'true' },
      },
      default_deadline: { type: 'hours', value: 48 },
      allow_manage_groups: false,
      city: 'Leeds',
      last_updated: '2025-01-06T09:01:00.000Z',
    });
    expect(res.body.data.not_a_setting).toBeUndefined();
    expect(res.body.data.working_days.Wednesday).toBeUndefined();
  });

  it('records one activity row with the old and new values of what changed, and none for a PUT that changes nothing', async () => {
    const own = await createOrgWithAdmin(t.ctx, 'Audited Co');
    const admin = apiClient(t.app, own.admin.token);
    const res = await admin.put(`/organizations/${own.orgId}`, {
      name: 'Audited Ltd',
      timezone: 'UTC',
      city: 'York',
    });
    expect(res.status).toBe(200);
    const rows = () =>
      t.db.kysely
        .selectFrom('activities')
        .select(['action', 'object_type', 'object_id', 'actor_type', 'actor_id', 'old_value', 'new_value'])
        .where('organization_id', '=', own.orgId)
        .where('object_type', '=', 'organization')
        .execute();
    const parse = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v);
    const written = await rows();
    expect(written).toHaveLength(1);
    const [row] = written;
    expect(row).toMatchObject({
      action: 'updated',
      object_id: own.orgId,
      actor_type: 'user',
      actor_id: own.admin.userId,
    });
    // The zone was UTC already: only the name and the city changed.
    expect(parse(row?.old_value)).toEqual({ name: 'Audited Co', city: null });
    expect(parse(row?.new_value)).toEqual({ name: 'Audited Ltd', city: 'York' });
    const again = await admin.put(`/organizations/${own.orgId}`, { name: 'Audited Ltd' });
    expect(again.status).toBe(200);
    expect(await rows()).toHaveLength(1);
  });

  it.each(['standard', 'light'] as const)('answers 403 ADMIN_ONLY to a %s member', async (role) => {
    const member = await addMember(t.ctx, org.orgId, role);
    const res = await apiClient(t.app, member.token).put(`/organizations/${org.orgId}`, { name: 'Mine' });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('ADMIN_ONLY');
  });

  it('answers 422 with field paths for a bad zone, working days or deadline, and stores nothing', async () => {
    const before = (await apiClient(t.app, org.admin.token).get(`/organizations/${org.orgId}`)).body.data;
    const res = await apiClient(t.app, org.admin.token).put(`/organizations/${org.orgId}`, {
      name: 'Changed',
      timezone: 'Mars/Olympus',
      working_days: { Funday: { anytime: true }, Monday: { anytime: false, from: '18:00', to: '09:00' } },
      default_deadline: { type: 'fortnights', value: -1 },
    });
    expect(res.status).toBe(422);
    expect(Object.keys(res.body.errors).sort()).toEqual([
      'default_deadline.type',
      'default_deadline.value',
      'timezone',
      'working_days',
      'working_days.Funday',
      'working_days.Monday',
    ]);
    const after = (await apiClient(t.app, org.admin.token).get(`/organizations/${org.orgId}`)).body.data;
    expect(after).toEqual(before);
  });
});
