/**
 * The physical floor of each measured operation: the least SQL that answers it, written by
 * hand, run in-process with no HTTP, no routing, no validation and no JSON. Reads are one
 * statement each (a page with its owners, its total in the same statement); writes are the
 * minimal write set in one transaction. Beside Flowlane's own database-only figure it shows
 * what Flowlane's query count and shape cost; beside the HTTP figure, how far the whole
 * server is from what the database itself can do. Not part of the product.
 */
import { type RawBuilder, sql } from 'kysely';
import type { Db } from '../../src/db/database.js';
import { dialectOf, toJson } from '../../src/db/dialect.js';
import { insertActivities, insertOutboxEvents } from '../../src/db/repositories/events-repository.js';
import { insertProcess } from '../../src/db/repositories/processes-repository.js';
import { insertTaskOwners } from '../../src/db/repositories/task-owners-repository.js';
import { insertTasks } from '../../src/db/repositories/tasks-repository.js';
import { newHexId } from '../../src/domain/ids.js';
import type { Process } from '../../src/domain/processes/process.js';
import type { Task } from '../../src/domain/tasks/task.js';

/** A task's owners as one value: `kind:id` entries, aggregated per dialect. */
function ownersOf(db: Db, taskRef: RawBuilder<unknown>): RawBuilder<unknown> {
  return dialectOf(db) === 'postgres'
    ? sql`(select coalesce(json_agg(o.kind || ':' || o.owner_id), '[]'::json) from task_owners o where o.task_id = ${taskRef})`
    : sql`(select json_group_array(o.kind || ':' || o.owner_id) from task_owners o where o.task_id = ${taskRef})`;
}

const falseOf = (db: Db) => (dialectOf(db) === 'postgres' ? sql`false` : sql`0`);

/** One page of a process's tasks in position order, each with its owners, and the total. */
export async function floorProcessTasks(
  db: Db,
  organizationId: string,
  processId: string,
  limit: number,
): Promise<unknown[]> {
  const result = await sql`
    select t.*, ${ownersOf(db, sql`t.id`)} as owners, count(*) over () as total
    from tasks t
    where t.organization_id = ${organizationId} and t.process_id = ${processId}
      and t.archived_at is null
    order by t.position
    limit ${limit}`.execute(db);
  return result.rows;
}

/**
 * One page of a member's open tasks in deadline order (overdue ones only, with `before`), each
 * with its owners, and the total: one range of the owner-state index joined to the tasks.
 */
export async function floorMemberTasks(
  db: Db,
  organizationId: string,
  userId: number,
  limit: number,
  before?: string,
): Promise<unknown[]> {
  const no = falseOf(db);
  const overdue = before === undefined ? sql`` : sql`and o.deadline_key < ${before}`;
  const range = sql`o.organization_id = ${organizationId} and o.kind = 'user' and o.owner_id = ${String(userId)}
      and o.task_archived = ${no} and o.task_completed = ${no} ${overdue}`;
  // The page first, then its owners and the range's count: a window count over the join
  // would look up the owners of every open task of the member, not of the page's twenty.
  const result = await sql`
    with page as (
      select o.task_id, o.deadline_key from task_owners o where ${range}
      order by o.deadline_key limit ${limit}
    )
    select t.*, ${ownersOf(db, sql`t.id`)} as owners,
      (select count(*) from task_owners o where ${range}) as total
    from page join tasks t on t.id = page.task_id
    order by page.deadline_key`.execute(db);
  return result.rows;
}

/** A task with its owners, its process's name and its open comment count: one statement. */
export async function floorTask(db: Db, organizationId: string, taskId: string): Promise<unknown> {
  const result = await sql`
    select t.*, ${ownersOf(db, sql`t.id`)} as owners, p.name as process_name, p.status as process_status,
      (select count(*) from threads c where c.task_id = t.id and c.archived_at is null) as threads
    from tasks t
    left join processes p on p.id = t.process_id
    where t.id = ${taskId} and t.organization_id = ${organizationId}`.execute(db);
  return result.rows[0];
}

interface WriteRef {
  organizationId: string;
  processId: string;
  taskId: string;
  actorId: number;
  now: string;
}

function activity(ref: WriteRef, action: string, field: string | null, oldValue: unknown, newValue: unknown) {
  return {
    organizationId: ref.organizationId,
    actorType: 'user' as const,
    actorId: ref.actorId,
    action,
    objectType: 'task',
    objectId: ref.taskId,
    processId: ref.processId,
    taskId: ref.taskId,
    field,
    oldValue,
    newValue,
    createdAt: ref.now,
  };
}

function event(ref: WriteRef, name: string, payload: unknown) {
  return {
    id: newHexId(),
    organizationId: ref.organizationId,
    name,
    processId: ref.processId,
    taskId: ref.taskId,
    payload,
    targets: [],
    actor: { type: 'user' as const, id: ref.actorId },
    detail: null,
    createdAt: ref.now,
  };
}

/** A form value saved: one update of the task's values, one activity row, one outbox row (call in a transaction). */
export async function floorSaveFormValue(
  db: Db,
  ref: WriteRef,
  fieldId: string,
  value: unknown,
): Promise<void> {
  const json = toJson(value);
  const values =
    dialectOf(db) === 'postgres'
      ? sql<string>`jsonb_set(taskdata, ${`{${fieldId}}`}::text[], ${json}::jsonb)`
      : sql<string>`json_set(taskdata, ${`$."${fieldId}"`}, json(${json}))`;
  const saved = await db
    .updateTable('tasks')
    .set({ taskdata: values, last_updated: ref.now })
    .where('id', '=', ref.taskId)
    .where('organization_id', '=', ref.organizationId)
    .executeTakeFirst();
  if (Number(saved.numUpdatedRows) !== 1) throw new Error(`floor: task ${ref.taskId} not found`);
  await insertActivities(db, [activity(ref, 'updated', fieldId, null, value)]);
  await insertOutboxEvents(db, [event(ref, 'task.updated', { id: ref.taskId, field: fieldId, value })]);
}

/**
 * A task completed: its row (the owner-state copies follow by trigger), the process's
 * counter, one activity row, one outbox row (call in a transaction).
 */
export async function floorCompleteTask(db: Db, ref: WriteRef): Promise<void> {
  const done = await db
    .updateTable('tasks')
    .set({ status: 'completed', completed_at: ref.now, completer_id: ref.actorId, last_updated: ref.now })
    .where('id', '=', ref.taskId)
    .where('organization_id', '=', ref.organizationId)
    .where('status', '!=', 'completed')
    .returning(['id'])
    .executeTakeFirst();
  if (!done) throw new Error(`floor: task ${ref.taskId} was already completed`);
  await db
    .updateTable('processes')
    .set((eb) => ({ tasks_completed: eb('tasks_completed', '+', 1), last_updated: ref.now }))
    .where('id', '=', ref.processId)
    .execute();
  await insertActivities(db, [activity(ref, 'completed', 'status', 'active', 'completed')]);
  await insertOutboxEvents(db, [event(ref, 'task.completed', { id: ref.taskId })]);
}

/**
 * A process launched from tasks already planned in memory: the process row, its tasks and
 * their owners as one multi-row insert each, one activity row, one outbox row (call in a
 * transaction).
 */
export async function floorInsertLaunch(db: Db, process: Process, tasks: readonly Task[], actorId: number) {
  await insertProcess(db, process);
  await insertTasks(db, tasks);
  await insertTaskOwners(
    db,
    process.organizationId,
    tasks.map((t) => ({ taskId: t.id, owners: t.owners })),
  );
  const ref = {
    organizationId: process.organizationId,
    processId: process.id,
    taskId: tasks[0]?.id ?? process.id,
    actorId,
    now: process.createdAt,
  };
  await insertActivities(db, [{ ...activity(ref, 'launched', null, null, null), objectType: 'process' }]);
  await insertOutboxEvents(db, [event(ref, 'process.launched', { id: process.id })]);
}

/**
 * The search floor: one statement answering a page of 10 of each group (tasks, processes,
 * templates) with each group's total, straight from the text index (FTS5 / tsvector GIN)
 * scoped to the organization and kind, without visibility joins or ranking ties.
 */
export async function floorSearch(db: Db, organizationId: string, words: readonly string[], limit: number) {
  const org = organizationId.toLowerCase();
  const group = (kinds: string[]) => {
    if (dialectOf(db) === 'sqlite') {
      const scope = kinds.map((k) => `"${k}${org}"`).join(' OR ');
      const match = `scope : (${scope}) AND {title body} : (${words.map((w) => `"${w}"*`).join(' AND ')})`;
      return sql`select * from (select d.subject_id, d.kind, count(*) over () as total
        from search_fts join search_documents d on d.id = search_fts.rowid
        where search_fts match ${match} order by search_fts.rank limit ${limit})`;
    }
    const scope = kinds.map((k) => `'${k}${org}':D`).join(' | ');
    const query = `(${scope}) & ${words.map((w) => `'${w}':*AB`).join(' & ')}`;
    return sql`select * from (select d.subject_id, d.kind, count(*) over () as total
      from search_documents d where d.document @@ to_tsquery('simple', ${query})
      order by ts_rank(d.document, to_tsquery('simple', ${query})) desc limit ${limit}) g`;
  };
  const result = await sql`${group(['task'])} union all ${group(['process'])}
    union all ${group(['template', 'step'])}`.execute(db);
  return result.rows;
}
