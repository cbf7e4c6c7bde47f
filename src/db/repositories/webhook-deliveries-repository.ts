/** The delivery queue: creating deliveries, claiming due ones, recording each attempt. */
import type { Selectable } from 'kysely';
import type {
  DeliveryStatus,
  DeliverySubscription,
  WebhookDelivery,
} from '../../domain/webhooks/delivery.js';
import type { Db } from '../database.js';
import { dialectOf, lockSkipLocked } from '../dialect.js';
import type { WebhookDeliveriesTable } from '../tables/webhooks.js';

export function toWebhookDelivery(row: Selectable<WebhookDeliveriesTable>): WebhookDelivery {
  return {
    id: row.id,
    organizationId: row.organization_id,
    eventId: row.event_id,
    eventName: row.event_name,
    url: row.url,
    subscription: row.subscription,
    status: row.status,
    attempts: row.attempts,
    cycleAttempts: row.cycle_attempts,
    cycleStartedAt: row.cycle_started_at,
    nextAttemptAt: row.next_attempt_at,
    lockedUntil: row.locked_until,
    lastStatusCode: row.last_status_code,
    lastError: row.last_error,
    createdAt: row.created_at,
    completedAt: row.completed_at,
  };
}

export interface NewDelivery {
  id: string;
  organizationId: string;
  eventId: string;
  eventName: string;
  url: string;
  subscription: DeliverySubscription;
  now: string;
}

/** Pending deliveries, due at once; an (event, URL) pair that already exists is skipped. */
export async function insertDeliveries(db: Db, rows: readonly NewDelivery[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('webhook_deliveries')
    .values(
      rows.map((d) => ({
        id: d.id,
        organization_id: d.organizationId,
        event_id: d.eventId,
        event_name: d.eventName,
        url: d.url,
        subscription: d.subscription,
        status: 'pending' as const,
        attempts: 0,
        cycle_attempts: 0,
        cycle_started_at: d.now,
        next_attempt_at: d.now,
        created_at: d.now,
      })),
    )
    .onConflict((oc) => oc.columns(['event_id', 'url']).doNothing())
    .execute();
}

export interface Claim {
  now: string;
  /** The claim holds until then; a worker that died lets it lapse and another retries. */
  lockedUntil: string;
  token: string;
  limit: number;
}

/**
 * Claims up to `limit` due pending deliveries in one statement and returns them. On
 * PostgreSQL the inner select skips rows another worker is claiming at the same moment, and
 * the claim it writes keeps them away from every worker until `lockedUntil`.
 */
export async function claimDueDeliveries(db: Db, claim: Claim): Promise<WebhookDelivery[]> {
  const dialect = dialectOf(db);
  const rows = await db
    .updateTable('webhook_deliveries')
    .set({ locked_until: claim.lockedUntil, claim_token: claim.token })
    .where('id', 'in', (eb) =>
      lockSkipLocked(
        eb
          .selectFrom('webhook_deliveries')
          .select('id')
          .where('status', '=', 'pending')
          .where('next_attempt_at', '<=', claim.now)
          .where((w) => w.or([w('locked_until', 'is', null), w('locked_until', '<=', claim.now)]))
          .orderBy('next_attempt_at')
          .limit(claim.limit),
        dialect,
      ),
    )
    .returningAll()
    .execute();
  return rows.map(toWebhookDelivery);
}

export interface NewAttempt {
  organizationId: string;
  deliveryId: string;
  attemptNumber: number;
  statusCode: number | null;
  durationMs: number;
  error: string | null;
  responseSnippet: string | null;
  startedAt: string;
}

export async function insertAttempt(db: Db, attempt: NewAttempt): Promise<void> {
  await db
    .insertInto('webhook_attempts')
    .values({
      organization_id: attempt.organizationId,
      delivery_id: attempt.deliveryId,
      attempt_number: attempt.attemptNumber,
      status_code: attempt.statusCode,
      duration_ms: attempt.durationMs,
      error: attempt.error,
      response_snippet: attempt.responseSnippet,
      started_at: attempt.startedAt,
    })
    .execute();
}

export interface AttemptOutcome {
  status: DeliveryStatus;
  nextAttemptAt: string | null;
  statusCode: number | null;
  error: string | null;
  completedAt: string | null;
}

/**
 * Writes an attempt's outcome and releases the claim, only while the claim is still ours
 * (a claim that lapsed and was taken over belongs to the other worker now).
 */
export async function finishClaimedAttempt(
  db: Db,
  deliveryId: string,
  token: string,
  outcome: AttemptOutcome,
): Promise<boolean> {
  const result = await db
    .updateTable('webhook_deliveries')
    .set((eb) => ({
      status: outcome.status,
      attempts: eb('attempts', '+', 1),
      cycle_attempts: eb('cycle_attempts', '+', 1),
      next_attempt_at: outcome.nextAttemptAt,
      last_status_code: outcome.statusCode,
      last_error: outcome.error,
      completed_at: outcome.completedAt,
      locked_until: null,
      claim_token: null,
    }))
    .where('id', '=', deliveryId)
    .where('claim_token', '=', token)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/**
 * A replay: the delivery is pending again, due now, with a fresh retry window. Only while no
 * worker holds it; false when one does.
 */
export async function restartDelivery(
  db: Db,
  organizationId: string,
  id: string,
  now: string,
): Promise<boolean> {
  const result = await db
    .updateTable('webhook_deliveries')
    .set({
      status: 'pending',
      cycle_attempts: 0,
      cycle_started_at: now,
      next_attempt_at: now,
      completed_at: null,
      locked_until: null,
      claim_token: null,
    })
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', now)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** The organizations' signing secrets, by id, in one query. */
export async function findWebhookSecrets(
  db: Db,
  organizationIds: readonly string[],
): Promise<Map<string, string>> {
  const result = new Map<string, string>();
  if (organizationIds.length === 0) return result;
  const rows = await db
    .selectFrom('organizations')
    .select(['id', 'webhook_secret'])
    .where('id', 'in', [...new Set(organizationIds)])
    .execute();
  for (const row of rows) result.set(row.id, row.webhook_secret);
  return result;
}
