/**
 * Keeps SQLite's query planner statistics current in a long-running server: the tables grow
 * (a database seeded small, or empty, at start is large an hour later) and plans chosen from
 * stale statistics can be orders of magnitude slower. Nothing to do on PostgreSQL.
 */
import { refreshPlannerStatistics } from '../db/dialect.js';
import type { Job } from './scheduler.js';

/** Hourly, as SQLite recommends for long-lived connections. */
export const PLANNER_STATISTICS_INTERVAL_MS = 60 * 60 * 1000;

export const plannerStatisticsJob: Job = {
  name: 'planner-statistics',
  intervalMs: PLANNER_STATISTICS_INTERVAL_MS,
  async run(ctx) {
    await refreshPlannerStatistics(ctx.db.kysely);
    // Never "busy": the next pass waits the full interval.
    return 0;
  },
};
