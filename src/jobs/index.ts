/** The background jobs `flowlane serve` runs next to the HTTP server. Issues add theirs here. */
import { deadlineSweepJob } from './deadline-sweeper.js';
import { emailJob } from './email-delivery.js';
import { notificationDigestJob } from './notification-digest.js';
import { notificationDispatchJob } from './notification-dispatch.js';
import { notificationMailJob } from './notification-mail.js';
import { plannerStatisticsJob } from './planner-statistics.js';
import { retentionJob } from './retention.js';
import type { Job } from './scheduler.js';
import { webhookDeliveryJob } from './webhook-delivery.js';
import { webhookDispatchJob } from './webhook-dispatch.js';

export const backgroundJobs: Job[] = [
  // outbox → webhook deliveries → receivers; queued mail → SMTP
  webhookDispatchJob,
  webhookDeliveryJob,
  emailJob,
  // deadlines that act (expiry, email steps, overdue)
  deadlineSweepJob,
  // outbox → notifications → mail (after the coalescing window) and the daily digest
  notificationDispatchJob,
  notificationMailJob,
  notificationDigestJob,
  // SQLite planner statistics refreshed hourly (no-op on PostgreSQL)
  plannerStatisticsJob,
  // data that would grow forever, trimmed in small batches
  retentionJob,
];
