/**
 * Notifications as the rules see them: what kinds exist, which category each belongs to
 * (what people turn up or down), and when a notification is mailed. Pure: no I/O.
 */
import { DateTime } from 'luxon';
import type { WatchFrequency } from './watchers.js';

export const NOTIFICATION_CATEGORIES = [
  'assigned',
  'reminders',
  'comments',
  'problems',
  'processes',
] as const;
export type NotificationCategory = (typeof NOTIFICATION_CATEGORIES)[number];

/** immediate: mailed (after the coalescing window); digest: in the daily digest; off: not mailed. */
export const NOTIFICATION_PREFERENCES = ['immediate', 'digest', 'off'] as const;
export type NotificationPreference = (typeof NOTIFICATION_PREFERENCES)[number];
/** Guests get no digest: a guest has no daily list to come back to. */
export const GUEST_PREFERENCES = ['immediate', 'off'] as const;

export const NOTIFICATION_KINDS = [
  'assigned',
  'due_soon',
  'overdue',
  'comment',
  'mention',
  'problem_reported',
  'problem_resolved',
  'task_completed',
  'process_completed',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

const CATEGORY_OF: Record<NotificationKind, NotificationCategory> = {
  assigned: 'assigned',
  due_soon: 'reminders',
  overdue: 'reminders',
  comment: 'comments',
  mention: 'comments',
  problem_reported: 'problems',
  problem_resolved: 'problems',
  task_completed: 'processes',
  process_completed: 'processes',
};

export function categoryOf(kind: NotificationKind): NotificationCategory {
  return CATEGORY_OF[kind];
}

export type RecipientType = 'user' | 'guest';

export interface Recipient {
  type: RecipientType;
  id: number;
}

export const recipientKey = (r: Recipient): string => `${r.type}:${r.id}`;

/** A member's or guest's choices in one organization. */
export interface NotificationSettings {
  categories: Record<NotificationCategory, NotificationPreference>;
  /** The local hour (0–23, in the member's timezone) the daily digest is sent. */
  digestHour: number;
}

export function defaultSettings(digestHour: number): NotificationSettings {
  return {
    categories: {
      assigned: 'immediate',
      reminders: 'immediate',
      comments: 'immediate',
      problems: 'immediate',
      processes: 'immediate',
    },
    digestHour,
  };
}

/** `@[42]` in a comment's text mentions member 42 (reference §6.14). */
export function mentionedUserIds(content: string): number[] {
  const ids = new Set<number>();
  for (const match of content.matchAll(/@\[(\d{1,10})\]/g)) ids.add(Number(match[1]));
  return [...ids];
}

export type Delivery = 'email' | 'digest' | 'none';

export interface DeliveryPlan {
  delivery: Delivery;
  /** When the mail may go: the end of the coalescing window (or of the watch's hour). */
  sendAfter: string | null;
}

/**
 * How a notification reaches its recipient. A category's preference decides for
 * assignees, mentions and launchers; a watch's frequency decides for what comes through a
 * watch: `electric` like `immediate`, `mindful` at the next whole hour (so a watcher gets at
 * most one such mail an hour, everything of that hour in it), `chilled` in the digest.
 */
export function planDelivery(
  now: Date,
  coalesceSeconds: number,
  via: { preference: NotificationPreference } | { watch: WatchFrequency },
): DeliveryPlan {
  const soon = new Date(now.getTime() + coalesceSeconds * 1000).toISOString();
  if ('watch' in via) {
    if (via.watch === 'chilled') return { delivery: 'digest', sendAfter: null };
    if (via.watch === 'mindful') {
      const hour = new Date(now);
      hour.setUTCMinutes(0, 0, 0);
      hour.setUTCHours(hour.getUTCHours() + 1);
      return { delivery: 'email', sendAfter: hour.toISOString() };
    }
    return { delivery: 'email', sendAfter: soon };
  }
  if (via.preference === 'off') return { delivery: 'none', sendAfter: null };
  if (via.preference === 'digest') return { delivery: 'digest', sendAfter: null };
  return { delivery: 'email', sendAfter: soon };
}

/** A zone luxon knows, or UTC: a member's stored timezone may be anything a client sent. */
export function safeZone(timezone: string | null | undefined): string {
  if (timezone && DateTime.now().setZone(timezone).isValid) return timezone;
  return 'UTC';
}

/** The next digest moment strictly after `after`: `hour`:00 in `timezone`. */
export function nextDigestAt(after: Date, timezone: string, hour: number): string {
  const local = DateTime.fromJSDate(after).setZone(safeZone(timezone));
  let at = local.set({ hour, minute: 0, second: 0, millisecond: 0 });
  if (at.toMillis() <= after.getTime()) at = at.plus({ days: 1 }).set({ hour });
  return at.toUTC().toISO() ?? after.toISOString();
}

/** The end of the local day of `at` in `timezone` (the digest's "due today" bound). */
export function endOfLocalDay(at: Date, timezone: string): string {
  const local = DateTime.fromJSDate(at).setZone(safeZone(timezone)).endOf('day');
  return local.toUTC().toISO() ?? at.toISOString();
}

/** One thing one person was told (or will be). */
export interface Notification {
  id: string;
  organizationId: string;
  recipient: Recipient;
  kind: string;
  category: string;
  taskId: string | null;
  processId: string | null;
  title: string;
  text: string | null;
  actor: { type: 'user' | 'guest' | 'system'; id: number | null };
  watchId: number | null;
  delivery: Delivery;
  readAt: string | null;
  createdAt: string;
}
