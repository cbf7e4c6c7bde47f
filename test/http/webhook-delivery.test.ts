import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.js';
import { verifyWebhookSignature } from '../../src/domain/webhooks/signature.js';
import { backgroundJobs } from '../../src/jobs/index.js';
import { startJobs } from '../../src/jobs/scheduler.js';
import { deliverDueWebhooks } from '../../src/jobs/webhook-delivery.js';
import { dispatchOutboxEvents } from '../../src/jobs/webhook-dispatch.js';
import { apiClient } from '../helpers/api.js';
import { createTestContext, type TestContext, testDatabaseKind, withConfig } from '../helpers/context.js';
import { createOrgWithAdmin, type TestOrg } from '../helpers/factories.js';
import { deliveriesOf, emitEvents } from '../helpers/outbox.js';
import { freePort, startReceiver } from '../helpers/webhook-receiver.js';

const ENV = { WEBHOOK_ALLOW_PRIVATE: 'true' };
let t: TestContext;
let org: TestOrg;

// A fresh database per test: the dispatcher and the sender count every due row, so a
// delivery another test left pending (a retry, a timeout) must not be there to count.
beforeEach(async () => {
  t = await createTestContext(ENV);
  org = await createOrgWithAdmin(t.ctx);
});
afterEach(() => t.close());

const secretOf = async (orgId: string, token: string) =>
  (await apiClient(t.app, token).get(`/organizations/${orgId}/webhook-secret`)).body.data.secret as string;

describe('delivering an event with retries', () => {
  it('retries a receiver that fails twice and delivers exactly once as a success, signed', async () => {
    const receiver = await startReceiver((_req, i) =>
      i === 0 ? 500 : i === 1 ? { status: 503, headers: {} } : 200,
    );
    const payload = { this_task: { id: 'task-1', title: 'Review' }, process: { id: 'run-1' } };
    await emitEvents(t.ctx, org.orgId, [{ payload, processId: 'run-1', targets: [receiver.url] }]);
    const event = await t.db.kysely
      .selectFrom('outbox_events')
      .selectAll()
      .where('organization_id', '=', org.orgId)
      .executeTakeFirstOrThrow();

    expect(await dispatchOutboxEvents(t.ctx)).toBe(1);
    expect(await dispatchOutboxEvents(t.ctx)).toBe(0);
    const fixed = { random: () => 0.5 };
    expect(await deliverDueWebhooks(t.ctx, fixed)).toBe(1);
    // Not due yet: the first retry waits about 2 s.
    expect(await deliverDueWebhooks(t.ctx, fixed)).toBe(0);
    t.clock.advance(1999);
    expect(await deliverDueWebhooks(t.ctx, fixed)).toBe(0);
    t.clock.advance(1);
    expect(await deliverDueWebhooks(t.ctx, fixed)).toBe(1);
    t.clock.advance(4000);
    expect(await deliverDueWebhooks(t.ctx, fixed)).toBe(1);
    t.clock.advance(3_600_000);
    expect(await deliverDueWebhooks(t.ctx, fixed)).toBe(0);
    await receiver.close();

    expect(receiver.requests.map((r) => r.answered)).toEqual([500, 503, 200]);
    const secret = await secretOf(org.orgId, org.admin.token);
    for (const request of receiver.requests) {
      expect(request.headers['x-tallyfy-orgid']).toBe(org.orgId);
      expect(request.headers['x-flowlane-event']).toBe('task.completed');
      expect(request.headers['x-flowlane-delivery']).toBe(event.id);
      expect(request.headers['content-type']).toBe('application/json');
      expect(request.json).toEqual(payload);
    }
    const success = receiver.requests[2];
    const signature = String(success?.headers['x-flowlane-signature']);
    const sentAt = Math.floor(Date.parse('2025-01-06T09:00:06.000Z') / 1000);
    expect(signature).toMatch(new RegExp(`^t=${sentAt},v1=[0-9a-f]{64}$`));
    expect(verifyWebhookSignature(secret, success?.body ?? '', signature, { nowSeconds: sentAt })).toBe(true);

    const [delivery] = await deliveriesOf(t.ctx, org.orgId);
    expect(delivery).toMatchObject({
      status: 'succeeded',
      attempts: 3,
      last_status_code: 200,
      next_attempt_at: null,
    });
    expect(delivery?.completed_at).toBe('2025-01-06T09:00:06.000Z');
    const attempts = await t.db.kysely
      .selectFrom('webhook_attempts')
      .selectAll()
      .where('delivery_id', '=', delivery?.id ?? '')
      .orderBy('attempt_number')
      .execute();
    expect(attempts.map((a) => [a.attempt_number, a.status_code])).toEqual([
      [1, 500],
      [2, 503],
      [3, 200],
    ]);
    expect(
      (
        await t.db.kysely
          .selectFrom('outbox_events')
          .select('dispatched_at')
          .where('id', '=', event.id)
          .executeTakeFirst()
      )?.dispatched_at,
    ).toBe('2025-01-06T09:00:00.000Z');
  });

  it('fails a delivery at once on a 4xx, and after the retry window on repeated 5xx', async () => {
    const own = await createOrgWithAdmin(t.ctx);
    const gone = await startReceiver(() => 410);
    const broken = await startReceiver(() => 502);
    await emitEvents(t.ctx, own.orgId, [
      { targets: [gone.url] },
      { name: 'process.launched', targets: [broken.url] },
    ]);
    await dispatchOutboxEvents(t.ctx);
    await deliverDueWebhooks(t.ctx);
    let rows = await deliveriesOf(t.ctx, own.orgId);
    expect(rows.find((d) => d.url === gone.url)).toMatchObject({
      status: 'failed',
      attempts: 1,
      last_status_code: 410,
      last_error: 'HTTP 410',
    });
    expect(rows.find((d) => d.url === broken.url)).toMatchObject({ status: 'pending', attempts: 1 });
    // Run the clock through 25 hours, one pass per retry.
    for (let i = 0; i < 60; i++) {
      t.clock.advance(3_600_000);
      await deliverDueWebhooks(t.ctx);
    }
    rows = await deliveriesOf(t.ctx, own.orgId);
    const failed = rows.find((d) => d.url === broken.url);
    expect(failed).toMatchObject({ status: 'failed', last_status_code: 502, next_attempt_at: null });
    expect(
      Date.parse(failed?.completed_at ?? '') - Date.parse(failed?.created_at ?? ''),
    ).toBeGreaterThanOrEqual(86_400_000);
    expect(gone.requests).toHaveLength(1);
    expect(broken.requests.length).toBe(failed?.attempts);
    await gone.close();
    await broken.close();
  });

  it('retries a timeout and a refused connection', async () => {
    const own = await createOrgWithAdmin(t.ctx);
    let release = () => {};
    const slow = await startReceiver(() => ({ status: 200, wait: new Promise<void>((r) => (release = r)) }));
    const downPort = await freePort();
    await emitEvents(t.ctx, own.orgId, [{ targets: [slow.url, `http://127.0.0.1:${downPort}/hook`] }]);
    await dispatchOutboxEvents(t.ctx);
    const quick = withConfig(t.ctx, (config) => ({
      ...config,
      webhooks: { ...config.webhooks, timeoutMs: 300 },
    }));
    await deliverDueWebhooks(quick);
    release();
    const rows = await deliveriesOf(t.ctx, own.orgId);
    expect(rows.find((d) => d.url === slow.url)).toMatchObject({
      status: 'pending',
      last_error: expect.stringMatching(/^Timed out/),
    });
    expect(rows.find((d) => d.url.includes(String(downPort)))).toMatchObject({
      status: 'pending',
      last_error: expect.stringMatching(/ECONNREFUSED/),
    });
    await slow.close();
  });
});

describe('restarts', () => {
  it('delivers to a receiver that was down, after Flowlane restarts on the same database', async () => {
    const name = randomBytes(6).toString('hex');
    const port = await freePort();
    const first = await createTestContext(ENV, { databaseName: name, keepDatabase: true });
    const own = await createOrgWithAdmin(first.ctx);
    await emitEvents(first.ctx, own.orgId, [
      { name: 'process.completed', payload: { id: 'r' }, targets: [`http://127.0.0.1:${port}/hook`] },
    ]);
    const log = { error: () => {} };
    let jobs = startJobs(first.ctx, backgroundJobs, log);
    await until(async () => (await deliveriesOf(first.ctx, own.orgId))[0]?.attempts === 1);
    await jobs.stop();
    const [pending] = await deliveriesOf(first.ctx, own.orgId);
    expect(pending).toMatchObject({ status: 'pending', last_error: expect.stringMatching(/ECONNREFUSED/) });
    await first.close();

    const receiver = await startReceiver(() => 200, port);
    const second = await createTestContext(ENV, {
      databaseName: name,
      startAt: new Date(first.clock.now().getTime() + 5_000).toISOString(),
    });
    jobs = startJobs(second.ctx, backgroundJobs, log);
    await until(async () => (await deliveriesOf(second.ctx, own.orgId))[0]?.status === 'succeeded');
    await jobs.stop();
    expect(receiver.requests).toHaveLength(1);
    expect(receiver.requests[0]?.json).toEqual({ id: 'r' });
    expect((await deliveriesOf(second.ctx, own.orgId))[0]).toMatchObject({
      attempts: 2,
      last_status_code: 200,
    });
    await receiver.close();
    await second.close();
  });
});

describe('several workers', () => {
  it.skipIf(testDatabaseKind() === 'sqlite')(
    'deliver 1,000 events from two workers on one PostgreSQL without sending any twice (SQLite has one writer, so only PostgreSQL runs this)',
    async () => {
      const own = await createOrgWithAdmin(t.ctx);
      const receiver = await startReceiver();
      for (let i = 0; i < 5; i++) {
        await emitEvents(
          t.ctx,
          own.orgId,
          Array.from({ length: 200 }, (_, j) => ({ payload: { n: i * 200 + j }, targets: [receiver.url] })),
        );
      }
      const url = process.env.TEST_DATABASE_URL ?? '';
      const otherDb = openDatabase({ kind: 'postgres', url, poolSize: 4, schema: t.db.schema ?? '' });
      const workers = [t.ctx, { ...t.ctx, db: otherDb }];
      const attempted = [0, 0];
      const deadline = Date.now() + 60_000;
      await Promise.all(
        workers.map(async (ctx, w) => {
          let idle = 0;
          while (idle < 3 && Date.now() < deadline) {
            const dispatched = await dispatchOutboxEvents(ctx, { limit: 50 });
            const sent = await deliverDueWebhooks(ctx);
            attempted[w] = (attempted[w] ?? 0) + sent;
            idle = dispatched === 0 && sent === 0 ? idle + 1 : 0;
          }
        }),
      );
      await otherDb.close();
      await receiver.close();

      const ids = receiver.requests.map((r) => String(r.headers['x-flowlane-delivery']));
      expect(receiver.requests).toHaveLength(1000);
      expect(new Set(ids).size).toBe(1000);
      expect(new Set(receiver.requests.map((r) => r.json.n)).size).toBe(1000);
      expect((attempted[0] ?? 0) + (attempted[1] ?? 0)).toBe(1000);
      expect(attempted[0]).toBeGreaterThan(0);
      expect(attempted[1]).toBeGreaterThan(0);
      const rows = await deliveriesOf(t.ctx, own.orgId);
      expect(rows).toHaveLength(1000);
      expect(rows.every((d) => d.status === 'succeeded' && d.attempts === 1)).toBe(true);
    },
  );
});

async function until(check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}
