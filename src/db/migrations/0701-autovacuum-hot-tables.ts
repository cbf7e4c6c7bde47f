import { sql } from 'kysely';
import type { AnyKysely, SqlDialect } from '../dialect.js';

/**
 * PostgreSQL only. The organization task lists answer from index-only scans of task_owners
 * (migration 0700), which stay index-only only while the visibility map is current, i.e.
 * while vacuum keeps up. With the default thresholds (20% of the table) a million-task
 * table waits for 200,000 changed rows before autovacuum visits it, and meanwhile every
 * list re-checks rows in the table: measured at 1M tasks, a busy member's counts took
 * 4.5 ms with 2,247 buffers against 1.6 ms with 91 once vacuumed. Vacuum the busiest tables
 * after about 2% of their rows changed or were inserted. SQLite has no vacuum of this kind.
 */
export async function up(db: AnyKysely, dialect: SqlDialect): Promise<void> {
  if (dialect !== 'postgres') return;
  for (const table of ['tasks', 'task_owners', 'activities', 'outbox_events']) {
    await sql`alter table ${sql.id(table)} set (
      autovacuum_vacuum_scale_factor = 0.02,
      autovacuum_vacuum_insert_scale_factor = 0.02,
      autovacuum_analyze_scale_factor = 0.02
    )`.execute(db);
  }
}
