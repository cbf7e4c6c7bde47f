import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backgroundJobs } from '../../src/jobs/index.js';
import { PLANNER_STATISTICS_INTERVAL_MS, plannerStatisticsJob } from '../../src/jobs/planner-statistics.js';
import { createTestContext, type TestContext, testDatabaseKind } from '../helpers/context.js';
import { addMember, createOrgWithAdmin } from '../helpers/factories.js';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(() => t.close());

/** SQLite's statistics of the memberships-by-user index: `rows rows-per-user`. */
async function membershipStatistics(s: TestContext): Promise<string[]> {
  const { rows } = await sql<{ stat: string }>`
    select stat from sqlite_stat1 where tbl = 'memberships' and idx = 'memberships_user_idx'
  `.execute(s.db.kysely);
  return rows.map((row) => row.stat);
}

async function membershipCount(s: TestContext): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*) as n from memberships`.execute(s.db.kysely);
  return Number(rows[0]?.n);
}

/**
 * A lookup through a non-unique index, as the server makes all the time: what tells SQLite
 * that the table's statistics matter to its plans (it re-analyzes only such tables).
 */
async function lookUpMemberships(s: TestContext, userId: number): Promise<void> {
  await sql`select organization_id from memberships where user_id = ${userId}`.execute(s.db.kysely);
}

describe('planner statistics job', () => {
  it('runs with the background jobs, hourly, and never reports work (the next pass waits the interval)', async () => {
    expect(backgroundJobs).toContain(plannerStatisticsJob);
    expect(plannerStatisticsJob.intervalMs).toBe(60 * 60 * 1000);
    expect(PLANNER_STATISTICS_INTERVAL_MS).toBe(60 * 60 * 1000);
    await expect(plannerStatisticsJob.run(t.ctx)).resolves.toBe(0);
  });

  it.runIf(testDatabaseKind() === 'sqlite')(
    'on SQLite, records statistics for a table that had none, and renews them once it has grown tenfold',
    async () => {
      // Its own database, opened before the table had rows: no statistics for it yet.
      const s = await createTestContext();
      try {
        const org = await createOrgWithAdmin(s.ctx);
        await addMember(s.ctx, org.orgId, 'standard');
        expect(await membershipStatistics(s)).toEqual([]);

        await plannerStatisticsJob.run(s.ctx);
        const before = await membershipCount(s);
        expect(await membershipStatistics(s)).toEqual([`${before} 1`]);

        for (let i = 0; i < before * 11; i++) await addMember(s.ctx, org.orgId, 'light');
        await lookUpMemberships(s, org.admin.userId);
        await plannerStatisticsJob.run(s.ctx);
        expect(await membershipStatistics(s)).toEqual([`${await membershipCount(s)} 1`]);
      } finally {
        await s.close();
      }
    },
  );

  it.runIf(testDatabaseKind() === 'postgres')(
    "on PostgreSQL, runs no statement: autovacuum's analyze keeps the statistics there",
    async () => {
      const queries = t.db.stats.queries;
      await plannerStatisticsJob.run(t.ctx);
      expect(t.db.stats.queries).toBe(queries);
    },
  );
});
