import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverDueWebhooks } from '../../src/jobs/webhook-delivery.js';
import { dispatchOutboxEvents } from '../../src/jobs/webhook-dispatch.js';
import { inTransaction } from '../../src/services/context.js';
import { appendEvents } from '../../src/services/events/record.js';
import { apiClient } from '../helpers/api.js';
import { createTestContext, type TestContext } from '../helpers/context.js';
import { addMember, createOrgWithAdmin, type TestOrg } from '../helpers/factories.js';
import { type Receiver, startReceiver } from '../helpers/webhook-receiver.js';

let t: TestContext;
let org: TestOrg;
let other: TestOrg;
let receiver: Receiver;

beforeAll(async () => {
  t = await createTestContext({ WEBHOOK_ALLOW_PRIVATE: 'true' });
  org = await createOrgWithAdmin(t.ctx);
  other = await createOrgWithAdmin(t.ctx);
  receiver = await startReceiver();
});
afterAll(async () => {
  await receiver.close();
  await t.close();
});

async function emitAndSend(orgId: string, name: string, targets: string[]): Promise<void> {
  await inTransaction(t.ctx, (tx) =>
    appendEvents(tx, orgId, [{ name, processId: null, taskId: null, payload: { name }, targets }]),
  );
  await dispatchOutboxEvents(t.ctx);
  await deliverDueWebhooks(t.ctx);
}

describe('GET and rotate /organizations/:org/webhook-secret', () => {
  it('shows the secret to admins as {data: {secret}}', async () => {
    const res = await apiClient(t.app, org.admin.token).get(`/api/organizations/${org.orgId}/webhook-secret`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ data: { secret: expect.stringMatching(/^whsec_[\w-]{43}$/) } });
  });

  it.each(['standard', 'light'] as const)(
    'answers 403 ADMIN_ONLY to a %s member, reading or rotating',
    async (role) => {
      const member = await addMember(t.ctx, org.orgId, role);
      const api = apiClient(t.app, member.token);
      const before = (
        await apiClient(t.app, org.admin.token).get(`/organizations/${org.orgId}/webhook-secret`)
      ).body;
      for (const res of [
        await api.get(`/organizations/${org.orgId}/webhook-secret`),
        await api.post(`/organizations/${org.orgId}/webhook-secret/rotate`),
      ]) {
        expect(res.status).toBe(403);
        expect(res.body.code).toBe('ADMIN_ONLY');
      }
      const after = (
        await apiClient(t.app, org.admin.token).get(`/organizations/${org.orgId}/webhook-secret`)
      ).body;
      expect(after).toEqual(before);
    },
  );

  it("answers 404 for another organization's secret", async () => {
    const res = await apiClient(t.app, org.admin.token).get(`/organizations/${other.orgId}/webhook-secret`);
    expect(res.status).toBe(404);
  });

  it('records the rotation in the activity log, without the secret', async () => {
    const own = await createOrgWithAdmin(t.ctx);
    const res = await apiClient(t.app, own.admin.token).post(
      `/organizations/${own.orgId}/webhook-secret/rotate`,
    );
    const rows = await t.db.kysely
      .selectFrom('activities')
      .selectAll()
      .where('organization_id', '=', own.orgId)
      .execute();
    expect(rows).toEqual([
      expect.objectContaining({
        action: 'webhook_secret_rotated',
        actor_id: own.admin.userId,
        new_value: null,
      }),
    ]);
    expect(JSON.stringify(rows)).not.toContain(res.body.data.secret);
  });
});

describe('GET /organizations/:org/webhook-deliveries', () => {
  beforeAll(async () => {
    receiver.respond((req) => (req.json?.name === 'task.rejected' ? 404 : 200));
    await emitAndSend(org.orgId, 'task.completed', [receiver.url]);
    t.clock.advance(1000);
    await emitAndSend(org.orgId, 'task.rejected', [receiver.url]);
    t.clock.advance(1000);
    await emitAndSend(org.orgId, 'process.launched', [`${receiver.url}?second`]);
    await emitAndSend(other.orgId, 'task.completed', [receiver.url]);
  });

  it('lists the organization’s deliveries newest first, each with its attempts', async () => {
    const res = await apiClient(t.app, org.admin.token).get(`/organizations/${org.orgId}/webhook-deliveries`);
    expect(res.status).toBe(200);
    expect(res.body.data.map((d: { event: string }) => d.event)).toEqual([
      'process.launched',
      'task.rejected',
      'task.completed',
    ]);
    expect(res.body.meta.pagination).toMatchObject({ total: 3, count: 3, current_page: 1 });
    const rejected = res.body.data[1];
    expect(rejected).toMatchObject({
      id: expect.stringMatching(/^[0-9a-f]{32}$/),
      event_id: expect.stringMatching(/^[0-9a-f]{32}$/),
      url: receiver.url,
      subscription: 'object',
      status: 'failed',
      attempts_count: 1,
      next_attempt_at: null,
      last_status_code: 404,
      last_error: 'HTTP 404',
      created_at: '2025-01-06T09:00:01.000Z',
      completed_at: '2025-01-06T09:00:01.000Z',
    });
    expect(rejected.attempts.data).toEqual([
      {
        attempt: 1,
        status_code: 404,
        duration_ms: expect.any(Number),
        error: 'HTTP 404',
        response_snippet: 'answer 404',
        started_at: '2025-01-06T09:00:01.000Z',
      },
    ]);
  });

  it('filters by status, event and URL, and pages', async () => {
    const api = apiClient(t.app, org.admin.token);
    const base = `/organizations/${org.orgId}/webhook-deliveries`;
    expect((await api.get(`${base}?status=failed`)).body.data.map((d: { event: string }) => d.event)).toEqual(
      ['task.rejected'],
    );
    expect((await api.get(`${base}?event=task.completed`)).body.data).toHaveLength(1);
    const byUrl = await api.get(`${base}?url=${encodeURIComponent(`${receiver.url}?second`)}`);
    expect(byUrl.body.data.map((d: { event: string }) => d.event)).toEqual(['process.launched']);
    const page = await api.get(`${base}?per_page=2&page=2`);
    expect(page.body.data).toHaveLength(1);
    expect(page.body.meta.pagination).toMatchObject({
      total: 3,
      per_page: 2,
      current_page: 2,
      total_pages: 2,
    });
    const bad = await api.get(`${base}?status=lost`);
    expect(bad.status).toBe(422);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
  });

  it('answers 403 ADMIN_ONLY to members who are not admins', async () => {
    const member = await addMember(t.ctx, org.orgId, 'standard');
    const res = await apiClient(t.app, member.token).get(`/organizations/${org.orgId}/webhook-deliveries`);
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('ADMIN_ONLY');
  });

  it('loads a page of deliveries and their attempts in a fixed number of queries', async () => {
    const api = apiClient(t.app, org.admin.token);
    const before = t.db.stats.queries;
    await api.get(`/organizations/${org.orgId}/webhook-deliveries?per_page=1`);
    const one = t.db.stats.queries - before;
    const mid = t.db.stats.queries;
    await api.get(`/organizations/${org.orgId}/webhook-deliveries?per_page=3`);
    expect(t.db.stats.queries - mid).toBe(one);
  });
});

describe('GET /organizations/:org/webhook-deliveries/:id and replay', () => {
  async function failedDelivery() {
    const list = await apiClient(t.app, org.admin.token).get(
      `/organizations/${org.orgId}/webhook-deliveries?status=failed`,
    );
    return list.body.data[0] as { id: string };
  }

  it("shows one delivery, and answers 404 for an unknown id or another organization's", async () => {
    const { id } = await failedDelivery();
    const api = apiClient(t.app, org.admin.token);
    const res = await api.get(`/organizations/${org.orgId}/webhook-deliveries/${id}`);
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ id, status: 'failed', event: 'task.rejected' });
    const theirs = await apiClient(t.app, other.admin.token).get(
      `/organizations/${other.orgId}/webhook-deliveries/${id}`,
    );
    expect(theirs.status).toBe(404);
    expect(theirs.body.code).toBe('WEBHOOK_DELIVERY_NOT_FOUND');
    const replayTheirs = await apiClient(t.app, other.admin.token).post(
      `/organizations/${other.orgId}/webhook-deliveries/${id}/replay`,
    );
    expect(replayTheirs.status).toBe(404);
    expect((await api.get(`/organizations/${org.orgId}/webhook-deliveries/${'0'.repeat(32)}`)).status).toBe(
      404,
    );
  });

  it('replays a failed delivery as a new cycle that keeps the earlier attempts', async () => {
    const { id } = await failedDelivery();
    const api = apiClient(t.app, org.admin.token);
    t.clock.advance(60_000);
    const replayed = await api.post(`/organizations/${org.orgId}/webhook-deliveries/${id}/replay`);
    expect(replayed.status).toBe(200);
    expect(replayed.body.data).toMatchObject({
      id,
      status: 'pending',
      next_attempt_at: t.clock.now().toISOString(),
      completed_at: null,
      attempts_count: 1,
    });
    receiver.respond(() => 200);
    const before = receiver.requests.length;
    expect(await deliverDueWebhooks(t.ctx)).toBe(1);
    expect(receiver.requests.length).toBe(before + 1);
    expect(receiver.requests.at(-1)?.headers['x-flowlane-event']).toBe('task.rejected');
    const res = await api.get(`/organizations/${org.orgId}/webhook-deliveries/${id}`);
    expect(res.body.data).toMatchObject({
      status: 'succeeded',
      attempts_count: 2,
      last_status_code: 200,
      last_error: null,
    });
    expect(res.body.data.attempts.data.map((a: { status_code: number }) => a.status_code)).toEqual([
      404, 200,
    ]);
  });

  it('answers 409 WEBHOOK_DELIVERY_IN_PROGRESS while a worker is sending it', async () => {
    const own = await createOrgWithAdmin(t.ctx);
    let release = () => {};
    const slow = await startReceiver(() => ({ status: 200, wait: new Promise<void>((r) => (release = r)) }));
    await inTransaction(t.ctx, (tx) =>
      appendEvents(tx, own.orgId, [
        { name: 'task.completed', processId: null, taskId: null, payload: {}, targets: [slow.url] },
      ]),
    );
    await dispatchOutboxEvents(t.ctx);
    const sending = deliverDueWebhooks(t.ctx);
    while (slow.requests.length === 0) await new Promise((r) => setTimeout(r, 10));
    const api = apiClient(t.app, own.admin.token);
    const [delivery] = (await api.get(`/organizations/${own.orgId}/webhook-deliveries`)).body.data;
    const res = await api.post(`/organizations/${own.orgId}/webhook-deliveries/${delivery.id}/replay`);
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('WEBHOOK_DELIVERY_IN_PROGRESS');
    release();
    await sending;
    const done = await api.get(`/organizations/${own.orgId}/webhook-deliveries/${delivery.id}`);
    expect(done.body.data).toMatchObject({ status: 'succeeded', attempts_count: 1 });
    await slow.close();
  });
});
