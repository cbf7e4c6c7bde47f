/**
 * Filtered, sorted, paged task lists (process tasks, organization tasks, a member's tasks).
 * Status groups are compiled from the domain's conditions; owners filters are sub-queries on
 * the task_owners index, so "tasks of member X" never scans the tasks table.
 */
import {
  type Expression,
  type ExpressionBuilder,
  type ExpressionWrapper,
  expressionBuilder,
  type SqlBool,
  sql,
} from 'kysely';
import type { StatusCondition } from '../../domain/tasks/status-filters.js';
import type { Task } from '../../domain/tasks/task.js';
import type { Db } from '../database.js';
import { deadlineKeySentinel, likeOperator, likePattern, type SqlDialect, toInt } from '../dialect.js';
import type { Database } from '../schema.js';
import { withOwners } from './tasks-repository.js';

/** A time window: `from` inclusive, `before` exclusive (ISO strings). */
export interface TimeWindow {
  from?: string;
  before?: string;
}

export interface TaskListQuery {
  organizationId: string;
  processId?: string;
  /** Any of these groups (already resolved against the clock). */
  statusGroups?: StatusCondition[];
  owners?: number[];
  guests?: string[];
  groups?: string[];
  unassigned?: boolean;
  /** Only tasks assigned to this member, directly or through one of these groups. */
  assignedTo?: { userId: number; groupIds: string[] };
  /**
   * Only tasks assigned to this guest (lowercased e-mail), directly or through one of these
   * groups; `workable` keeps only what the guest can work themselves: tasks that admit guest
   * owners, are not hidden and whose process is not archived.
   */
  assignedToGuest?: { email: string; groupIds: string[]; workable: boolean };
  deadline?: TimeWindow;
  created?: TimeWindow;
  completed?: TimeWindow;
  /** Task title or its process's name contains this text. */
  q?: string;
  isOneoff?: boolean;
  archived: 'exclude' | 'include' | 'only';
  /** Processes whose tags/folders contain one of these ids. */
  processTags?: string[];
  processFolders?: string[];
}

export const TASK_SORTS = [
  'position',
  'deadline',
  'newest',
  'problems',
  'completed_newest',
  'created',
  'title',
] as const;
export type TaskSort = { field: (typeof TASK_SORTS)[number]; direction: 'asc' | 'desc' };

type TaskEb = ExpressionBuilder<Database, 'tasks'>;
type Condition = ExpressionWrapper<Database, 'tasks', SqlBool>;

function statusGroup(eb: TaskEb, c: StatusCondition): Condition {
  const parts: Condition[] = [];
  if (c.statuses) parts.push(eb('tasks.status', 'in', c.statuses));
  if (c.hasProblem) parts.push(eb('tasks.open_problems', '>', 0));
  if (c.deadlineFrom) parts.push(eb('tasks.deadline', '>=', c.deadlineFrom));
  if (c.deadlineBefore) parts.push(eb('tasks.deadline', '<', c.deadlineBefore));
  return eb.and(parts);
}

function window(
  eb: TaskEb,
  column: 'tasks.deadline' | 'tasks.created_at' | 'tasks.completed_at',
  w: TimeWindow,
) {
  const parts: Condition[] = [];
  if (w.from !== undefined) parts.push(eb(column, '>=', w.from));
  if (w.before !== undefined) parts.push(eb(column, '<', w.before));
  return parts;
}

function ownerIn(
  eb: TaskEb,
  organizationId: string,
  kind: 'user' | 'guest' | 'group',
  ids: readonly string[],
): Condition {
  return eb(
    'tasks.id',
    'in',
    eb
      .selectFrom('task_owners')
      .select('task_owners.task_id')
      .where('task_owners.organization_id', '=', organizationId)
      .where('task_owners.kind', '=', kind)
      .where('task_owners.owner_id', 'in', [...ids]),
  );
}

/** The WHERE clause of a task list; `withStatus: false` leaves out the status groups. */
function conditions(eb: TaskEb, q: TaskListQuery, dialect: SqlDialect, withStatus = true): Condition {
  return eb.and(taskConditions(eb, q, dialect, { withStatus }));
}

/**
 * The conditions of a task list on `tasks`, the organization's first. With a `driver`, the
 * owner rows of the query already hold the driving owner, the archived filter and the status
 * groups, so those are left out.
 */
function taskConditions(
  eb: TaskEb,
  q: TaskListQuery,
  dialect: SqlDialect,
  options: { withStatus: boolean; driver?: Driver },
): Condition[] {
  const org = q.organizationId;
  const driver = options.driver;
  const parts: Condition[] = [eb('tasks.organization_id', '=', org)];
  if (q.processId !== undefined) parts.push(eb('tasks.process_id', '=', q.processId));
  if (q.archived === 'exclude' && !driver) parts.push(eb('tasks.archived_at', 'is', null));
  if (q.archived === 'only' && !driver) parts.push(eb('tasks.archived_at', 'is not', null));
  if (q.isOneoff !== undefined) parts.push(eb('tasks.is_oneoff', '=', q.isOneoff));
  if (options.withStatus && !driver && q.statusGroups?.length)
    parts.push(eb.or(q.statusGroups.map((g) => statusGroup(eb, g))));
  const who: Condition[] = [];
  if (q.owners?.length && driver?.replaces !== 'owners')
    who.push(ownerIn(eb, org, 'user', q.owners.map(String)));
  if (q.guests?.length) who.push(ownerIn(eb, org, 'guest', q.guests));
  if (q.groups?.length) who.push(ownerIn(eb, org, 'group', q.groups));
  if (who.length) parts.push(eb.or(who));
  if (q.unassigned) {
    parts.push(
      eb.not(
        eb.exists(
          eb
            .selectFrom('task_owners')
            .select('task_owners.task_id')
            .whereRef('task_owners.task_id', '=', 'tasks.id'),
        ),
      ),
    );
  }
  if (q.assignedTo && driver?.replaces !== 'assignedTo') {
    const mine = [ownerIn(eb, org, 'user', [String(q.assignedTo.userId)])];
    if (q.assignedTo.groupIds.length) mine.push(ownerIn(eb, org, 'group', q.assignedTo.groupIds));
    parts.push(eb.or(mine));
  }
  if (q.assignedToGuest) parts.push(...guestTasks(eb, org, q.assignedToGuest));
  if (q.deadline) parts.push(...window(eb, 'tasks.deadline', q.deadline));
  if (q.created) parts.push(...window(eb, 'tasks.created_at', q.created));
  if (q.completed) parts.push(...window(eb, 'tasks.completed_at', q.completed));
  if (q.q) parts.push(textSearch(eb, org, q.q, dialect));
  if (q.processTags?.length) parts.push(processJsonContains(eb, org, 'tags', q.processTags));
  if (q.processFolders?.length) parts.push(processJsonContains(eb, org, 'folders', q.processFolders));
  return parts;
}

function guestTasks(eb: TaskEb, org: string, guest: NonNullable<TaskListQuery['assignedToGuest']>) {
  const theirs = [ownerIn(eb, org, 'guest', [guest.email])];
  if (guest.groupIds.length) theirs.push(ownerIn(eb, org, 'group', guest.groupIds));
  const parts: Condition[] = [eb.or(theirs)];
  if (guest.workable) {
    parts.push(eb('tasks.allow_guest_owners', '=', true), eb('tasks.status', '!=', 'auto-skipped'));
    // An archived process takes its tasks out of the guest's sight.
    const archived = eb
      .selectFrom('processes')
      .select('processes.id')
      .where('processes.organization_id', '=', org)
      .where('processes.archived_at', 'is not', null);
    parts.push(eb.or([eb('tasks.process_id', 'is', null), eb('tasks.process_id', 'not in', archived)]));
  }
  return parts;
}

function textSearch(eb: TaskEb, org: string, text: string, dialect: SqlDialect): Condition {
  const op = likeOperator(dialect);
  const pattern = likePattern(text);
  return eb.or([
    eb('tasks.title', op, pattern),
    eb(
      'tasks.process_id',
      'in',
      eb
        .selectFrom('processes')
        .select('processes.id')
        .where('processes.organization_id', '=', org)
        .where('processes.name', op, pattern),
    ),
  ]);
}

/** Process tags and folders are JSON arrays of ids; match the quoted id in their text. */
function processJsonContains(eb: TaskEb, org: string, column: 'tags' | 'folders', ids: readonly string[]) {
  return eb(
    'tasks.process_id',
    'in',
    eb
      .selectFrom('processes')
      .select('processes.id')
      .where('processes.organization_id', '=', org)
      .where((p) =>
        p.or(ids.map((id) => p(sql`cast(${sql.ref(`processes.${column}`)} as text)`, 'like', `%"${id}"%`))),
      ),
  );
}

/** One page of tasks and the total matching, owners attached (three queries). */
export async function listTasks(
  db: Db,
  dialect: SqlDialect,
  query: TaskListQuery,
  sort: TaskSort,
  page: { offset: number; limit: number | undefined },
): Promise<{ items: Task[]; total: number }> {
  const driver = ownerDriver(query);
  if (driver) return listOwnerTasks(db, dialect, query, driver, sort, page);
  const count = await db
    .selectFrom('tasks')
    .select((eb) => eb.fn.countAll().as('n'))
    .where((eb) => conditions(eb, query, dialect))
    .executeTakeFirst();
  let select = db
    .selectFrom('tasks')
    .selectAll('tasks')
    .where((eb) => conditions(eb, query, dialect));
  select = applySort(select, sort);
  if (page.limit !== undefined) select = select.limit(page.limit).offset(page.offset);
  const rows = await select.execute();
  return { items: await withOwners(db, query.organizationId, rows), total: toInt(count?.n) };
}

// biome-ignore lint/suspicious/noExplicitAny: the select builder's output type is irrelevant to ordering.
function applySort<Q extends { orderBy: (...args: any[]) => Q }>(select: Q, sort: TaskSort): Q {
  const dir = sort.direction;
  // Tasks without a deadline sort last either way, on both databases.
  const nullsLast = (col: string) => sql`(case when ${sql.ref(col)} is null then 1 else 0 end)`;
  switch (sort.field) {
    case 'position':
      return select.orderBy('tasks.position', dir).orderBy('tasks.increment_id', dir);
    case 'deadline':
      return select
        .orderBy(nullsLast('tasks.deadline'))
        .orderBy('tasks.deadline', dir)
        .orderBy('tasks.position')
        .orderBy('tasks.increment_id');
    case 'newest':
    case 'created':
      // Tasks of one launch share created_at; the per-organization number breaks the tie.
      return select
        .orderBy('tasks.created_at', sort.field === 'newest' ? 'desc' : dir)
        .orderBy('tasks.increment_id', sort.field === 'newest' ? 'desc' : dir);
    case 'problems':
      return select
        .orderBy('tasks.open_problems', dir === 'asc' ? 'desc' : 'asc')
        .orderBy(nullsLast('tasks.deadline'))
        .orderBy('tasks.deadline')
        .orderBy('tasks.increment_id');
    case 'completed_newest':
      return select
        .orderBy(nullsLast('tasks.completed_at'))
        .orderBy('tasks.completed_at', 'desc')
        .orderBy('tasks.increment_id', 'desc');
    case 'title':
      return select.orderBy('tasks.title', dir).orderBy('tasks.increment_id');
  }
}

/** `meta.overdue_tasks` / `meta.tasks_due_soon` over the list's filters (status aside). */
export async function countDeadlineFlags(
  db: Db,
  dialect: SqlDialect,
  query: TaskListQuery,
  overdue: StatusCondition,
  dueSoon: StatusCondition,
): Promise<{ overdue: number; dueSoon: number }> {
  const driver = ownerDriver(query);
  if (driver) return countOwnerDeadlineFlags(db, dialect, query, driver, overdue, dueSoon);
  const row = await db
    .selectFrom('tasks')
    .select((eb) => [
      eb.fn.sum(eb.case().when(statusGroup(eb, overdue)).then(1).else(0).end()).as('overdue'),
      eb.fn.sum(eb.case().when(statusGroup(eb, dueSoon)).then(1).else(0).end()).as('due_soon'),
    ])
    .where((eb) => conditions(eb, query, dialect, false))
    .executeTakeFirst();
  return { overdue: toInt(row?.overdue), dueSoon: toInt(row?.due_soon) };
}

/*
 * One member's lists (issue 9): `owners=X` and `/me/tasks` at a million tasks. Each owner row
 * carries a copy of its task's state, kept by database triggers (migration 0700), and
 * task_owners_state_idx holds a member's rows as (archived, completed, deadline_key, status):
 * a page of open tasks by deadline is read in index order up to its LIMIT, its total and the
 * deadline counts are index ranges, and `tasks` is read for the page's rows only, or when
 * another filter needs it.
 */

/** The member whose owner rows drive a list, and the filter those rows stand for. */
interface Driver {
  ownerId: string;
  replaces: 'owners' | 'assignedTo';
}

/** The driving member when a list is one member's tasks (no guests or groups in the filter). */
function ownerDriver(q: TaskListQuery): Driver | undefined {
  // A process's tasks are fewer than a member's: the process index stays the better start.
  if (q.processId !== undefined || q.guests?.length || q.groups?.length) return undefined;
  const [owner, ...others] = q.owners ?? [];
  if (owner !== undefined) return others.length ? undefined : { ownerId: String(owner), replaces: 'owners' };
  if (q.assignedTo?.groupIds.length === 0)
    return { ownerId: String(q.assignedTo.userId), replaces: 'assignedTo' };
  return undefined;
}

type OwnerEb = ExpressionBuilder<Database, 'task_owners' | 'tasks'>;
type OwnerCondition = Expression<SqlBool>;

const NOT_COMPLETED: readonly string[] = ['not-started', 'in-progress', 'auto-skipped'];

function ownerOf(eb: OwnerEb, q: TaskListQuery, driver: Driver): OwnerCondition[] {
  const parts: OwnerCondition[] = [
    eb('task_owners.organization_id', '=', q.organizationId),
    eb('task_owners.kind', '=', 'user'),
    eb('task_owners.owner_id', '=', driver.ownerId),
  ];
  if (q.archived !== 'include') parts.push(eb('task_owners.task_archived', '=', q.archived === 'only'));
  return parts;
}

/** A status list on the copied columns; "not completed" is the indexed `task_completed`. */
function ownerStatuses(eb: OwnerEb, statuses: readonly string[]): OwnerCondition[] {
  const open = statuses.filter((s) => s !== 'completed');
  if (open.length === 0) return [eb('task_owners.task_completed', '=', true)];
  if (open.length < statuses.length) return [eb('task_owners.task_status', 'in', [...statuses])];
  const parts: OwnerCondition[] = [eb('task_owners.task_completed', '=', false)];
  if (!NOT_COMPLETED.every((s) => open.includes(s))) parts.push(eb('task_owners.task_status', 'in', open));
  return parts;
}

/** `statusGroup` on the owner row's copy (the open-problem count is on the task). */
function ownerStatusGroup(eb: OwnerEb, c: StatusCondition, dialect: SqlDialect): OwnerCondition {
  const parts = c.statuses ? ownerStatuses(eb, c.statuses) : [];
  if (c.hasProblem) parts.push(eb('tasks.open_problems', '>', 0));
  if (c.deadlineFrom !== undefined) parts.push(eb('task_owners.deadline_key', '>=', c.deadlineFrom));
  if (c.deadlineBefore !== undefined) parts.push(eb('task_owners.deadline_key', '<', c.deadlineBefore));
  // Only an upper bound keeps out the sentinel of tasks without a deadline.
  else if (c.deadlineFrom !== undefined)
    parts.push(eb('task_owners.deadline_key', '<', deadlineKeySentinel(dialect)));
  return eb.and(parts);
}

/** The list's other conditions on `tasks`, and whether there are any beyond the organization. */
function otherConditions(q: TaskListQuery, dialect: SqlDialect, driver: Driver, groups: StatusCondition[]) {
  const parts = taskConditions(expressionBuilder<Database, 'tasks'>(), q, dialect, {
    withStatus: false,
    driver,
  });
  return { parts, needed: parts.length > 1 || groups.some((g) => g.hasProblem) };
}

/**
 * Owner rows alone need no join; the conditions then name only task_owners columns, so the
 * builder of the joined query serves for both.
 */
const ownerOnly = (eb: ExpressionBuilder<Database, 'task_owners'>) => eb as unknown as OwnerEb;

async function listOwnerTasks(
  db: Db,
  dialect: SqlDialect,
  q: TaskListQuery,
  driver: Driver,
  sort: TaskSort,
  page: { offset: number; limit: number | undefined },
): Promise<{ items: Task[]; total: number }> {
  const groups = q.statusGroups ?? [];
  const others = otherConditions(q, dialect, driver, groups);
  const where = (eb: OwnerEb) => {
    const parts = ownerOf(eb, q, driver);
    if (groups.length) parts.push(eb.or(groups.map((g) => ownerStatusGroup(eb, g, dialect))));
    return eb.and(parts);
  };
  const joined = db
    .selectFrom('task_owners')
    .innerJoin('tasks', 'tasks.id', 'task_owners.task_id')
    .where(where)
    .where((eb) => eb.and(others.parts));
  const count = others.needed
    ? await joined.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst()
    : await db
        .selectFrom('task_owners')
        .select((eb) => eb.fn.countAll().as('n'))
        .where((eb) => where(ownerOnly(eb)))
        .executeTakeFirst();
  let select = joined.selectAll('tasks');
  select =
    sort.field === 'deadline' && sort.direction === 'asc'
      ? select.orderBy('task_owners.deadline_key').orderBy('tasks.position').orderBy('tasks.increment_id')
      : applySort(select, sort);
  if (page.limit !== undefined) select = select.limit(page.limit).offset(page.offset);
  const rows = await select.execute();
  return { items: await withOwners(db, q.organizationId, rows), total: toInt(count?.n) };
}

/**
 * Both flags need an open task with a deadline before some bound: only that index range of
 * the member's rows is read.
 */
function flagRange(eb: OwnerEb, groups: readonly StatusCondition[]): OwnerCondition[] {
  const bounds: string[] = [];
  for (const g of groups) {
    if (!g.statuses || g.statuses.includes('completed') || g.deadlineBefore === undefined) return [];
    bounds.push(g.deadlineBefore);
  }
  // ISO-8601 instants: the text order is the time order.
  const last = bounds.sort().at(-1);
  if (last === undefined) return [];
  return [eb('task_owners.task_completed', '=', false), eb('task_owners.deadline_key', '<', last)];
}

async function countOwnerDeadlineFlags(
  db: Db,
  dialect: SqlDialect,
  q: TaskListQuery,
  driver: Driver,
  overdue: StatusCondition,
  dueSoon: StatusCondition,
): Promise<{ overdue: number; dueSoon: number }> {
  const others = otherConditions(q, dialect, driver, [overdue, dueSoon]);
  const flags = (eb: OwnerEb) => [
    eb.fn
      .sum(
        eb
          .case()
          .when(ownerStatusGroup(eb, overdue, dialect))
          .then(1)
          .else(0)
          .end(),
      )
      .as('overdue'),
    eb.fn
      .sum(
        eb
          .case()
          .when(ownerStatusGroup(eb, dueSoon, dialect))
          .then(1)
          .else(0)
          .end(),
      )
      .as('due_soon'),
  ];
  const where = (eb: OwnerEb) => eb.and([...ownerOf(eb, q, driver), ...flagRange(eb, [overdue, dueSoon])]);
  const row = others.needed
    ? await db
        .selectFrom('task_owners')
        .innerJoin('tasks', 'tasks.id', 'task_owners.task_id')
        .select(flags)
        .where(where)
        .where((eb) => eb.and(others.parts))
        .executeTakeFirst()
    : await db
        .selectFrom('task_owners')
        .select((eb) => flags(ownerOnly(eb)))
        .where((eb) => where(ownerOnly(eb)))
        .executeTakeFirst();
  return { overdue: toInt(row?.overdue), dueSoon: toInt(row?.due_soon) };
}
