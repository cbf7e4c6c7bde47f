import { Type } from 'typebox';
import type { OutgoingEmail } from '../../domain/outgoing-email.js';
import type { DeliveryView } from '../../domain/views.js';
import type { WebhookAttempt } from '../../domain/webhooks/delivery.js';
import { IsoDate, Nullable, NullableDate } from '../schemas/common.js';

export const WebhookAttemptSchema = Type.Object({
  attempt: Type.Integer(),
  status_code: Nullable(Type.Integer()),
  duration_ms: Type.Integer(),
  error: Nullable(Type.String()),
  response_snippet: Nullable(Type.String()),
  started_at: IsoDate,
});

export const WebhookDeliverySchema = Type.Object({
  id: Type.String(),
  event_id: Type.String(),
  event: Type.String(),
  url: Type.String(),
  subscription: Type.String({ description: '`object` (template/step/task/rule URL) or `watcher`' }),
  status: Type.String({ description: 'pending | succeeded | failed' }),
  attempts_count: Type.Integer(),
  next_attempt_at: NullableDate,
  last_status_code: Nullable(Type.Integer()),
  last_error: Nullable(Type.String()),
  created_at: IsoDate,
  completed_at: NullableDate,
  attempts: Type.Object({ data: Type.Array(WebhookAttemptSchema) }),
});

function presentAttempt(a: WebhookAttempt) {
  return {
    attempt: a.attemptNumber,
    status_code: a.statusCode,
    duration_ms: a.durationMs,
    error: a.error,
    response_snippet: a.responseSnippet,
    started_at: a.startedAt,
  };
}

export function presentWebhookDelivery({ delivery: d, attempts }: DeliveryView) {
  return {
    id: d.id,
    event_id: d.eventId,
    event: d.eventName,
    url: d.url,
    subscription: d.subscription,
    status: d.status,
    attempts_count: d.attempts,
    next_attempt_at: d.nextAttemptAt,
    last_status_code: d.lastStatusCode,
    last_error: d.lastError,
    created_at: d.createdAt,
    completed_at: d.completedAt,
    attempts: { data: attempts.map(presentAttempt) },
  };
}

export const OutgoingEmailSchema = Type.Object({
  id: Type.String(),
  to: Type.String(),
  subject: Type.String(),
  text: Type.String(),
  html: Nullable(Type.String()),
  reason: Type.String(),
  status: Type.String({ description: 'queued | sent | failed | stored (kept: no SMTP_URL)' }),
  attempts: Type.Integer(),
  next_attempt_at: NullableDate,
  last_error: Nullable(Type.String()),
  message_id: Nullable(Type.String()),
  created_at: IsoDate,
  sent_at: NullableDate,
});

export function presentOutgoingEmail(e: OutgoingEmail) {
  return {
    id: e.id,
    to: e.to,
    subject: e.subject,
    text: e.text,
    html: e.html,
    reason: e.reason,
    status: e.status,
    attempts: e.attempts,
    next_attempt_at: e.nextAttemptAt,
    last_error: e.lastError,
    message_id: e.messageId,
    created_at: e.createdAt,
    sent_at: e.sentAt,
  };
}
