import type { Timestamp } from './types.js';

/** One thing one person is told about (migration 0830). */
export interface NotificationsTable {
  id: string;
  organization_id: string;
  recipient_type: 'user' | 'guest';
  recipient_id: number;
  event_id: string;
  /** The task's id, or '' for an event without one: part of the unique key. */
  task_key: string;
  kind: string;
  category: string;
  task_id: string | null;
  process_id: string | null;
  title: string;
  text: string | null;
  actor_type: 'user' | 'guest' | 'system';
  actor_id: number | null;
  /** The watch this came through, when it came through one. */
  watch_id: number | null;
  /** `email` (mailed when `send_after` arrives), `digest`, or `none` (in-app only). */
  delivery: 'email' | 'digest' | 'none';
  send_after: Timestamp | null;
  emailed_at: Timestamp | null;
  email_id: string | null;
  read_at: Timestamp | null;
  created_at: Timestamp;
}

export interface NotificationSettingsTable {
  organization_id: string;
  recipient_type: 'user' | 'guest';
  recipient_id: number;
  assigned: string;
  reminders: string;
  comments: string;
  problems: string;
  processes: string;
  digest_hour: number;
  last_digest_at: Timestamp | null;
  next_digest_at: Timestamp | null;
  updated_at: Timestamp;
}

export interface NotificationOrgSettingsTable {
  organization_id: string;
  due_soon_hours: number;
  updated_at: Timestamp;
}

export interface NotificationTables {
  notifications: NotificationsTable;
  notification_settings: NotificationSettingsTable;
  notification_org_settings: NotificationOrgSettingsTable;
}
