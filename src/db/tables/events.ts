import type { DbJson, Serial, Timestamp } from './types.js';

/** The audit trail: who did what to which object, with old and new values. */
export interface ActivitiesTable {
  id: Serial;
  organization_id: string;
  actor_type: 'user' | 'guest' | 'system';
  actor_id: number | null;
  /** Verb, e.g. `completed`, `reopened`, `updated`, `launched`, `archived`. */
  action: string;
  /** `process` | `task` | `template` | `step` | `thread` | `organization` | … */
  object_type: string;
  object_id: string;
  process_id: string | null;
  task_id: string | null;
  /** The field a change concerns, when it concerns one (`deadline`, `owners`, `taskdata.<id>`). */
  field: string | null;
  old_value: DbJson | null;
  new_value: DbJson | null;
  text: string | null;
  created_at: Timestamp;
  /** When the change was undone (`PUT /activity-feed/{id}/undo`, migration 0871), and by whom. */
  undone_at: Timestamp | null;
  undone_by: number | null;
}

/** One searchable object (migration 0870), kept by triggers on its source table. */
export interface SearchDocumentsTable {
  id: Serial;
  organization_id: string;
  /** `task` | `process` | `template` | `step`. */
  kind: string;
  /** The kind followed by the organization id: the token scoping a text query. */
  scope: string;
  subject_id: string;
  /** A step's template, a task's process, a process's template. */
  parent_id: string | null;
  title: string | null;
  body: string | null;
}

/**
 * Events written in the same transaction as the change they describe, delivered after
 * commit (webhooks, e-mail). `sequence` orders a process's events.
 */
export interface OutboxEventsTable {
  id: string;
  organization_id: string;
  name: string;
  process_id: string | null;
  task_id: string | null;
  sequence: number;
  payload: DbJson;
  /**
   * Webhook URLs configured on the objects involved (template, step, one-off task, rule
   * `emit_webhook`), as a JSON array; organization-level subscribers are added at dispatch.
   */
  targets: DbJson;
  created_at: Timestamp;
  /** Set once the dispatcher has turned the event into deliveries. */
  dispatched_at: Timestamp | null;
  /** Who acted (migration 0830); null on system events and events written before it. */
  actor_type: 'user' | 'guest' | 'system' | null;
  actor_id: number | null;
  /** What the payload does not say, for notifications (e.g. `{"thread_id": 7}`). */
  detail: DbJson | null;
  /** Set once the notification consumer has turned the event into notifications. */
  notified_at: Timestamp | null;
}

export interface EventTables {
  activities: ActivitiesTable;
  outbox_events: OutboxEventsTable;
  search_documents: SearchDocumentsTable;
}
