import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toJson } from '../../src/db/dialect.js';
import { trimRetainedTables } from '../../src/jobs/retention.js';
import type { AppContext } from '../../src/services/context.js';
import { createTestContext, type TestContext } from '../helpers/context.js';
import { createOrgWithAdmin, type TestOrg } from '../helpers/factories.js';

const NOW = '2025-03-01T12:00:00.000Z';
const day = 86_400_000;
const daysAgo = (n: number) => new Date(Date.parse(NOW) - n * day).toISOString();
const OLD = daysAgo(40);
const RECENT = daysAgo(10);
const hex = () => randomBytes(16).toString('hex');

let t: TestContext;
let org: TestOrg;

beforeAll(async () => {
  // Batches of 2 rows: the tests below hold more than one batch of old rows per table.
  t = await createTestContext({ RETENTION_BATCH: '2' }, { startAt: NOW });
  org = await createOrgWithAdmin(t.ctx);
});
afterAll(() => t.close());

const db = () => t.db.kysely;

async function event(
  at: string,
  dispatched: string | null,
  process: { id: string; sequence: number } | null,
): Promise<string> {
  const id = hex();
  await db()
    .insertInto('outbox_events')
    .values({
      id,
      organization_id: org.orgId,
      name: 'task.completed',
      process_id: process?.id ?? null,
      task_id: null,
      sequence: process?.sequence ?? 0,
      payload: toJson({}),
      targets: toJson([]),
      created_at: at,
      dispatched_at: dispatched,
    })
    .execute();
  return id;
}

async function delivery(
  eventId: string,
  status: 'pending' | 'succeeded' | 'failed',
  completedAt: string | null,
): Promise<string> {
  const id = hex();
  await db()
    .insertInto('webhook_deliveries')
    .values({
      id,
      organization_id: org.orgId,
      event_id: eventId,
      event_name: 'task.completed',
      url: `https://hooks.example.com/${id}`,
      subscription: 'watcher',
      status,
      attempts: 1,
      cycle_attempts: 1,
      cycle_started_at: completedAt ?? OLD,
      created_at: completedAt ?? OLD,
      completed_at: completedAt,
    })
    .execute();
  await db()
    .insertInto('webhook_attempts')
    .values({
      organization_id: org.orgId,
      delivery_id: id,
      attempt_number: 1,
      status_code: 200,
      duration_ms: 5,
      started_at: completedAt ?? OLD,
    })
    .execute();
  return id;
}

async function email(status: 'queued' | 'sent' | 'failed' | 'stored', createdAt: string): Promise<string> {
  const id = hex();
  await db()
    .insertInto('outgoing_emails')
    .values({
      id,
      organization_id: org.orgId,
      to_address: 'someone@example.com',
      subject: 'Hello',
      text_body: 'Hello',
      reason: 'test',
      status,
      attempts: 0,
      created_at: createdAt,
    })
    .execute();
  return id;
}

async function token(expiresAt: string): Promise<string> {
  const id = hex();
  await db()
    .insertInto('access_tokens')
    .values({
      id,
      user_id: org.admin.userId,
      token_hash: hex(),
      kind: 'personal',
      expires_at: expiresAt,
      created_at: OLD,
    })
    .execute();
  return id;
}

async function activity(createdAt: string): Promise<number> {
  const row = await db()
    .insertInto('activities')
    .values({
      organization_id: org.orgId,
      actor_type: 'user',
      actor_id: org.admin.userId,
      action: 'updated',
      object_type: 'Run',
      object_id: hex(),
      created_at: createdAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

const ids = async (table: 'outbox_events' | 'webhook_deliveries' | 'outgoing_emails' | 'access_tokens') =>
  new Set((await db().selectFrom(table).select('id').execute()).map((r) => r.id));

/** Passes until one deletes nothing, as the job does when it finds work. */
async function trimAll(ctx: AppContext = t.ctx): Promise<Record<string, number>> {
  const total: Record<string, number> = {};
  for (;;) {
    const pass = await trimRetainedTables(ctx);
    for (const [table, n] of Object.entries(pass)) total[table] = (total[table] ?? 0) + n;
    if (Object.values(pass).every((n) => n === 0)) return total;
  }
}

describe('retention', () => {
  it('trims each table past its retention in small batches and touches nothing newer', async () => {
    const process = hex();
    const oldEvents = [
      await event(OLD, OLD, null),
      await event(OLD, OLD, { id: process, sequence: 1 }),
      await event(OLD, OLD, { id: process, sequence: 2 }),
    ];
    // The process's latest event stays however old: sequence numbers continue from it.
    const latestOfProcess = await event(OLD, OLD, { id: process, sequence: 3 });
    const undispatched = await event(OLD, null, null);
    const recentEvent = await event(RECENT, RECENT, null);
    const waitedOn = await event(OLD, OLD, null);
    const oldDeliveries = [
      await delivery(oldEvents[0] as string, 'succeeded', OLD),
      await delivery(oldEvents[1] as string, 'failed', OLD),
      await delivery(oldEvents[2] as string, 'succeeded', OLD),
    ];
    const pending = await delivery(waitedOn, 'pending', null);
    const recentDelivery = await delivery(recentEvent, 'succeeded', RECENT);
    const oldEmails = [await email('sent', OLD), await email('failed', OLD), await email('stored', OLD)];
    const queued = await email('queued', OLD);
    const recentEmail = await email('sent', RECENT);
    const expired = [await token(daysAgo(1)), await token(daysAgo(400)), await token(daysAgo(2))];
    const live = await token(daysAgo(-30));
    await db()
      .insertInto('throttle_buckets')
      .values([
        { key: 'login:old', hits: 3, reset_at: daysAgo(1) },
        { key: 'login:live', hits: 3, reset_at: daysAgo(-1) },
      ])
      .execute();
    const oldActivity = await activity(OLD);

    const deleted = await trimAll();

    expect(deleted).toEqual({
      webhook_deliveries: 3,
      outbox_events: 3,
      outgoing_emails: 3,
      access_tokens: 3,
      throttle_buckets: 1,
    });
    const events = await ids('outbox_events');
    for (const id of oldEvents) expect(events.has(id)).toBe(false);
    for (const id of [latestOfProcess, undispatched, recentEvent, waitedOn])
      expect(events.has(id)).toBe(true);
    const deliveries = await ids('webhook_deliveries');
    for (const id of oldDeliveries) expect(deliveries.has(id)).toBe(false);
    expect([...deliveries].filter((id) => [pending, recentDelivery].includes(id)).sort()).toEqual(
      [pending, recentDelivery].sort(),
    );
    const attempts = await db().selectFrom('webhook_attempts').select('delivery_id').execute();
    expect(attempts.map((a) => a.delivery_id).sort()).toEqual([pending, recentDelivery].sort());
    const emails = await ids('outgoing_emails');
    for (const id of oldEmails) expect(emails.has(id)).toBe(false);
    expect(emails.has(queued)).toBe(true);
    expect(emails.has(recentEmail)).toBe(true);
    const tokens = await ids('access_tokens');
    for (const id of expired) expect(tokens.has(id)).toBe(false);
    expect(tokens.has(live)).toBe(true);
    const buckets = await db().selectFrom('throttle_buckets').select('key').execute();
    expect(buckets.map((b) => b.key)).toEqual(['login:live']);
    // Without ACTIVITY_RETENTION_DAYS the audit trail is kept.
    const kept = await db().selectFrom('activities').select('id').where('id', '=', oldActivity).execute();
    expect(kept).toHaveLength(1);
  });

  it('trims the activity trail only when ACTIVITY_RETENTION_DAYS is set, keeping newer rows', async () => {
    const old = [await activity(daysAgo(100)), await activity(daysAgo(95)), await activity(daysAgo(91))];
    const newer = [await activity(daysAgo(89)), await activity(daysAgo(1))];
    const config = {
      ...t.ctx.config,
      operations: {
        ...t.ctx.config.operations,
        retention: { ...t.ctx.config.operations.retention, activityDays: 90 },
      },
    };
    const deleted = await trimAll({ ...t.ctx, config });
    const left = new Set((await db().selectFrom('activities').select('id').execute()).map((r) => r.id));
    for (const id of old) expect(left.has(id)).toBe(false);
    for (const id of newer) expect(left.has(id)).toBe(true);
    expect(deleted.activities).toBe(old.length);
  });
});
