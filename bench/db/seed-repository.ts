/**
 * Bulk loading for the benchmark suite (`npm run bench`): multi-row inserts of processes and
 * threads, bulk-load settings, exact sequence values and schema management. Tasks, owners and
 * activities go through the product's own repositories' multi-row inserts, so the rows are
 * shaped exactly as a launch writes them. The benchmark's SQL lives here, beside it, and never
 * in src/: the product does not carry it.
 */
import { type Insertable, sql } from 'kysely';
import type { Db } from '../../src/db/database.js';
import { dialectOf, toInt, toJson } from '../../src/db/dialect.js';
import { insertActivities, type NewActivity } from '../../src/db/repositories/events-repository.js';
import type { NewThread } from '../../src/db/repositories/threads-repository.js';
import type { ProcessesTable } from '../../src/db/tables/processes.js';
import type { Process } from '../../src/domain/processes/process.js';

/** Rows per statement: well under SQLite's 32,766 bound parameters and PostgreSQL's 65,535. */
const PROCESS_CHUNK = 400;
const THREAD_CHUNK = 1000;
const ACTIVITY_CHUNK = 1000;

/**
 * Seeding mode on SQLite: no fsync per commit and a large page cache while a million rows go
 * in (a crash mid-seed only loses the seed). `false` restores Flowlane's normal settings.
 */
export async function setBulkLoadMode(db: Db, on: boolean): Promise<void> {
  const dialect = dialectOf(db);
  if (dialect !== 'sqlite') return;
  await sql.raw(`pragma synchronous = ${on ? 'OFF' : 'NORMAL'}`).execute(db);
  await sql.raw(`pragma cache_size = ${on ? -262_144 : -2000}`).execute(db);
}

/** Inside a seeding transaction on PostgreSQL: commit without waiting for the WAL flush. */
export async function relaxCommit(trx: Db): Promise<void> {
  const dialect = dialectOf(trx);
  if (dialect === 'postgres') await sql`set local synchronous_commit = off`.execute(trx);
}

function processRow(p: Process): Insertable<ProcessesTable> {
  return {
    id: p.id,
    organization_id: p.organizationId,
    increment_id: p.incrementId,
    template_id: p.templateId,
    template_version: p.templateVersion,
    template_title: p.templateTitle,
    type: p.type,
    name: p.name,
    summary: p.summary,
    status: p.status,
    owner_id: p.ownerId,
    started_by: p.startedBy,
    prerun: toJson(p.prerun),
    prerun_completed_at: p.prerunCompletedAt,
    prerun_completed_by: p.prerunCompletedBy,
    tasks_total: p.tasksTotal,
    tasks_completed: p.tasksCompleted,
    tasks_all: p.tasksAll,
    open_problems: p.openProblems,
    due_date: p.dueDate,
    starred: p.starred,
    is_public: p.isPublic,
    users: toJson(p.users),
    groups: toJson(p.groups),
    tags: toJson(p.tags),
    folders: toJson(p.folders),
    parent_id: p.parentId,
    webhook: p.webhook,
    can_add_oot: p.canAddOneOffTasks,
    settings: toJson(p.settings),
    created_at: p.createdAt,
    started_at: p.startedAt,
    last_updated: p.lastUpdated,
    completed_at: p.completedAt,
    archived_at: p.archivedAt,
  };
}

export async function insertProcessRows(db: Db, processes: readonly Process[]): Promise<void> {
  for (let i = 0; i < processes.length; i += PROCESS_CHUNK) {
    await db
      .insertInto('processes')
      .values(processes.slice(i, i + PROCESS_CHUNK).map(processRow))
      .execute();
  }
}

export async function insertThreadRows(db: Db, threads: readonly NewThread[]): Promise<void> {
  for (let i = 0; i < threads.length; i += THREAD_CHUNK) {
    await db
      .insertInto('threads')
      .values(
        threads.slice(i, i + THREAD_CHUNK).map((t) => ({
          organization_id: t.organizationId,
          process_id: t.processId,
          task_id: t.taskId,
          label: t.label,
          content: t.content,
          state: t.state,
          author_type: t.authorType,
          author_id: t.authorId,
          resolves_thread_id: t.resolvesThreadId,
          resolved_by: t.resolvedBy,
          resolved_at: t.resolvedAt,
          resolution_thread_id: t.resolutionThreadId,
          created_at: t.createdAt,
          last_updated: t.lastUpdated,
          archived_at: t.archivedAt,
        })),
      )
      .execute();
  }
}

export async function insertActivityRows(db: Db, rows: readonly NewActivity[]): Promise<void> {
  for (let i = 0; i < rows.length; i += ACTIVITY_CHUNK) {
    await insertActivities(db, rows.slice(i, i + ACTIVITY_CHUNK));
  }
}

/**
 * Records the overdue announcements the deadline sweeper would have made while the seeded
 * history happened (`task.overdue` once per deadline), so a freshly started server does not
 * spend the benchmark announcing months of old deadlines.
 */
export async function markOverdueAnnounced(db: Db, organizationId: string, now: string): Promise<void> {
  await db
    .updateTable('tasks')
    .set((eb) => ({ overdue_notified_for: eb.ref('deadline') }))
    .where('organization_id', '=', organizationId)
    .where('status', 'in', ['not-started', 'in-progress'])
    .where('archived_at', 'is', null)
    .where('deadline', '<', now)
    .where('overdue_notified_for', 'is', null)
    .execute();
}

/** Sets an organization's sequence (`process`, `task`, or a bench marker) to exactly `value`. */
export async function setSequence(
  db: Db,
  organizationId: string,
  name: string,
  value: number,
): Promise<void> {
  await db
    .insertInto('counters')
    .values({ organization_id: organizationId, name, value })
    .onConflict((oc) => oc.columns(['organization_id', 'name']).doUpdateSet({ value }))
    .execute();
}

export async function findSequence(
  db: Db,
  organizationId: string,
  name: string,
): Promise<number | undefined> {
  const row = await db
    .selectFrom('counters')
    .select('value')
    .where('organization_id', '=', organizationId)
    .where('name', '=', name)
    .executeTakeFirst();
  return row ? toInt(row.value) : undefined;
}

/** A secondary index as the database describes it, to be created again after a bulk load. */
export interface SavedIndex {
  name: string;
  definition: string;
}

/**
 * Drops the secondary indexes of `tables` (primary keys and unique constraints stay) and
 * returns their definitions as the database itself reports them, so `restoreIndexes` makes
 * exactly the same ones: building an index once over sorted data is far cheaper than
 * maintaining it row by row through a million inserts.
 */
export async function dropSecondaryIndexes(db: Db, tables: readonly string[]): Promise<SavedIndex[]> {
  const dialect = dialectOf(db);
  let saved: SavedIndex[];
  if (dialect === 'sqlite') {
    const rows = await sql<{ name: string; sql: string }>`
      select name, sql from sqlite_master
      where type = 'index' and sql is not null and tbl_name in (${sql.join(tables)})`.execute(db);
    saved = rows.rows.map((r) => ({ name: r.name, definition: r.sql }));
  } else {
    const rows = await sql<{ name: string; definition: string }>`
      select i.indexname as name, i.indexdef as definition from pg_indexes i
      where i.schemaname = current_schema() and i.tablename in (${sql.join(tables)})
        and not exists (
          select 1 from pg_constraint c join pg_class x on x.oid = c.conindid
          where x.relname = i.indexname and x.relnamespace = c.connamespace)`.execute(db);
    saved = rows.rows;
  }
  for (const index of saved) await sql`drop index ${sql.id(index.name)}`.execute(db);
  return saved;
}

export async function restoreIndexes(db: Db, indexes: readonly SavedIndex[]): Promise<void> {
  for (const index of indexes) await sql.raw(index.definition).execute(db);
}

/**
 * After a bulk load on PostgreSQL: planner statistics and the visibility map of the loaded
 * tables, as autovacuum would leave them a little later (index-only scans need the latter).
 * On SQLite: the statistics Flowlane gathers when it opens a database (`pragma optimize`), so
 * the seeding process plans as a server started on the seeded file does.
 */
export async function vacuumAfterBulkLoad(db: Db, tables: readonly string[]): Promise<void> {
  const dialect = dialectOf(db);
  if (dialect === 'sqlite') {
    await sql`pragma optimize = 0x10002`.execute(db);
    return;
  }
  await sql`vacuum (analyze) ${sql.join(tables.map((t) => sql.id(t)))}`.execute(db);
}

/** PostgreSQL schema names are validated by the caller (an identifier); these run unquoted. */
const identifier = (name: string) => {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`not a schema name: ${name}`);
  return sql.raw(name);
};

export async function schemaExists(db: Db, name: string): Promise<boolean> {
  const found = await sql<{
    n: number;
  }>`select count(*) as n from pg_namespace where nspname = ${name}`.execute(db);
  return toInt(found.rows[0]?.n) > 0;
}

export async function createSchema(db: Db, name: string): Promise<void> {
  await sql`create schema if not exists ${identifier(name)}`.execute(db);
}

export async function dropSchema(db: Db, name: string): Promise<void> {
  await sql`drop schema if exists ${identifier(name)} cascade`.execute(db);
}

/** Bytes used by a schema's tables with their indexes and TOAST data. */
export async function schemaSizeBytes(db: Db, name: string): Promise<number> {
  const result = await sql<{ bytes: number | null }>`
    select sum(pg_total_relation_size(c.oid)) as bytes
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = ${name} and c.relkind = 'r'`.execute(db);
  return toInt(result.rows[0]?.bytes ?? 0);
}
