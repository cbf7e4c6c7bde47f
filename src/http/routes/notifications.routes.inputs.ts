/** Wire bodies of the notification routes → typed service inputs. */
import { NOTIFICATION_CATEGORIES, type NotificationPreference } from '../../domain/notifications.js';
import type { SettingsInput } from '../../services/notifications/notification-settings.js';

export type SettingsBody = Partial<Record<(typeof NOTIFICATION_CATEGORIES)[number], string>> & {
  digest_hour?: number;
};

export function settingsInputFrom(body: SettingsBody): SettingsInput {
  const categories: SettingsInput['categories'] = {};
  for (const category of NOTIFICATION_CATEGORIES) {
    const value = body[category];
    if (value !== undefined) categories[category] = value as NotificationPreference;
  }
  return { categories, ...(body.digest_hour !== undefined ? { digestHour: body.digest_hour } : {}) };
}
