import type { DbBool, DbJson, Serial, Timestamp } from './types.js';

/**
 * One outbox event to one URL. It stays `pending` until an attempt succeeds (`succeeded`)
 * or retrying is given up (`failed`); a replay starts a new cycle on the same row.
 */
export interface WebhookDeliveriesTable {
  id: string;
  organization_id: string;
  event_id: string;
  /** The event's name, copied for filtering the log. */
  event_name: string;
  url: string;
  /** `object` (template/step/task/rule URL) or `watcher` (adds the `event` field to the body). */
  subscription: 'object' | 'watcher';
  status: 'pending' | 'succeeded' | 'failed';
  /** Attempts ever made; numbers the attempt rows. */
  attempts: number;
  /** Attempts in the current cycle; drives the backoff. */
  cycle_attempts: number;
  cycle_started_at: Timestamp;
  /** When a worker may next try; null once finished. */
  next_attempt_at: Timestamp | null;
  /** A worker's claim: until then no other worker takes the row. */
  locked_until: Timestamp | null;
  claim_token: string | null;
  last_status_code: number | null;
  last_error: string | null;
  created_at: Timestamp;
  completed_at: Timestamp | null;
}

/** One HTTP attempt of a delivery, as the log shows it. */
export interface WebhookAttemptsTable {
  id: Serial;
  organization_id: string;
  delivery_id: string;
  attempt_number: number;
  status_code: number | null;
  duration_ms: number;
  error: string | null;
  response_snippet: string | null;
  started_at: Timestamp;
}

/** The spec's `Watch`: a member following an object (or the whole organization). */
export interface WatchersTable {
  id: Serial;
  organization_id: string;
  user_id: number;
  /** `organization` | `checklist` | `run` | `task` | `user` */
  object_type: string;
  object_id: string;
  notification_type: 'email' | 'webhook' | 'chat';
  frequency: 'electric' | 'mindful' | 'chilled';
  webhook: string | null;
  is_system_watch: DbBool;
  created_by: number;
  created_at: Timestamp;
  last_updated: Timestamp;
}

/**
 * Mail Flowlane sends or keeps: `queued` waits for the e-mail job (SMTP configured),
 * `sent` is the log of what went out, `failed` was given up on, `stored` was kept here
 * because no SMTP server is configured.
 */
export interface OutgoingEmailsTable {
  id: string;
  organization_id: string;
  to_address: string;
  subject: string;
  text_body: string;
  html_body: string | null;
  /** Why it was sent (`task.email_step`, `invite`, …), for the list and for filtering. */
  reason: string;
  status: 'queued' | 'sent' | 'failed' | 'stored';
  attempts: number;
  next_attempt_at: Timestamp | null;
  locked_until: Timestamp | null;
  claim_token: string | null;
  last_error: string | null;
  message_id: string | null;
  created_at: Timestamp;
  sent_at: Timestamp | null;
  /** Extra headers (threading, List-Unsubscribe) as a JSON object (migration 0830). */
  headers: DbJson | null;
}

export interface WebhookTables {
  webhook_deliveries: WebhookDeliveriesTable;
  webhook_attempts: WebhookAttemptsTable;
  watchers: WatchersTable;
  outgoing_emails: OutgoingEmailsTable;
}
