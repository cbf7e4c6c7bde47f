/**
 * The notification consumer's look-up of who was already told of an assignment runs on every
 * pass. At a million tasks it read every notification of the organization (130,000 rows, a
 * third of a busy server's CPU) until the partial index on the task came in; this keeps the
 * query on that index. The table here is small, so PostgreSQL is told to avoid sequential
 * scans: what matters is that the index matches the query.
 */
import { CompiledQuery, sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { assignmentsNotifiedQuery } from '../../src/db/repositories/notifications-repository.js';
import { createTestContext, type TestContext } from '../helpers/context.js';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(() => t.close());

it('finds the assignments already notified through notifications_assigned_task_idx', async () => {
  const plan = await t.db.kysely.transaction().execute(async (trx) => {
    const compiled = assignmentsNotifiedQuery(trx, 'org', ['a1', 'b2']).compile();
    const pg = t.db.dialect === 'postgres';
    if (pg) await sql`set local enable_seqscan = off`.execute(trx);
    const explain = `${pg ? 'explain' : 'explain query plan'} ${compiled.sql}`;
    const result = await trx.executeQuery(CompiledQuery.raw(explain, [...compiled.parameters]));
    return JSON.stringify(result.rows);
  });
  expect(plan).toContain('notifications_assigned_task_idx');
});
