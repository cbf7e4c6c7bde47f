import type { DeliverySubscription } from './delivery.js';
import { normalizeWebhookUrl } from './url-safety.js';

export interface PlannedDelivery {
  url: string;
  subscription: DeliverySubscription;
}

/**
 * The deliveries one event gets: one per distinct URL among the URLs configured on the
 * objects involved (`targets`) and the webhook watchers that follow it. A URL that is both
 * gets one delivery, as a watcher's (its body carries `event`, a superset of the other).
 * Blank and non-string targets are dropped; anything else is kept, so a malformed URL shows
 * up in the delivery log as failed instead of vanishing.
 */
export function planDeliveries(
  targets: readonly unknown[],
  watcherUrls: readonly string[],
): PlannedDelivery[] {
  const planned = new Map<string, DeliverySubscription>();
  for (const target of targets) {
    if (typeof target !== 'string' || target.trim() === '') continue;
    planned.set(normalizeWebhookUrl(target), 'object');
  }
  for (const url of watcherUrls) {
    if (url.trim() === '') continue;
    planned.set(normalizeWebhookUrl(url), 'watcher');
  }
  return [...planned].map(([url, subscription]) => ({ url, subscription }));
}
