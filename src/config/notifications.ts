import type { EnvReader } from './env.js';

/** Notifications: when mail goes out and how much of it. */
export interface NotificationConfig {
  /**
   * NOTIFY_COALESCE_SECONDS (default 60): a notification waits this long before it is mailed,
   * so everything that happens to one person's work within that window arrives as one mail.
   */
  coalesceSeconds: number;
  /**
   * NOTIFY_HOURLY_CAP (default 10): at most this many notification mails per recipient per
   * hour; what would exceed it waits for their daily digest.
   */
  hourlyCap: number;
  /** NOTIFY_DIGEST_HOUR (default 8): the local hour of the daily digest for people who chose none. */
  defaultDigestHour: number;
  /** NOTIFY_DUE_SOON_HOURS (default 24): the due-soon lead time of organizations that set none. */
  defaultDueSoonHours: number;
  /** NOTIFY_BATCH (default 200): outbox events, mails or digests one pass takes. */
  batch: number;
}

export function readNotificationConfig(read: EnvReader): NotificationConfig {
  return {
    coalesceSeconds: read.int('NOTIFY_COALESCE_SECONDS', 60, 0, 3_600),
    hourlyCap: read.int('NOTIFY_HOURLY_CAP', 10, 1, 1_000),
    defaultDigestHour: read.int('NOTIFY_DIGEST_HOUR', 8, 0, 23),
    defaultDueSoonHours: read.int('NOTIFY_DUE_SOON_HOURS', 24, 1, 24 * 30),
    batch: read.int('NOTIFY_BATCH', 200, 1, 5_000),
  };
}
