import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient } from '../helpers/api.js';
import { createTestContext, type TestContext } from '../helpers/context.js';
import { addMember, createOrgWithAdmin, type TestMember, type TestOrg } from '../helpers/factories.js';

let t: TestContext;
let strict: TestContext;
let org: TestOrg;
let member: TestMember;
let other: TestOrg;

beforeAll(async () => {
  t = await createTestContext({ WEBHOOK_ALLOW_PRIVATE: 'true' });
  strict = await createTestContext();
  org = await createOrgWithAdmin(t.ctx);
  member = await addMember(t.ctx, org.orgId, 'standard');
  other = await createOrgWithAdmin(t.ctx);
});
afterAll(async () => {
  await t.close();
  await strict.close();
});

const orgWatch = (orgId: string, webhook = 'https://hooks.example.com/flowlane') => ({
  object_type: 'organization',
  object_id: orgId,
  notification_type: 'webhook',
  frequency: 'electric',
  webhook,
});

async function watchersOf(ctx: TestContext, orgId: string) {
  return ctx.db.kysely
    .selectFrom('watchers')
    .selectAll()
    .where('organization_id', '=', orgId)
    .orderBy('id')
    .execute();
}

describe('POST /organizations/:org/users/:user/add-watcher', () => {
  it('lets an admin subscribe a webhook to every organization event, answering 204', async () => {
    // An organization of its own: other tests subscribe in the shared one.
    const own = await createOrgWithAdmin(t.ctx);
    const api = apiClient(t.app, own.admin.token);
    const now = t.clock.now().toISOString();
    const res = await api.post(
      `/organizations/${own.orgId}/users/${own.admin.userId}/add-watcher`,
      orgWatch(own.orgId),
    );
    expect(res.status).toBe(204);
    expect(res.body).toBeUndefined();
    const list = await api.get(`/organizations/${own.orgId}/watchers?notification=webhook`);
    expect(list.status).toBe(200);
    expect(list.body.data).toEqual([
      {
        id: expect.any(Number),
        organization_id: own.orgId,
        user_id: own.admin.userId,
        guest_id: null,
        created_by: own.admin.userId,
        object_id: own.orgId,
        object_type: 'organization',
        frequency: 'electric',
        webhook: 'https://hooks.example.com/flowlane',
        notification_type: 'webhook',
        is_system_watch: false,
        created_at: now,
        last_updated: now,
      },
    ]);
  });

  it('updates instead of duplicating when the same subscription is added again', async () => {
    const own = await createOrgWithAdmin(t.ctx);
    const api = apiClient(t.app, own.admin.token);
    const path = `/api/organizations/${own.orgId}/users/${own.admin.userId}/add-watcher`;
    await api.post(path, orgWatch(own.orgId));
    expect((await api.post(path, { ...orgWatch(own.orgId), frequency: 'chilled' })).status).toBe(204);
    const rows = await watchersOf(t, own.orgId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ frequency: 'chilled' });
  });

  it.each(['standard', 'light'] as const)(
    'answers 403 ADMIN_ONLY when a %s member subscribes the organization',
    async (role) => {
      const someone = await addMember(t.ctx, org.orgId, role);
      const before = await watchersOf(t, org.orgId);
      const res = await apiClient(t.app, someone.token).post(
        `/organizations/${org.orgId}/users/${someone.userId}/add-watcher`,
        orgWatch(org.orgId),
      );
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('ADMIN_ONLY');
      expect(await watchersOf(t, org.orgId)).toEqual(before);
    },
  );

  it('lets a member watch a colleague by e-mail, but not act for someone else', async () => {
    const api = apiClient(t.app, member.token);
    const res = await api.post(`/organizations/${org.orgId}/users/${member.userId}/add-watcher`, {
      object_type: 'User',
      object_id: String(org.admin.userId),
    });
    expect(res.status).toBe(204);
    const mine = (await watchersOf(t, org.orgId)).filter((w) => w.user_id === member.userId);
    expect(mine).toEqual([
      expect.objectContaining({
        object_type: 'user',
        object_id: String(org.admin.userId),
        notification_type: 'email',
        frequency: 'electric',
        webhook: null,
      }),
    ]);
    const forAdmin = await api.post(`/organizations/${org.orgId}/users/${org.admin.userId}/add-watcher`, {
      object_type: 'User',
      object_id: String(member.userId),
    });
    expect(forAdmin.status).toBe(403);
    expect(forAdmin.body.code).toBe('FORBIDDEN');
  });

  it('answers 422 with field paths for missing or unknown values, storing nothing', async () => {
    const api = apiClient(t.app, org.admin.token);
    const path = `/organizations/${org.orgId}/users/${org.admin.userId}/add-watcher`;
    const before = await watchersOf(t, org.orgId);
    const missing = await api.post(path, {});
    expect(missing.status).toBe(422);
    expect(Object.keys(missing.body.errors).sort()).toEqual(['object_id', 'object_type']);
    const wrong = await api.post(path, {
      object_type: 'Planet',
      object_id: 'x',
      notification_type: 'pigeon',
      frequency: 'hourly',
    });
    expect(wrong.status).toBe(422);
    expect(Object.keys(wrong.body.errors).sort()).toEqual(['frequency', 'notification_type', 'object_type']);
    const noUrl = await api.post(path, { ...orgWatch(org.orgId), webhook: '' });
    expect(noUrl.status).toBe(422);
    expect(noUrl.body.errors.webhook).toEqual([
      'The webhook field is required when the notification type is webhook.',
    ]);
    const notHttp = await api.post(path, orgWatch(org.orgId, 'ftp://files.example.com/'));
    expect(notHttp.status).toBe(422);
    expect(notHttp.body.code).toBe('WEBHOOK_URL_NOT_ALLOWED');
    expect(await watchersOf(t, org.orgId)).toEqual(before);
  });

  it('answers 404 for a watched object or member outside the organization', async () => {
    const api = apiClient(t.app, org.admin.token);
    const path = `/organizations/${org.orgId}/users/${org.admin.userId}/add-watcher`;
    const otherOrg = await api.post(path, orgWatch(other.orgId));
    expect(otherOrg.status).toBe(404);
    expect(otherOrg.body.code).toBe('WATCHED_OBJECT_NOT_FOUND');
    for (const body of [
      { object_type: 'User', object_id: String(other.admin.userId) },
      { object_type: 'Checklist', object_id: 'f'.repeat(32) },
      { object_type: 'Run', object_id: 'f'.repeat(32) },
      { object_type: 'Task', object_id: 'f'.repeat(32) },
    ]) {
      const res = await api.post(path, body);
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('WATCHED_OBJECT_NOT_FOUND');
    }
    const stranger = await api.post(
      `/organizations/${org.orgId}/users/${other.admin.userId}/add-watcher`,
      orgWatch(org.orgId),
    );
    expect(stranger.status).toBe(404);
    expect(stranger.body.code).toBe('USER_NOT_FOUND');
  });

  it('refuses private and loopback webhook URLs when saved, unless the operator allows them', async () => {
    const own = await createOrgWithAdmin(strict.ctx);
    const api = apiClient(strict.app, own.admin.token);
    const path = `/organizations/${own.orgId}/users/${own.admin.userId}/add-watcher`;
    for (const url of [
      'http://127.0.0.1:8080/hook',
      'http://10.0.0.8/hook',
      'http://[::1]/x',
      'http://169.254.169.254/',
      'http://localhost/x',
    ]) {
      const res = await api.post(path, orgWatch(own.orgId, url));
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('WEBHOOK_URL_NOT_ALLOWED');
      expect(res.body.errors.webhook).toHaveLength(1);
    }
    expect(await watchersOf(strict, own.orgId)).toEqual([]);
    expect((await api.post(path, orgWatch(own.orgId, 'https://93.184.216.34/hook'))).status).toBe(204);
    const lax = await apiClient(t.app, org.admin.token).post(
      `/organizations/${org.orgId}/users/${org.admin.userId}/add-watcher`,
      orgWatch(org.orgId, 'http://127.0.0.1:8080/hook'),
    );
    expect(lax.status).toBe(204);
  });
});

describe('GET /organizations/:org/watchers', () => {
  it('shows admins every watcher and members only their own, with filters and with=watcher', async () => {
    const own = await createOrgWithAdmin(t.ctx);
    const colleague = await addMember(t.ctx, own.orgId, 'standard');
    const admin = apiClient(t.app, own.admin.token);
    await admin.post(
      `/organizations/${own.orgId}/users/${own.admin.userId}/add-watcher`,
      orgWatch(own.orgId),
    );
    await admin.post(`/organizations/${own.orgId}/users/${colleague.userId}/add-watcher`, {
      object_type: 'user',
      object_id: own.admin.userId,
      frequency: 'mindful',
    });
    const all = await admin.get(`/organizations/${own.orgId}/watchers?with=watcher`);
    expect(all.body.data).toHaveLength(2);
    expect(all.body.data[1].watcher.data).toMatchObject({ id: colleague.userId, email: colleague.email });
    expect(all.body.meta.pagination.total).toBe(2);
    const filter = async (query: string) =>
      (await admin.get(`/organizations/${own.orgId}/watchers?${query}`)).body.data.map(
        (w: { user_id: number }) => w.user_id,
      );
    expect(await filter('repeat=mindful')).toEqual([colleague.userId]);
    expect(await filter('watching=organization')).toEqual([own.admin.userId]);
    expect(await filter('watching=user&notification=email')).toEqual([colleague.userId]);
    expect(await filter(`user=${own.admin.userId}`)).toEqual([own.admin.userId]);
    expect(await filter('guest=abc')).toEqual([]);
    expect(await filter('without_pagination=true')).toHaveLength(2);
    const bad = await admin.get(`/organizations/${own.orgId}/watchers?watching=planet`);
    expect(bad.status).toBe(422);

    const mine = await apiClient(t.app, colleague.token).get(`/organizations/${own.orgId}/watchers`);
    expect(mine.body.data.map((w: { user_id: number }) => w.user_id)).toEqual([colleague.userId]);
    const peek = await apiClient(t.app, colleague.token).get(
      `/organizations/${own.orgId}/watchers?user=${own.admin.userId}`,
    );
    expect(peek.body.data).toEqual([]);
  });
});

describe('PUT update-watcher and DELETE remove-watcher', () => {
  it('changes frequency, channel and URL, answering the Watch', async () => {
    const own = await createOrgWithAdmin(t.ctx);
    const api = apiClient(t.app, own.admin.token);
    await api.post(`/organizations/${own.orgId}/users/${own.admin.userId}/add-watcher`, orgWatch(own.orgId));
    const [watch] = await watchersOf(t, own.orgId);
    t.clock.advance(1000);
    const path = `/organizations/${own.orgId}/users/${own.admin.userId}/update-watcher/${watch?.id}`;
    const res = await api.put(path, { frequency: 'chilled', webhook: 'https://other.example.com/x' });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({
      id: watch?.id,
      frequency: 'chilled',
      webhook: 'https://other.example.com/x',
      notification_type: 'webhook',
    });
    expect(res.body.data.last_updated).toBe(t.clock.now().toISOString());
    const toEmail = await api.put(path, { notification_type: 'email' });
    expect(toEmail.body.data).toMatchObject({ notification_type: 'email', webhook: null });
    const noUrl = await api.put(path, { notification_type: 'webhook' });
    expect(noUrl.status).toBe(422);
    const theirs = await apiClient(t.app, other.admin.token).put(
      `/organizations/${other.orgId}/users/${other.admin.userId}/update-watcher/${watch?.id}`,
      { frequency: 'mindful' },
    );
    expect(theirs.status).toBe(404);
    expect(theirs.body.code).toBe('WATCHER_NOT_FOUND');
    expect((await watchersOf(t, own.orgId))[0]).toMatchObject({
      frequency: 'chilled',
      notification_type: 'email',
    });
  });

  it('removes a watcher (204); others get 403, other organizations 404', async () => {
    const own = await createOrgWithAdmin(t.ctx);
    const colleague = await addMember(t.ctx, own.orgId, 'standard');
    const api = apiClient(t.app, own.admin.token);
    await api.post(`/organizations/${own.orgId}/users/${own.admin.userId}/add-watcher`, orgWatch(own.orgId));
    const [watch] = await watchersOf(t, own.orgId);
    const path = `/organizations/${own.orgId}/remove-watcher/${watch?.id}`;
    const denied = await apiClient(t.app, colleague.token).delete(path);
    expect(denied.status).toBe(403);
    const foreign = await apiClient(t.app, other.admin.token).delete(
      `/organizations/${other.orgId}/remove-watcher/${watch?.id}`,
    );
    expect(foreign.status).toBe(404);
    expect(await watchersOf(t, own.orgId)).toHaveLength(1);
    const res = await api.delete(path);
    expect(res.status).toBe(204);
    expect(await watchersOf(t, own.orgId)).toEqual([]);
    expect((await api.delete(path)).status).toBe(404);
  });
});
