/** What administrators do with webhooks: read and rotate the secret, read and replay the log. */
import { getWebhookSecret, setWebhookSecret } from '../../db/repositories/organizations-repository.js';
import { restartDelivery } from '../../db/repositories/webhook-deliveries-repository.js';
import {
  type DeliveryFilters,
  findAttemptsOfDeliveries,
  findDeliveryById,
  listDeliveries,
} from '../../db/repositories/webhook-log-repository.js';
import { conflict, notFound } from '../../domain/errors.js';
import { type Page, type PageRequest, pageWindow, toPage } from '../../domain/pagination.js';
import { assertCan } from '../../domain/policy.js';
import { generateSecret } from '../../domain/tokens.js';
import type { DeliveryView } from '../../domain/views.js';
import { type AppContext, inTransaction, type MemberActor, nowIso } from '../context.js';
import { actorRef, recordActivities } from '../events/record.js';

export type { DeliveryView };

/** The organization's webhook and e-mail plumbing: administrators only. */
export function assertAdmin(actor: MemberActor, what: string): void {
  assertCan(actor, 'organization.manage_webhooks', {}, `Only administrators can ${what}.`);
}

/** The organization's webhook signing secret (administrators only). */
export async function readWebhookSecret(ctx: AppContext, actor: MemberActor): Promise<string> {
  assertAdmin(actor, 'see the webhook secret');
  const secret = await getWebhookSecret(ctx.db.kysely, actor.organizationId);
  if (secret === undefined) throw notFound('ORGANIZATION_NOT_FOUND', 'Organization');
  return secret;
}

/** Replaces the secret; deliveries signed from now on use the new one. */
export async function rotateWebhookSecret(ctx: AppContext, actor: MemberActor): Promise<string> {
  assertAdmin(actor, 'rotate the webhook secret');
  const secret = generateSecret('whsec');
  await inTransaction(ctx, async (tx) => {
    await setWebhookSecret(tx.db.kysely, actor.organizationId, secret, nowIso(tx));
    await recordActivities(tx, actor.organizationId, actorRef(actor), [
      { action: 'webhook_secret_rotated', objectType: 'organization', objectId: actor.organizationId },
    ]);
  });
  return secret;
}

/** The delivery log, newest first, each delivery with its attempts (two queries per page). */
export async function listWebhookDeliveries(
  ctx: AppContext,
  actor: MemberActor,
  filters: DeliveryFilters,
  page: PageRequest,
): Promise<Page<DeliveryView>> {
  assertAdmin(actor, 'see webhook deliveries');
  const { items, total } = await listDeliveries(
    ctx.db.kysely,
    actor.organizationId,
    filters,
    pageWindow(page),
  );
  const attempts = await findAttemptsOfDeliveries(
    ctx.db.kysely,
    actor.organizationId,
    items.map((d) => d.id),
  );
  const views = items.map((delivery) => ({
    delivery,
    attempts: attempts.filter((a) => a.deliveryId === delivery.id),
  }));
  return toPage(page, views, total);
}

export async function getWebhookDelivery(
  ctx: AppContext,
  actor: MemberActor,
  id: string,
): Promise<DeliveryView> {
  assertAdmin(actor, 'see webhook deliveries');
  const delivery = await findDeliveryById(ctx.db.kysely, actor.organizationId, id);
  if (!delivery) throw notFound('WEBHOOK_DELIVERY_NOT_FOUND', 'Webhook delivery');
  const attempts = await findAttemptsOfDeliveries(ctx.db.kysely, actor.organizationId, [id]);
  return { delivery, attempts };
}

/**
 * Sends a delivery again: it becomes pending, due now, with a fresh retry window; earlier
 * attempts stay in its log. A delivery a worker is sending right now answers 409.
 */
export async function replayWebhookDelivery(
  ctx: AppContext,
  actor: MemberActor,
  id: string,
): Promise<DeliveryView> {
  assertAdmin(actor, 'replay webhook deliveries');
  await inTransaction(ctx, async (tx) => {
    const delivery = await findDeliveryById(tx.db.kysely, actor.organizationId, id);
    if (!delivery) throw notFound('WEBHOOK_DELIVERY_NOT_FOUND', 'Webhook delivery');
    if (!(await restartDelivery(tx.db.kysely, actor.organizationId, id, nowIso(tx)))) {
      throw conflict(
        'WEBHOOK_DELIVERY_IN_PROGRESS',
        'This delivery is being sent right now; try again shortly.',
      );
    }
    await recordActivities(tx, actor.organizationId, actorRef(actor), [
      { action: 'webhook_replayed', objectType: 'webhook_delivery', objectId: id, text: delivery.url },
    ]);
  });
  return getWebhookDelivery(ctx, actor, id);
}
