/** Reading the delivery log: deliveries of an organization and their attempts. */
import type { DeliveryStatus, WebhookAttempt, WebhookDelivery } from '../../domain/webhooks/delivery.js';
import type { Db } from '../database.js';
import { toInt } from '../dialect.js';
import { toWebhookDelivery } from './webhook-deliveries-repository.js';

export interface DeliveryFilters {
  status?: DeliveryStatus | undefined;
  event?: string | undefined;
  url?: string | undefined;
}

/** Newest first, one page, with the total for pagination. */
export async function listDeliveries(
  db: Db,
  organizationId: string,
  filters: DeliveryFilters,
  window: { offset: number; limit: number | undefined },
): Promise<{ items: WebhookDelivery[]; total: number }> {
  let base = db.selectFrom('webhook_deliveries').where('organization_id', '=', organizationId);
  if (filters.status) base = base.where('status', '=', filters.status);
  if (filters.event) base = base.where('event_name', '=', filters.event);
  if (filters.url) base = base.where('url', '=', filters.url);
  const count = await base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst();
  let query = base.selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc');
  if (window.limit !== undefined) query = query.limit(window.limit).offset(window.offset);
  return { items: (await query.execute()).map(toWebhookDelivery), total: toInt(count?.n) };
}

export async function findDeliveryById(
  db: Db,
  organizationId: string,
  id: string,
): Promise<WebhookDelivery | undefined> {
  const row = await db
    .selectFrom('webhook_deliveries')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? toWebhookDelivery(row) : undefined;
}

/** Every attempt of the given deliveries, oldest first, in one query. */
export async function findAttemptsOfDeliveries(
  db: Db,
  organizationId: string,
  deliveryIds: readonly string[],
): Promise<WebhookAttempt[]> {
  if (deliveryIds.length === 0) return [];
  const rows = await db
    .selectFrom('webhook_attempts')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('delivery_id', 'in', [...deliveryIds])
    .orderBy('delivery_id')
    .orderBy('attempt_number')
    .execute();
  return rows.map((row) => ({
    deliveryId: row.delivery_id,
    attemptNumber: row.attempt_number,
    statusCode: row.status_code,
    durationMs: row.duration_ms,
    error: row.error,
    responseSnippet: row.response_snippet,
    startedAt: row.started_at,
  }));
}
