/** Watcher bodies (wire) → typed inputs of the watcher services; other keys are ignored. */
import type { Static } from 'typebox';
import type { AddWatcherInput, UpdateWatcherInput } from '../../services/watchers/watcher-input.js';
import type { AddBody, UpdateBody } from './watchers.routes.js';

export function addWatcherInputOf(body: Static<typeof AddBody>): AddWatcherInput {
  return {
    objectType: body.object_type,
    objectId: body.object_id,
    notificationType: body.notification_type,
    frequency: body.frequency,
    webhook: body.webhook,
    isSystemWatch: body.is_system_watch,
  };
}

export function updateWatcherInputOf(body: Static<typeof UpdateBody>): UpdateWatcherInput {
  return { notificationType: body.notification_type, frequency: body.frequency, webhook: body.webhook };
}
