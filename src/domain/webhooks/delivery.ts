/** Webhook deliveries as the services and the log see them. */

export const DELIVERY_STATUSES = ['pending', 'succeeded', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/**
 * Where a delivery's URL came from: `object` = a template, step, one-off task or rule URL
 * (the body is the event payload as Tallyfy sends it); `watcher` = a webhook watcher (the
 * body also carries an `event` field naming the event).
 */
export type DeliverySubscription = 'object' | 'watcher';

export interface WebhookAttempt {
  deliveryId: string;
  attemptNumber: number;
  statusCode: number | null;
  durationMs: number;
  error: string | null;
  responseSnippet: string | null;
  startedAt: string;
}

export interface WebhookDelivery {
  id: string;
  organizationId: string;
  eventId: string;
  eventName: string;
  url: string;
  subscription: DeliverySubscription;
  status: DeliveryStatus;
  attempts: number;
  cycleAttempts: number;
  cycleStartedAt: string;
  nextAttemptAt: string | null;
  lockedUntil: string | null;
  lastStatusCode: number | null;
  lastError: string | null;
  createdAt: string;
  completedAt: string | null;
}

/** The JSON body a delivery sends: the frozen payload, plus `event` for watchers. */
export function webhookBody(
  eventName: string,
  payload: unknown,
  subscription: DeliverySubscription,
): unknown {
  if (subscription === 'object') return payload;
  if (payload && typeof payload === 'object' && !Array.isArray(payload)) {
    return { event: eventName, ...(payload as Record<string, unknown>) };
  }
  return { event: eventName, data: payload };
}
