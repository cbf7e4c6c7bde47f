/**
 * What the benchmark picks from a seeded organization before it drives the server: random
 * processes and tasks, the busiest assignees, pools of tasks that can be completed or filled
 * in, and the clean-up of processes the benchmark itself launched. Not part of the product.
 */
import { sql } from 'kysely';
import type { Db } from '../../src/db/database.js';
import { toInt } from '../../src/db/dialect.js';

export interface TaskRef {
  taskId: string;
  processId: string;
}

const random = sql`random()`;

/** Up to `limit` random processes that are not archived. */
export async function sampleProcessIds(db: Db, organizationId: string, limit: number): Promise<string[]> {
  const rows = await db
    .selectFrom('processes')
    .select('id')
    .where('organization_id', '=', organizationId)
    .where('archived_at', 'is', null)
    .orderBy(random)
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

/** Up to `limit` random process tasks. */
export async function sampleTasks(db: Db, organizationId: string, limit: number): Promise<TaskRef[]> {
  const rows = await db
    .selectFrom('tasks')
    .select(['id', 'process_id'])
    .where('organization_id', '=', organizationId)
    .where('process_id', 'is not', null)
    .orderBy(random)
    .limit(limit)
    .execute();
  return rows.map((r) => ({ taskId: r.id, processId: r.process_id as string }));
}

/** The members assigned to the most tasks, busiest first. */
export async function findBusiestAssignees(
  db: Db,
  organizationId: string,
  limit: number,
): Promise<Array<{ userId: number; tasks: number }>> {
  const rows = await db
    .selectFrom('task_owners')
    .select((eb) => ['owner_id', eb.fn.countAll().as('n')])
    .where('organization_id', '=', organizationId)
    .where('kind', '=', 'user')
    .groupBy('owner_id')
    .orderBy('n', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ userId: Number(r.owner_id), tasks: toInt(r.n) }));
}

export interface OpenTaskFilter {
  organizationId: string;
  /** Only tasks of these template steps. */
  stepIds: readonly string[];
  /** Only tasks of this type (`task` needs no approval decision). */
  taskType?: string;
  limit: number;
}

/**
 * Open, visible tasks without a problem in active, unarchived processes, in random order:
 * tasks a member can complete or fill in. `everyone_must_complete` and assignee-only tasks
 * are left out so one request always finishes one task.
 */
export async function findOpenTasks(
  db: Db,
  filter: OpenTaskFilter,
): Promise<Array<TaskRef & { stepId: string }>> {
  if (filter.stepIds.length === 0) return [];
  let query = db
    .selectFrom('tasks')
    .innerJoin('processes', 'processes.id', 'tasks.process_id')
    .select(['tasks.id', 'tasks.process_id', 'tasks.step_id'])
    .where('tasks.organization_id', '=', filter.organizationId)
    .where('tasks.status', 'in', ['not-started', 'in-progress'])
    .where('tasks.archived_at', 'is', null)
    .where('tasks.open_problems', '=', 0)
    .where('tasks.everyone_must_complete', '=', false)
    .where('tasks.can_complete_only_assignees', '=', false)
    .where('tasks.step_id', 'in', [...filter.stepIds])
    .where('processes.organization_id', '=', filter.organizationId)
    .where('processes.status', '=', 'active')
    .where('processes.archived_at', 'is', null);
  if (filter.taskType) query = query.where('tasks.task_type', '=', filter.taskType);
  const rows = await query.orderBy(random).limit(filter.limit).execute();
  return rows.map((r) => ({ taskId: r.id, processId: r.process_id as string, stepId: r.step_id as string }));
}

export async function countTasks(db: Db, organizationId: string): Promise<number> {
  const row = await db
    .selectFrom('tasks')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('organization_id', '=', organizationId)
    .executeTakeFirst();
  return toInt(row?.n);
}

/**
 * Deletes the processes of a template launched since `since` (the benchmark's own launches),
 * with their activity rows and outbox events; tasks, owners and threads go by cascade.
 * Returns the number of processes deleted.
 */
export async function deleteProcessesLaunchedSince(
  db: Db,
  organizationId: string,
  templateId: string,
  since: string,
): Promise<number> {
  const launched = db
    .selectFrom('processes')
    .select('id')
    .where('organization_id', '=', organizationId)
    .where('template_id', '=', templateId)
    .where('created_at', '>=', since);
  await db
    .deleteFrom('activities')
    .where('organization_id', '=', organizationId)
    .where('process_id', 'in', launched)
    .execute();
  await db.deleteFrom('outbox_events').where('process_id', 'in', launched).execute();
  const result = await db
    .deleteFrom('processes')
    .where('organization_id', '=', organizationId)
    .where('template_id', '=', templateId)
    .where('created_at', '>=', since)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** The organization's templates (id and title), archived ones left out. */
export async function findTemplateTitles(
  db: Db,
  organizationId: string,
): Promise<Array<{ id: string; title: string }>> {
  return db
    .selectFrom('templates')
    .select(['id', 'title'])
    .where('organization_id', '=', organizationId)
    .where('archived_at', 'is', null)
    .orderBy('created_at')
    .execute();
}
