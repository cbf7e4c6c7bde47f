/** Aggregates over the tasks of processes: counters, positions, archiving, late tasks. */
import type { TaskCounters } from '../../domain/processes/process.js';
import type { Db } from '../database.js';
import { toInt } from '../dialect.js';
import { precompileWithList } from '../precompiled.js';

/** Visible/completed/all counts, open problems and the latest visible deadline of a process. */
export async function countProcessTasks(
  db: Db,
  organizationId: string,
  processId: string,
): Promise<TaskCounters> {
  const row = await db
    .selectFrom('tasks')
    .select((eb) => [
      eb.fn.countAll().as('all'),
      eb.fn.sum(eb.case().when('status', '!=', 'auto-skipped').then(1).else(0).end()).as('visible'),
      eb.fn.sum(eb.case().when('status', '=', 'completed').then(1).else(0).end()).as('completed'),
      eb.fn.sum('open_problems').as('problems'),
      eb.fn.max(eb.case().when('status', '!=', 'auto-skipped').then(eb.ref('deadline')).end()).as('latest'),
    ])
    .where('organization_id', '=', organizationId)
    .where('process_id', '=', processId)
    .where('archived_at', 'is', null)
    .executeTakeFirst();
  return {
    all: toInt(row?.all),
    visible: toInt(row?.visible),
    completed: toInt(row?.completed),
    openProblems: toInt(row?.problems),
    latestDeadline: (row?.latest as string | null | undefined) ?? null,
  };
}

/** Archives or restores every task of a process along with it. */
export async function setProcessTasksArchived(
  db: Db,
  organizationId: string,
  processId: string,
  archivedAt: string | null,
  now: string,
): Promise<void> {
  await db
    .updateTable('tasks')
    .set({ archived_at: archivedAt, last_updated: now })
    .where('organization_id', '=', organizationId)
    .where('process_id', '=', processId)
    .execute();
}

/** The highest task position in a process (0 when it has none). */
export async function findMaxPosition(db: Db, organizationId: string, processId: string): Promise<number> {
  const row = await db
    .selectFrom('tasks')
    .select((eb) => eb.fn.max('position').as('max'))
    .where('organization_id', '=', organizationId)
    .where('process_id', '=', processId)
    .executeTakeFirst();
  return toInt(row?.max ?? 0);
}

/** Open visible tasks past their deadline, per process (one query). */
export async function countLateTasksOfProcesses(
  db: Db,
  organizationId: string,
  processIds: readonly string[],
  now: string,
): Promise<Map<string, number>> {
  const result = new Map<string, number>();
  const rows = await lateTaskCounts(db, processIds, organizationId, now);
  for (const row of rows) if (row.process_id) result.set(row.process_id, toInt(row.n));
  return result;
}

// Compiled once per list length (see precompiled.ts): `with=run` on task answers.
const lateTaskCounts = precompileWithList(
  (db: Db, processIds: string[], organizationId: string, now: string) =>
    db
      .selectFrom('tasks')
      .select(['process_id', (eb) => eb.fn.countAll().as('n')])
      .where('organization_id', '=', organizationId)
      .where('process_id', 'in', processIds)
      .where('status', 'in', ['not-started', 'in-progress'])
      .where('archived_at', 'is', null)
      .where('deadline', '<', now)
      .groupBy('process_id'),
  2,
);
