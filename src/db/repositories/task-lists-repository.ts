/**
 * Filtered, sorted, paged task lists (process tasks, organization tasks, a member's tasks):
 * a page of tasks with their owners, and in one more query the total and the deadline counts.
 * One member's lists take the owner-row path of task-lists-one-owner.ts.
 */
import type { StatusCondition } from '../../domain/tasks/status-filters.js';
import type { Task } from '../../domain/tasks/task.js';
import type { Db } from '../database.js';
import { dialectOf, toInt } from '../dialect.js';
import { applySort, conditions, statusGroup, type TaskListQuery, type TaskSort } from './task-list-query.js';
import { countOwnerTaskList, listOwnerTaskPage, ownerDriver } from './task-lists-one-owner.js';
import { withOwners } from './tasks-repository.js';

export { TASK_SORTS, type TaskListQuery, type TaskSort, type TimeWindow } from './task-list-query.js';

/** The number of tasks a list matches and its `meta.overdue_tasks` / `meta.tasks_due_soon`. */
export interface TaskListCounts {
  total: number;
  overdue: number;
  dueSoon: number;
}

/** One page of tasks, owners attached (two queries). */
export async function listTaskPage(
  db: Db,
  query: TaskListQuery,
  sort: TaskSort,
  page: { offset: number; limit: number | undefined },
): Promise<Task[]> {
  const dialect = dialectOf(db);
  const driver = ownerDriver(query);
  if (driver) return listOwnerTaskPage(db, query, driver, sort, page);
  let select = db
    .selectFrom('tasks')
    .selectAll('tasks')
    .where((eb) => conditions(eb, query, dialect));
  select = applySort(select, sort);
  if (page.limit !== undefined) select = select.limit(page.limit).offset(page.offset);
  return withOwners(db, query.organizationId, await select.execute());
}

/**
 * The total and the deadline counts in one statement. The deadline counts are over the list's
 * filters with the status aside, a superset of the listed rows: the total counts the rows of
 * that range that are in one of the status groups.
 */
export async function countTaskList(
  db: Db,
  query: TaskListQuery,
  overdue: StatusCondition,
  dueSoon: StatusCondition,
): Promise<TaskListCounts> {
  const dialect = dialectOf(db);
  const driver = ownerDriver(query);
  if (driver) return countOwnerTaskList(db, query, driver, overdue, dueSoon);
  const groups = query.statusGroups ?? [];
  const row = await db
    .selectFrom('tasks')
    .select((eb) => [
      groups.length
        ? eb.fn
            .sum(
              eb
                .case()
                .when(eb.or(groups.map((g) => statusGroup(eb, g))))
                .then(1)
                .else(0)
                .end(),
            )
            .as('n')
        : eb.fn.countAll().as('n'),
      eb.fn.sum(eb.case().when(statusGroup(eb, overdue)).then(1).else(0).end()).as('overdue'),
      eb.fn.sum(eb.case().when(statusGroup(eb, dueSoon)).then(1).else(0).end()).as('due_soon'),
    ])
    .where((eb) => conditions(eb, query, dialect, false))
    .executeTakeFirst();
  return { total: toInt(row?.n), overdue: toInt(row?.overdue), dueSoon: toInt(row?.due_soon) };
}
