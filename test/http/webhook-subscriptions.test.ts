import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  assertWebhookUrlDeliverable,
  createSafeLookup,
  DestinationRefusedError,
} from '../../src/adapters/webhooks/destination.js';
import { insertWatcher } from '../../src/db/repositories/watchers-repository.js';
import { verifyWebhookSignature } from '../../src/domain/webhooks/signature.js';
import { deliverDueWebhooks } from '../../src/jobs/webhook-delivery.js';
import { dispatchOutboxEvents } from '../../src/jobs/webhook-dispatch.js';
import { apiClient } from '../helpers/api.js';
import { createTestContext, type TestContext, withConfig } from '../helpers/context.js';
import { createOrgWithAdmin, type TestOrg } from '../helpers/factories.js';
import { deliveriesOf, emitEvents } from '../helpers/outbox.js';
import { startReceiver } from '../helpers/webhook-receiver.js';

let t: TestContext;
let org: TestOrg;

beforeAll(async () => {
  t = await createTestContext({ WEBHOOK_ALLOW_PRIVATE: 'true' });
  org = await createOrgWithAdmin(t.ctx);
});
afterAll(() => t.close());

const secretOf = async (orgId: string, token: string) =>
  (await apiClient(t.app, token).get(`/organizations/${orgId}/webhook-secret`)).body.data.secret as string;

describe('subscriptions', () => {
  it('sends every event to organization-level webhook watchers, with an event field, once per URL', async () => {
    const own = await createOrgWithAdmin(t.ctx);
    const watcher = await startReceiver();
    const target = await startReceiver();
    const api = apiClient(t.app, own.admin.token);
    const added = await api.post(`/organizations/${own.orgId}/users/${own.admin.userId}/add-watcher`, {
      object_type: 'organization',
      object_id: own.orgId,
      notification_type: 'webhook',
      frequency: 'electric',
      webhook: watcher.url,
    });
    expect(added.status).toBe(204);
    await emitEvents(t.ctx, own.orgId, [
      {
        name: 'process.launched',
        payload: { id: 'run-9', name: 'Onboarding' },
        targets: [target.url, `${target.url}`],
      },
      { name: 'task.assigned', payload: { this_task: { id: 't' } }, targets: [watcher.url] },
    ]);
    // Another organization's event reaches neither.
    await emitEvents(t.ctx, org.orgId, [{ name: 'process.completed', targets: [] }]);
    await dispatchOutboxEvents(t.ctx);
    while ((await deliverDueWebhooks(t.ctx)) > 0);

    expect(target.requests).toHaveLength(1);
    expect(target.requests[0]?.json).toEqual({ id: 'run-9', name: 'Onboarding' });
    expect(watcher.requests.map((r) => r.json).sort((a, b) => a.event.localeCompare(b.event))).toEqual([
      { event: 'process.launched', id: 'run-9', name: 'Onboarding' },
      { event: 'task.assigned', this_task: { id: 't' } },
    ]);
    const rows = await deliveriesOf(t.ctx, own.orgId);
    expect(rows).toHaveLength(3);
    expect(rows.every((d) => d.status === 'succeeded')).toBe(true);
    await watcher.close();
    await target.close();
  });
  it('sends a process or task webhook watcher the events of that process or task only', async () => {
    const own = await createOrgWithAdmin(t.ctx);
    const receiver = await startReceiver();
    for (const [objectType, objectId] of [
      ['run', 'run-77'],
      ['task', 'task-88'],
    ] as const) {
      await insertWatcher(t.db.kysely, {
        organizationId: own.orgId,
        userId: own.admin.userId,
        objectType,
        objectId,
        notificationType: 'webhook',
        frequency: 'electric',
        webhook: `${receiver.url}/${objectType}`,
        isSystemWatch: false,
        createdBy: own.admin.userId,
        now: t.clock.now().toISOString(),
      });
    }
    await emitEvents(t.ctx, own.orgId, [
      { name: 'process.launched', processId: 'run-77' },
      { name: 'task.completed', processId: 'run-77', taskId: 'task-88' },
      { name: 'task.completed', processId: 'run-78', taskId: 'task-89' },
    ]);
    await dispatchOutboxEvents(t.ctx);
    while ((await deliverDueWebhooks(t.ctx)) > 0);
    const seen = receiver.requests.map((r) => `${r.path} ${r.json.event}`).sort();
    expect(seen).toEqual([
      '/hook/run process.launched',
      '/hook/run task.completed',
      '/hook/task task.completed',
    ]);
    await receiver.close();
  });
});

describe('URL safety at send time', () => {
  it('refuses loopback and private destinations when the operator has not allowed them, sending nothing', async () => {
    const own = await createOrgWithAdmin(t.ctx);
    const receiver = await startReceiver();
    const strict = withConfig(t.ctx, (config) => ({
      ...config,
      webhooks: { ...config.webhooks, allowPrivate: false },
    }));
    await emitEvents(t.ctx, own.orgId, [
      { targets: [receiver.url, `http://localhost:${receiver.port}/hook`, 'gopher://example.com/'] },
    ]);
    await dispatchOutboxEvents(strict);
    expect(await deliverDueWebhooks(strict)).toBe(3);
    const rows = await deliveriesOf(t.ctx, own.orgId);
    expect(rows.map((d) => d.status)).toEqual(['failed', 'failed', 'failed']);
    expect(rows.map((d) => d.last_error).sort()).toEqual([
      'The webhook may not point at a loopback, private, link-local or reserved address.',
      'The webhook may not point at this server (localhost).',
      'The webhook must be an absolute http or https URL.',
    ]);
    expect(receiver.requests).toHaveLength(0);
    await receiver.close();
  });
});

describe('secret rotation', () => {
  it('signs with the new secret after a rotation', async () => {
    const own = await createOrgWithAdmin(t.ctx);
    const receiver = await startReceiver();
    const api = apiClient(t.app, own.admin.token);
    const before = await secretOf(own.orgId, own.admin.token);
    await emitEvents(t.ctx, own.orgId, [{ targets: [receiver.url] }]);
    await dispatchOutboxEvents(t.ctx);
    await deliverDueWebhooks(t.ctx);
    const rotated = await api.post(`/organizations/${own.orgId}/webhook-secret/rotate`);
    expect(rotated.status).toBe(200);
    const after = rotated.body.data.secret as string;
    expect(after).toMatch(/^whsec_/);
    expect(after).not.toBe(before);
    expect(await secretOf(own.orgId, own.admin.token)).toBe(after);
    await emitEvents(t.ctx, own.orgId, [{ targets: [receiver.url] }]);
    await dispatchOutboxEvents(t.ctx);
    await deliverDueWebhooks(t.ctx);

    const now = Math.floor(t.clock.now().getTime() / 1000);
    const [first, second] = receiver.requests.map((r) => ({
      body: r.body,
      sig: String(r.headers['x-flowlane-signature']),
    }));
    expect(verifyWebhookSignature(before, first?.body ?? '', first?.sig, { nowSeconds: now })).toBe(true);
    expect(verifyWebhookSignature(after, first?.body ?? '', first?.sig, { nowSeconds: now })).toBe(false);
    expect(verifyWebhookSignature(after, second?.body ?? '', second?.sig, { nowSeconds: now })).toBe(true);
    expect(verifyWebhookSignature(before, second?.body ?? '', second?.sig, { nowSeconds: now })).toBe(false);
    await receiver.close();
  });
});

describe('the send-time check', () => {
  const strict = { webhooks: { allowPrivate: false } };
  const lax = { webhooks: { allowPrivate: true } };
  const lookup = (config: typeof strict, host: string) =>
    new Promise<{ err: Error | null; addresses: unknown }>((resolve) =>
      createSafeLookup(config)(host, { all: true }, (err, addresses) => resolve({ err, addresses })),
    );

  it('resolves the host name and refuses it when it points at a loopback address', async () => {
    const refused = await lookup(strict, 'localhost');
    expect(refused.err).toBeInstanceOf(DestinationRefusedError);
    expect(refused.err?.message).toMatch(/^localhost resolves to (127\.0\.0\.1|::1)/);
    const allowed = await lookup(lax, 'localhost');
    expect(allowed.err).toBeNull();
    expect(allowed.addresses).toEqual(
      expect.arrayContaining([expect.objectContaining({ address: expect.any(String) })]),
    );
  });

  it('answers 422 WEBHOOK_URL_NOT_ALLOWED for callers that check before sending', async () => {
    await expect(
      assertWebhookUrlDeliverable('http://127.0.0.1:9/x', strict, 'webhook_url'),
    ).rejects.toMatchObject({
      code: 'WEBHOOK_URL_NOT_ALLOWED',
      fieldErrors: { webhook_url: [expect.any(String)] },
    });
    await expect(assertWebhookUrlDeliverable('http://localhost:9/x', lax)).resolves.toBeUndefined();
  });
});
