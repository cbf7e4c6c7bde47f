/** Validation of the watcher bodies (`watchObjectInput`, `updateWatchObjectInput`). */
import type { NewWatcher, WatcherChanges } from '../../db/repositories/watchers-repository.js';
import { FieldErrorCollector } from '../../domain/errors.js';
import {
  NOTIFICATION_TYPES,
  parseNotificationType,
  parseWatchFrequency,
  parseWatchObjectType,
  WATCH_FREQUENCIES,
  type Watcher,
} from '../../domain/watchers.js';
import { assertWebhookUrlAllowed, type UrlPolicyConfig } from '../../domain/webhooks/url-safety.js';

export interface AddWatcherInput {
  objectType?: string | undefined;
  objectId?: string | number | undefined;
  notificationType?: string | undefined;
  frequency?: string | undefined;
  webhook?: string | null | undefined;
  isSystemWatch?: boolean | undefined;
}

export type UpdateWatcherInput = Pick<AddWatcherInput, 'notificationType' | 'frequency' | 'webhook'>;

type ParsedWatcher = Pick<
  NewWatcher,
  'objectType' | 'objectId' | 'notificationType' | 'frequency' | 'webhook' | 'isSystemWatch'
>;

const blank = (value: unknown) => value === undefined || value === null || String(value).trim() === '';

/**
 * Checks and normalises an add-watcher body. The notification type defaults to `webhook`
 * when a URL is given and `email` otherwise; the frequency to `electric`.
 */
export function parseAddWatcher(input: AddWatcherInput, config: UrlPolicyConfig): ParsedWatcher {
  const errors = new FieldErrorCollector();
  const objectType = blank(input.objectType) ? undefined : parseWatchObjectType(String(input.objectType));
  if (blank(input.objectType)) errors.add('object_type', 'The object type field is required.');
  else if (!objectType)
    errors.add('object_type', 'The object type must be one of Checklist, Run, Task, User, organization.');
  if (blank(input.objectId)) errors.add('object_id', 'The object id field is required.');
  const webhook = blank(input.webhook) ? null : String(input.webhook).trim();
  const notificationType = parseChannel(input.notificationType, webhook ? 'webhook' : 'email', errors);
  const frequency = parseFrequency(input.frequency, 'electric', errors);
  if (notificationType === 'webhook' && webhook === null) {
    errors.add('webhook', 'The webhook field is required when the notification type is webhook.');
  }
  errors.throwIfAny();
  if (notificationType === 'webhook' && webhook) assertWebhookUrlAllowed(webhook, config);
  return {
    objectType: objectType ?? 'organization',
    objectId: String(input.objectId).trim(),
    notificationType: notificationType ?? 'email',
    frequency: frequency ?? 'electric',
    webhook: notificationType === 'webhook' ? webhook : null,
    isSystemWatch: input.isSystemWatch === true,
  };
}

/** Checks an update body against the watcher it changes; the result keeps it consistent. */
export function parseUpdateWatcher(
  input: UpdateWatcherInput,
  current: Watcher,
  config: UrlPolicyConfig,
): WatcherChanges {
  const errors = new FieldErrorCollector();
  const notificationType = parseChannel(input.notificationType, current.notificationType, errors);
  const frequency = parseFrequency(input.frequency, current.frequency, errors);
  const webhook =
    input.webhook === undefined
      ? current.webhook
      : blank(input.webhook)
        ? null
        : String(input.webhook).trim();
  if (notificationType === 'webhook' && !webhook) {
    errors.add('webhook', 'The webhook field is required when the notification type is webhook.');
  }
  errors.throwIfAny();
  if (notificationType === 'webhook' && webhook) assertWebhookUrlAllowed(webhook, config);
  return {
    ...(notificationType ? { notificationType } : {}),
    ...(frequency ? { frequency } : {}),
    webhook: notificationType === 'webhook' ? webhook : null,
  };
}

function parseChannel(
  raw: string | undefined,
  fallback: Watcher['notificationType'],
  errors: FieldErrorCollector,
) {
  if (blank(raw)) return fallback;
  const value = parseNotificationType(String(raw));
  if (!value)
    errors.add('notification_type', `The notification type must be one of ${NOTIFICATION_TYPES.join(', ')}.`);
  return value;
}

function parseFrequency(
  raw: string | undefined,
  fallback: Watcher['frequency'],
  errors: FieldErrorCollector,
) {
  if (blank(raw)) return fallback;
  const value = parseWatchFrequency(String(raw));
  if (!value) errors.add('frequency', `The frequency must be one of ${WATCH_FREQUENCIES.join(', ')}.`);
  return value;
}
