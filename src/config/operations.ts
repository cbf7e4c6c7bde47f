import type { EnvReader } from './env.js';

/** Metrics, overload protection and how long logs and expired rows are kept. */
export interface OperationsConfig {
  /**
   * METRICS_TOKEN: set, `GET /metrics` answers Prometheus text to `Authorization: Bearer
   * <token>`; unset, `/metrics` does not exist (404), so nothing is exposed by default.
   */
  metricsToken: string | undefined;
  /**
   * OVERLOAD_EVENT_LOOP_DELAY_MS (default 250, 0 turns it off): past this event-loop delay
   * new requests are answered 503 with Retry-After at once instead of queueing behind the
   * ones already admitted.
   */
  overloadEventLoopDelayMs: number;
  /** OVERLOAD_RETRY_AFTER_SECONDS (default 5): the Retry-After of an overload answer. */
  overloadRetryAfterSeconds: number;
  retention: RetentionConfig;
}

export interface RetentionConfig {
  /** WEBHOOK_LOG_RETENTION_DAYS (default 30): dispatched events and finished deliveries with their attempts. */
  webhookLogDays: number;
  /** EMAIL_RETENTION_DAYS (default 30): sent (and given-up) e-mails. */
  emailDays: number;
  /** ACTIVITY_RETENTION_DAYS (default unset: kept forever): the activity/audit trail. */
  activityDays: number | undefined;
  /** RETENTION_BATCH (default 500): rows one delete takes, each in its own short transaction. */
  batch: number;
  /** RETENTION_INTERVAL_MS (default 600000): the pause between two passes that found nothing. */
  intervalMs: number;
}

export function readOperationsConfig(read: EnvReader): OperationsConfig {
  const metricsToken = read.str('METRICS_TOKEN');
  if (metricsToken !== undefined && metricsToken.length < 16) {
    read.problems.push('METRICS_TOKEN must be at least 16 characters long');
  }
  const activity = read.str('ACTIVITY_RETENTION_DAYS');
  return {
    metricsToken,
    overloadEventLoopDelayMs: read.int('OVERLOAD_EVENT_LOOP_DELAY_MS', 250, 0, 60_000),
    overloadRetryAfterSeconds: read.int('OVERLOAD_RETRY_AFTER_SECONDS', 5, 1, 3_600),
    retention: {
      webhookLogDays: read.int('WEBHOOK_LOG_RETENTION_DAYS', 30, 1, 36_500),
      emailDays: read.int('EMAIL_RETENTION_DAYS', 30, 1, 36_500),
      activityDays: activity === undefined ? undefined : read.int('ACTIVITY_RETENTION_DAYS', 0, 1, 36_500),
      batch: read.int('RETENTION_BATCH', 500, 1, 10_000),
      intervalMs: read.int('RETENTION_INTERVAL_MS', 600_000, 1_000, 86_400_000),
    },
  };
}
