import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.js';
import { buildApp } from '../../src/http/app.js';
import { JobHeartbeat } from '../../src/jobs/heartbeat.js';
import { type Api, apiClient } from '../helpers/api.js';
import { createTestContext, type TestContext, testDatabaseKind } from '../helpers/context.js';
import { createOrgWithAdmin, type TestOrg } from '../helpers/factories.js';
import { createTemplate, plainSteps } from '../helpers/templates.js';

const TOKEN = 'metrics-token-0123456789';

/** One sample's value from Prometheus text: `name{labels} value`. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const labelText = line.startsWith(`${name}{`) ? line.slice(name.length + 1, line.indexOf('}')) : '';
    const have = labelText === '' ? [] : labelText.split(',');
    if (wanted.every((w) => have.includes(w)) && have.length === wanted.length) {
      return Number(line.slice(line.lastIndexOf(' ') + 1));
    }
  }
  return undefined;
}

describe('GET /metrics', () => {
  let t: TestContext;
  let org: TestOrg;
  let api: Api;
  beforeAll(async () => {
    t = await createTestContext({ METRICS_TOKEN: TOKEN });
    org = await createOrgWithAdmin(t.ctx);
    api = apiClient(t.app, org.admin.token);
  });
  afterAll(() => t.close());

  const scrape = (authorization?: string) =>
    t.app.inject({ method: 'GET', url: '/metrics', headers: authorization ? { authorization } : {} });

  it('answers 401 UNAUTHENTICATED without the metrics token or with another one', async () => {
    for (const header of [undefined, 'Bearer wrong-token-0123456789', `Bearer ${org.admin.token}`]) {
      const res = await scrape(header);
      expect(res.statusCode).toBe(401);
      expect(res.json()).toMatchObject({ error: true, code: 'UNAUTHENTICATED' });
    }
  });

  it('labels request durations by route pattern, method and status class, never the raw URL', async () => {
    const runs = await api.get(`/organizations/${org.orgId}/runs`);
    expect(runs.status).toBe(200);
    await api.get(`/api/organizations/${org.orgId}/runs`);
    await api.get('/no/such/route');
    const res = await scrape(`Bearer ${TOKEN}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = res.body;
    const labels = { route: '/organizations/:org/runs', method: 'GET', status_class: '2xx' };
    expect(sample(text, 'flowlane_http_request_duration_seconds_count', labels)).toBe(2);
    expect(
      sample(text, 'flowlane_http_request_duration_seconds_count', {
        route: 'unmatched',
        method: 'GET',
        status_class: '4xx',
      }),
    ).toBe(1);
    expect(text).not.toContain(org.orgId);
    // The scrape itself is the one request in flight.
    expect(sample(text, 'flowlane_http_requests_in_flight')).toBe(1);
    expect(
      sample(text, 'flowlane_db_transaction_duration_seconds_count', { outcome: 'commit' }),
    ).toBeGreaterThan(0);
    expect(sample(text, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(sample(text, 'nodejs_eventloop_lag_seconds')).toBeGreaterThanOrEqual(0);
    if (testDatabaseKind() === 'postgres') {
      expect(sample(text, 'flowlane_db_pool_max')).toBe(4);
      expect(sample(text, 'flowlane_db_pool_waiting')).toBe(0);
    } else {
      expect(sample(text, 'flowlane_db_pool_max')).toBeUndefined();
    }
  });

  it('reports the outbox backlog, deliveries, e-mails and the deadline sweeper lag from the database', async () => {
    const template = await createTemplate(api, org.orgId, { steps: plainSteps(1) });
    const launched = await api.post(`/organizations/${org.orgId}/runs`, { checklist_id: template.id });
    expect(launched.status).toBe(201);
    const task = await api.post(`/organizations/${org.orgId}/tasks`, {
      title: 'Due soon',
      task_type: 'task',
      deadline: '2025-01-07T10:00:00.000Z',
    });
    expect(task.status).toBe(201);
    const events = await t.db.kysely
      .selectFrom('outbox_events')
      .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.min('created_at').as('oldest')])
      .where('dispatched_at', 'is', null)
      .executeTakeFirstOrThrow();
    const event = await t.db.kysely.selectFrom('outbox_events').select(['id']).executeTakeFirstOrThrow();
    await t.db.kysely
      .insertInto('webhook_deliveries')
      .values(
        ['pending', 'failed', 'failed'].map((status, i) => ({
          id: `${'d'.repeat(31)}${i}`,
          organization_id: org.orgId,
          event_id: event.id,
          event_name: 'process.launched',
          url: `https://hooks.example.com/${i}`,
          subscription: 'watcher' as const,
          status: status as 'pending' | 'failed',
          attempts: 2,
          cycle_attempts: 2,
          cycle_started_at: '2025-01-06T09:00:00.000Z',
          created_at: '2025-01-06T09:00:00.000Z',
        })),
      )
      .execute();
    // An hour after the one-off task's deadline, the sweeper (not running here) is an hour behind.
    t.clock.set('2025-01-07T11:00:00.000Z');

    const text = (await scrape(`Bearer ${TOKEN}`)).body;
    expect(sample(text, 'flowlane_outbox_depth')).toBe(Number(events.n));
    expect(sample(text, 'flowlane_outbox_oldest_undelivered_age_seconds')).toBe(
      (Date.parse('2025-01-07T11:00:00.000Z') - Date.parse(String(events.oldest))) / 1000,
    );
    expect(sample(text, 'flowlane_webhook_deliveries', { status: 'pending' })).toBe(1);
    expect(sample(text, 'flowlane_webhook_deliveries', { status: 'failed' })).toBe(2);
    expect(sample(text, 'flowlane_webhook_deliveries', { status: 'succeeded' })).toBe(0);
    expect(sample(text, 'flowlane_webhook_deliveries_retrying')).toBe(1);
    expect(sample(text, 'flowlane_emails', { status: 'failed' })).toBe(0);
    expect(sample(text, 'flowlane_deadline_sweeper_lag_seconds')).toBe(3600);
  });
});

describe('without METRICS_TOKEN', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext();
  });
  afterAll(() => t.close());

  it('answers /metrics 404, even with a bearer token', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/metrics',
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(res.statusCode).toBe(404);
  });
});

describe('GET /ready', () => {
  let t: TestContext;
  const cleanups: (() => Promise<void>)[] = [];
  beforeAll(async () => {
    t = await createTestContext();
  });
  afterAll(async () => {
    for (const cleanup of cleanups) await cleanup();
    await t.close();
  });

  it('answers 200 when the database answers and is migrated, saying jobs do not run in this process', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/ready' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      status: 'ready',
      checks: { database: 'ok', migrations: 'ok', jobs: 'not run in this process' },
    });
  });

  it('answers 503 naming the migrations when one is pending', async () => {
    const last = '0820-retention-indexes';
    const row = await t.db.kysely
      .selectFrom('kysely_migration' as never)
      .selectAll()
      .where(sql.ref('name'), '=', last)
      .executeTakeFirstOrThrow();
    await sql`delete from kysely_migration where name = ${last}`.execute(t.db.kysely);
    try {
      const res = await t.app.inject({ method: 'GET', url: '/ready' });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toEqual({
        status: 'unavailable',
        failed: ['migrations'],
        checks: { database: 'ok', migrations: `1 pending (${last})`, jobs: 'not run in this process' },
      });
    } finally {
      const { name, timestamp } = row as { name: string; timestamp: string };
      await sql`insert into kysely_migration (name, timestamp) values (${name}, ${timestamp})`.execute(
        t.db.kysely,
      );
    }
  });

  it('answers 503 naming the jobs when a background job has not finished a pass in its allowed silence', async () => {
    const heartbeat = new JobHeartbeat();
    heartbeat.registered('webhook-delivery', 1_000, Date.now() - 120_000);
    heartbeat.registered('deadline-sweep', 5_000, Date.now());
    heartbeat.passEnded('deadline-sweep', true, Date.now());
    const app = await buildApp({ ctx: t.ctx, jobs: heartbeat });
    try {
      const res = await app.inject({ method: 'GET', url: '/ready' });
      expect(res.statusCode, res.body).toBe(503);
      expect(res.json()).toEqual({
        status: 'unavailable',
        failed: ['jobs'],
        checks: {
          database: 'ok',
          migrations: 'ok',
          jobs: expect.stringMatching(/^no pass finished lately: webhook-delivery \(12\d s\)$/),
        },
      });
      heartbeat.passEnded('webhook-delivery', true, Date.now());
      expect((await app.inject({ method: 'GET', url: '/ready' })).statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });

  it('answers 503 naming the database when it does not answer, without its error text', async () => {
    // Nothing listens on port 1: every query fails with the driver's connection error.
    const closed = openDatabase({ kind: 'postgres', url: 'postgres://nobody@127.0.0.1:1/none', poolSize: 1 });
    cleanups.push(() => closed.close());
    const app = await buildApp({ ctx: { ...t.ctx, db: closed } });
    try {
      for (const url of ['/ready', '/health']) {
        const res = await app.inject({ method: 'GET', url });
        expect(res.statusCode, `${url}: ${res.body}`).toBe(503);
        expect(res.body).not.toMatch(/nobody|ECONNREFUSED|127\.0\.0\.1|connect/i);
      }
      expect((await app.inject({ method: 'GET', url: '/ready' })).json()).toMatchObject({
        failed: ['database', 'migrations'],
        checks: { database: 'the database did not answer' },
      });
    } finally {
      await app.close();
    }
  });
});

describe('overload', () => {
  let t: TestContext;
  let app: Awaited<ReturnType<typeof buildApp>>;
  beforeAll(async () => {
    t = await createTestContext({ OVERLOAD_EVENT_LOOP_DELAY_MS: '40', OVERLOAD_RETRY_AFTER_SECONDS: '7' });
    app = await buildApp({ ctx: t.ctx, overloadProtection: { armed: true } });
  });
  afterAll(async () => {
    await app.close();
    await t.close();
  });

  it('answers 503 SERVER_OVERLOADED with Retry-After while the event loop lags, and still answers /health and /ready', async () => {
    // Keep the event loop about 100 ms late for over a second (two of the plugin's windows).
    const until = Date.now() + 1_300;
    while (Date.now() < until) {
      const end = Date.now() + 100;
      while (Date.now() < end) {
        // busy: the event loop cannot run
      }
      await new Promise((resolve) => setImmediate(resolve));
    }
    const res = await app.inject({ method: 'GET', url: '/me' });
    expect(res.statusCode).toBe(503);
    expect(res.headers['retry-after']).toBe('7');
    expect(res.json()).toMatchObject({ error: true, code: 'SERVER_OVERLOADED' });
    expect((await app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/ready' })).statusCode).toBe(200);
  });
});
