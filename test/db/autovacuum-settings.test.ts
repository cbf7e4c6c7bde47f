import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../helpers/context.js';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(() => t.close());

describe('migration 0701: vacuum thresholds of the busiest tables', () => {
  it('asks PostgreSQL to vacuum tasks and task_owners after 2% of their rows changed; a no-op on SQLite', async () => {
    const applied = await sql<{
      name: string;
    }>`select name from kysely_migration where name = '0701-autovacuum-hot-tables'`.execute(t.ctx.db.kysely);
    expect(applied.rows).toHaveLength(1);
    if (t.ctx.db.dialect !== 'postgres') return;
    const { rows } = await sql<{ relname: string; reloptions: string[] | string | null }>`
      select relname, reloptions from pg_class
      where relnamespace = current_schema()::regnamespace and relname in ('tasks', 'task_owners')
      order by relname`.execute(t.ctx.db.kysely);
    expect(rows.map((r) => r.relname)).toEqual(['task_owners', 'tasks']);
    for (const row of rows) {
      const options = Array.isArray(row.reloptions) ? row.reloptions.join(',') : String(row.reloptions);
      expect(options).toContain('autovacuum_vacuum_scale_factor=0.02');
      expect(options).toContain('autovacuum_vacuum_insert_scale_factor=0.02');
    }
  });
});
