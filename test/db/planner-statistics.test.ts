import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backgroundJobs } from '../../src/jobs/index.js';
import { PLANNER_STATISTICS_INTERVAL_MS, plannerStatisticsJob } from '../../src/jobs/planner-statistics.js';
import { createTestContext, type TestContext } from '../helpers/context.js';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(() => t.close());

describe('planner statistics job', () => {
  it('runs with the background jobs, hourly, and refreshes statistics without error on either database', async () => {
    expect(backgroundJobs).toContain(plannerStatisticsJob);
    expect(plannerStatisticsJob.intervalMs).toBe(PLANNER_STATISTICS_INTERVAL_MS);
    expect(PLANNER_STATISTICS_INTERVAL_MS).toBe(60 * 60 * 1000);
    // Never reports work done, so the scheduler waits the full interval before the next pass.
    await expect(plannerStatisticsJob.run(t.ctx)).resolves.toBe(0);
  });
});
