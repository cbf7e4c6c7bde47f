/**
 * `GET /metrics` in Prometheus text format, when METRICS_TOKEN is set (then only with
 * `Authorization: Bearer <METRICS_TOKEN>`; unset, there is no such route and it answers 404).
 * Request metrics are labelled by route pattern, never the raw URL, so their cardinality is
 * bounded by the route table. The database gauges (outbox, deliveries, e-mails, deadline
 * lag) are read at scrape time, for the whole installation, whichever process does the work.
 * What each one means: docs/operations.md.
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { Type } from 'typebox';
import {
  countDeliveries,
  countEmailsByStatus,
  findOldestMissedDeadline,
  readOutboxBacklog,
} from '../../db/repositories/operations-metrics-repository.js';
import { observeTransactions } from '../../db/transaction-observers.js';
import { AppError } from '../../domain/errors.js';
import { OUTGOING_EMAIL_STATUSES } from '../../domain/outgoing-email.js';
import { DELIVERY_STATUSES } from '../../domain/webhooks/delivery.js';
import type { AppContext } from '../../services/context.js';
import type { App } from '../types.js';

const SECONDS_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export function registerMetrics(app: App, ctx: AppContext): void {
  const token = ctx.config.operations.metricsToken;
  if (!token) return;
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const metrics = createMetrics(registry, ctx);

  const counted = new WeakSet<FastifyRequest>();
  app.addHook('onRequest', (request, _reply, done) => {
    counted.add(request);
    metrics.inFlight.inc();
    done();
  });
  const finished = (request: FastifyRequest) => {
    if (counted.delete(request)) metrics.inFlight.dec();
  };
  app.addHook('onResponse', (request, reply, done) => {
    finished(request);
    metrics.requestDuration.observe(
      {
        route: request.routeOptions.url ?? 'unmatched',
        method: request.method,
        status_class: `${Math.floor(reply.statusCode / 100)}xx`,
      },
      reply.elapsedTime / 1000,
    );
    done();
  });
  app.addHook('onRequestAbort', (request, done) => {
    finished(request);
    done();
  });
  const stopObserving = observeTransactions((seconds, outcome) =>
    metrics.transactionDuration.observe({ outcome }, seconds),
  );
  app.addHook('onClose', (_app, done) => {
    stopObserving();
    done();
  });

  app.get(
    '/metrics',
    {
      config: { public: true, pressureExempt: true },
      schema: {
        tags: ['System'],
        summary: 'Prometheus metrics (METRICS_TOKEN as a bearer token)',
        response: { 200: Type.String({ description: 'Prometheus text exposition format' }) },
      },
    },
    async (request, reply) => {
      if (!bearerMatches(request.headers.authorization, token)) {
        throw new AppError('UNAUTHENTICATED', 'The metrics token is missing or wrong.');
      }
      await metrics.readDatabase(request);
      return reply.type(registry.contentType).send(await registry.metrics());
    },
  );
}

function bearerMatches(header: string | undefined, token: string): boolean {
  const given = Buffer.from(/^Bearer (.+)$/i.exec(header ?? '')?.[1] ?? '');
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function createMetrics(registry: Registry, ctx: AppContext) {
  const registers = [registry];
  const gauge = (name: string, help: string, labelNames: string[] = []) =>
    new Gauge({ name, help, labelNames, registers });
  const requestDuration = new Histogram({
    name: 'flowlane_http_request_duration_seconds',
    help: 'HTTP requests by route pattern, method and status class, from arrival to the last byte written.',
    labelNames: ['route', 'method', 'status_class'],
    buckets: SECONDS_BUCKETS,
    registers,
  });
  const inFlight = gauge('flowlane_http_requests_in_flight', 'HTTP requests being served now.');
  const transactionDuration = new Histogram({
    name: 'flowlane_db_transaction_duration_seconds',
    help: 'Service transactions from BEGIN to COMMIT or ROLLBACK.',
    labelNames: ['outcome'],
    buckets: SECONDS_BUCKETS,
    registers,
  });
  // PostgreSQL only: SQLite has no pool, and a gauge that is always 0 would mislead.
  const pool = ctx.db.pool
    ? {
        max: gauge('flowlane_db_pool_max', 'PostgreSQL: the most connections this process opens.'),
        open: gauge('flowlane_db_pool_connections', 'PostgreSQL: connections open now.'),
        inUse: gauge('flowlane_db_pool_in_use', 'PostgreSQL: connections lent to a query or transaction.'),
        waiting: gauge('flowlane_db_pool_waiting', 'PostgreSQL: requests waiting for a connection.'),
      }
    : undefined;
  const outboxDepth = gauge('flowlane_outbox_depth', 'Outbox events not yet dispatched to deliveries.');
  const outboxAge = gauge(
    'flowlane_outbox_oldest_undelivered_age_seconds',
    'Age of the oldest event not yet delivered (undispatched, or with a delivery pending); 0 when none.',
  );
  const deliveries = gauge('flowlane_webhook_deliveries', 'Webhook deliveries kept, by status.', ['status']);
  const retrying = gauge(
    'flowlane_webhook_deliveries_retrying',
    'Pending webhook deliveries that failed at least once and wait for another attempt.',
  );
  const emails = gauge('flowlane_emails', 'Outgoing e-mails kept, by status.', ['status']);
  const sweeperLag = gauge(
    'flowlane_deadline_sweeper_lag_seconds',
    'How long ago the oldest deadline the sweeper has not yet acted on passed; 0 when caught up.',
  );
  const scrapeErrors = new Counter({
    name: 'flowlane_metrics_database_errors_total',
    help: 'Scrapes whose database gauges could not be read (they keep their previous values).',
    registers,
  });

  async function readDatabase(request: FastifyRequest): Promise<void> {
    const state = ctx.db.pool?.();
    if (pool && state) {
      pool.max.set(state.max);
      pool.open.set(state.open);
      pool.inUse.set(state.inUse);
      pool.waiting.set(state.waiting);
    }
    try {
      const db = ctx.db.kysely;
      const now = ctx.clock.now();
      const ageOf = (at: string | undefined) =>
        at ? Math.max(0, (now.getTime() - Date.parse(at)) / 1000) : 0;
      const backlog = await readOutboxBacklog(db);
      outboxDepth.set(backlog.undispatched);
      outboxAge.set(ageOf(backlog.oldestUndeliveredAt));
      const counts = await countDeliveries(db);
      for (const status of DELIVERY_STATUSES) deliveries.set({ status }, counts.byStatus[status] ?? 0);
      retrying.set(counts.retrying);
      const mail = await countEmailsByStatus(db);
      for (const status of OUTGOING_EMAIL_STATUSES) emails.set({ status }, mail[status] ?? 0);
      sweeperLag.set(ageOf(await findOldestMissedDeadline(db, now.toISOString())));
    } catch (err) {
      scrapeErrors.inc();
      request.log.warn({ err }, 'metrics: the database gauges could not be read');
    }
  }

  return { requestDuration, inFlight, transactionDuration, readDatabase };
}
