/**
 * Member preferences: `/me/preferences` (GET, POST), `/users/{id}/preferences` (own, or
 * anyone's for administrators) and `POST /preferences`; bounded free slugs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, apiClient } from '../helpers/api.js';
import { createTestContext, type TestContext } from '../helpers/context.js';
import { addMember, createOrgWithAdmin, type TestMember, type TestOrg } from '../helpers/factories.js';

let t: TestContext;
let org: TestOrg;
let other: TestOrg;
let api: Api;
let bob: TestMember;
let light: TestMember;

beforeAll(async () => {
  t = await createTestContext();
  org = await createOrgWithAdmin(t.ctx, 'Prefs Co');
  other = await createOrgWithAdmin(t.ctx, 'Other Prefs Co');
  api = apiClient(t.app, org.admin.token);
  bob = await addMember(t.ctx, org.orgId, 'standard');
  light = await addMember(t.ctx, org.orgId, 'light');
});
afterAll(() => t.close());

const mine = (o = org.orgId) => `/organizations/${o}/me/preferences`;
const theirs = (userId: number, o = org.orgId) => `/organizations/${o}/users/${userId}/preferences`;

describe('preferences', () => {
  it('sets a preference, replaces it by slug and lists the member’s own by slug', async () => {
    const bobApi = apiClient(t.app, bob.token);
    const set = await bobApi.post(mine(), { slug: 'home_count', value: '8', metadata: { extra: 'here' } });
    expect(set.status).toBe(200);
    expect(set.body.data).toMatchObject({ slug: 'home_count', value: '8', metadata: { extra: 'here' } });
    expect(typeof set.body.data.last_updated).toBe('string');
    await bobApi.post(mine(), { slug: 'daily_digest', value: true });
    const again = await bobApi.post(mine(), { slug: 'home_count', value: 12 });
    expect(again.body.data).toMatchObject({ slug: 'home_count', value: '12', metadata: null });
    const list = await bobApi.get(mine());
    expect(list.status).toBe(200);
    expect(list.body.data.map((p: { slug: string; value: string }) => [p.slug, p.value])).toEqual([
      ['daily_digest', 'true'],
      ['home_count', '12'],
    ]);
  });

  it("keeps each member's preferences apart", async () => {
    await apiClient(t.app, light.token).post(mine(), { slug: 'theme', value: 'dark' });
    const admins = await api.get(mine());
    expect(admins.body.data.map((p: { slug: string }) => p.slug)).not.toContain('theme');
  });

  it("lets an administrator read another member's preferences", async () => {
    await apiClient(t.app, light.token).post(mine(), { slug: 'language', value: 'fr' });
    const res = await api.get(theirs(light.userId));
    expect(res.status).toBe(200);
    expect(res.body.data.map((p: { slug: string }) => p.slug)).toEqual(['language', 'theme']);
  });

  it("answers 403 ADMIN_ONLY when a standard member reads another member's, and 200 for their own", async () => {
    const bobApi = apiClient(t.app, bob.token);
    const res = await bobApi.get(theirs(light.userId));
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('ADMIN_ONLY');
    const own = await bobApi.get(theirs(bob.userId));
    expect(own.status).toBe(200);
    expect(own.body.data.map((p: { slug: string }) => p.slug)).toEqual(['daily_digest', 'home_count']);
  });

  it('answers 404 MEMBER_NOT_FOUND for a user who is not a member of the organization', async () => {
    const res = await api.get(theirs(other.admin.userId));
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('MEMBER_NOT_FOUND');
  });

  it('POST /preferences adds a preference of the caller and answers 201', async () => {
    const res = await api.post(`/organizations/${org.orgId}/preferences`, { slug: 'tour_done', value: '1' });
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({ slug: 'tour_done', value: '1' });
    const list = await api.get(mine());
    expect(list.body.data.map((p: { slug: string }) => p.slug)).toContain('tour_done');
  });

  it('answers 422 VALIDATION_FAILED for a bad slug, a long value, large metadata or a NUL', async () => {
    for (const body of [
      { value: 'x' },
      { slug: 'Has Spaces', value: 'x' },
      { slug: 'x'.repeat(65), value: 'x' },
      { slug: 'ok', value: 'x'.repeat(2001) },
      { slug: 'ok', value: 'x', metadata: { blob: 'y'.repeat(5000) } },
      { slug: 'ok', value: 'a\u0000b' },
      { slug: 'ok', value: 'x', metadata: 'not an object' },
    ]) {
      const res = await api.post(mine(), body);
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(422);
      expect(res.body.code).toBe('VALIDATION_FAILED');
    }
  });

  it('answers 422 TOO_MANY_PREFERENCES past 200 slugs, while an existing slug still changes', async () => {
    const member = await addMember(t.ctx, org.orgId, 'standard');
    const client = apiClient(t.app, member.token);
    for (let i = 0; i < 200; i++) {
      expect((await client.post(mine(), { slug: `p${i}`, value: String(i) })).status).toBe(200);
    }
    const over = await client.post(mine(), { slug: 'one_more', value: 'x' });
    expect(over.status).toBe(422);
    expect(over.body.code).toBe('TOO_MANY_PREFERENCES');
    expect((await client.post(mine(), { slug: 'p0', value: 'changed' })).status).toBe(200);
  }, 60_000);

  it("answers 404 for another organization's preferences", async () => {
    expect((await api.get(mine(other.orgId))).status).toBe(404);
    expect((await api.get(theirs(other.admin.userId, other.orgId))).status).toBe(404);
  });
});
