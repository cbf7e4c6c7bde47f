import { Type } from 'typebox';
import type { Notification, NotificationSettings } from '../../domain/notifications.js';
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

export function presentNotification(row: Notification) {
  return {
    id: row.id,
    kind: row.kind,
    category: row.category,
    title: row.title,
    text: row.text,
    task_id: row.taskId,
    run_id: row.processId,
    actor: { type: row.actor.type, id: row.actor.id },
    is_read: row.readAt !== null,
    read_at: row.readAt,
    created_at: row.createdAt,
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
