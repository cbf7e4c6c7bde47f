import { Type } from 'typebox';
import type { NotificationRow } from '../../db/repositories/notifications-repository.js';
import type { NotificationSettings } from '../../domain/notifications.js';
import { Nullable } from '../schemas/common.js';

export const NotificationSchema = Type.Object({
  id: Type.String(),
  kind: Type.String({
    description:
      'assigned | due_soon | overdue | comment | mention | problem_reported | problem_resolved | task_completed | process_completed',
  }),
  category: Type.String(),
  title: Type.String(),
  text: Nullable(Type.String()),
  task_id: Nullable(Type.String()),
  run_id: Nullable(Type.String()),
  actor: Type.Object({ type: Type.String(), id: Nullable(Type.Integer()) }),
  is_read: Type.Boolean(),
  read_at: Nullable(Type.String()),
  created_at: Type.String(),
});

export function presentNotification(row: NotificationRow) {
  return {
    id: row.id,
    kind: row.kind,
    category: row.category,
    title: row.title,
    text: row.text,
    task_id: row.task_id,
    run_id: row.process_id,
    actor: { type: row.actor_type, id: row.actor_id },
    is_read: row.read_at !== null,
    read_at: row.read_at,
    created_at: row.created_at,
  };
}

export const NotificationSettingsSchema = Type.Object({
  assigned: Type.String(),
  reminders: Type.String(),
  comments: Type.String(),
  problems: Type.String(),
  processes: Type.String(),
  digest_hour: Type.Integer(),
});

export function presentNotificationSettings(settings: NotificationSettings) {
  return { ...settings.categories, digest_hour: settings.digestHour };
}
