/**
 * The shape of a task list query and its SQL pieces: the filters, the WHERE conditions on
 * `tasks` and the sort orders, shared by the general path (task-lists-repository.ts) and the
 * one-member path (task-lists-one-owner.ts). Status groups are compiled from the domain's
 * conditions; owners filters are sub-queries on the task_owners index, so "tasks of member X"
 * never scans the tasks table.
 */
import { type ExpressionBuilder, type ExpressionWrapper, type SqlBool, sql } from 'kysely';
import type { StatusCondition } from '../../domain/tasks/status-filters.js';
import { likeOperator, likePattern, type SqlDialect } from '../dialect.js';
import { inList } from '../precompiled.js';
import type { Database } from '../schema.js';
import { subjectsInFolders } from './folder-objects-repository.js';
import { type AccessViewer, taskReadableBy } from './permissions-repository.js';
import { taggedSubjects } from './tag-links-repository.js';

/** A time window: `from` inclusive, `before` exclusive (ISO strings). */
export interface TimeWindow {
  from?: string;
  before?: string;
}

export interface TaskListQuery {
  organizationId: string;
  processId?: string;
  /** Only tasks of processes launched from this template. */
  templateId?: string;
  /** Any of these groups (already resolved against the clock). */
  statusGroups?: StatusCondition[];
  owners?: number[];
  guests?: string[];
  groups?: string[];
  /** Tasks assigned one of these job titles. */
  roles?: string[];
  unassigned?: boolean;
  /** Only tasks assigned to this member, directly, through one of these groups or job titles. */
  assignedTo?: { userId: number; groupIds: string[]; jobTitleIds: string[] };
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
  /** Tasks carrying one of these tags, or whose process does. */
  tags?: string[];
  /** Tasks without a tag whose process has none either. */
  untagged?: boolean;
  /** Tasks filed in one of these folders, or whose process is. */
  folders?: string[];
  /** Only tasks this member may see by the permission lists (see `taskReadableBy`). */
  readableBy?: AccessViewer;
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

export function statusGroup(eb: TaskEb, c: StatusCondition): Condition {
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
  kind: 'user' | 'guest' | 'group' | 'role',
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
      .where('task_owners.owner_id', 'in', inList(ids)),
  );
}

/** The WHERE clause of a task list; `withStatus: false` leaves out the status groups. */
export function conditions(eb: TaskEb, q: TaskListQuery, dialect: SqlDialect, withStatus = true): Condition {
  return eb.and(taskConditions(eb, q, dialect, { withStatus }));
}

/** The member whose owner rows drive a list, and the filter those rows stand for. */
export interface Driver {
  ownerId: string;
  replaces: 'owners' | 'assignedTo';
}

/**
 * The conditions of a task list on `tasks`, the organization's first. With a `driver`, the
 * owner rows of the query already hold the driving owner, the archived filter and the status
 * groups, so those are left out.
 */
export function taskConditions(
  eb: TaskEb,
  q: TaskListQuery,
  dialect: SqlDialect,
  options: { withStatus: boolean; driver?: Driver },
): Condition[] {
  const org = q.organizationId;
  const driver = options.driver;
  const parts: Condition[] = [eb('tasks.organization_id', '=', org)];
  if (q.processId !== undefined) parts.push(eb('tasks.process_id', '=', q.processId));
  if (q.templateId !== undefined) {
    // The template's processes through their (organization, template) index.
    parts.push(
      eb(
        'tasks.process_id',
        'in',
        eb
          .selectFrom('processes')
          .select('processes.id')
          .where('processes.organization_id', '=', org)
          .where('processes.template_id', '=', q.templateId),
      ),
    );
  }
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
  if (q.roles?.length) who.push(ownerIn(eb, org, 'role', q.roles));
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
    if (q.assignedTo.jobTitleIds.length) mine.push(ownerIn(eb, org, 'role', q.assignedTo.jobTitleIds));
    parts.push(eb.or(mine));
  }
  if (q.assignedToGuest) parts.push(...guestTasks(eb, org, q.assignedToGuest));
  if (q.deadline) parts.push(...window(eb, 'tasks.deadline', q.deadline));
  if (q.created) parts.push(...window(eb, 'tasks.created_at', q.created));
  if (q.completed) parts.push(...window(eb, 'tasks.completed_at', q.completed));
  if (q.q) parts.push(textSearch(eb, org, q.q, dialect));
  if (q.tags?.length) {
    parts.push(
      eb.or([
        eb('tasks.id', 'in', taggedSubjects(eb, org, 'task', q.tags)),
        eb('tasks.process_id', 'in', taggedSubjects(eb, org, 'process', q.tags)),
      ]),
    );
  }
  if (q.untagged) {
    parts.push(eb('tasks.id', 'not in', taggedSubjects(eb, org, 'task', undefined)));
    parts.push(
      eb.or([
        eb('tasks.process_id', 'is', null),
        eb('tasks.process_id', 'not in', taggedSubjects(eb, org, 'process', undefined)),
      ]),
    );
  }
  if (q.readableBy) parts.push(taskReadableBy(eb, q.readableBy));
  if (q.folders?.length) {
    parts.push(
      eb.or([
        eb('tasks.id', 'in', subjectsInFolders(eb, org, 'task', q.folders)),
        eb('tasks.process_id', 'in', subjectsInFolders(eb, org, 'process', q.folders)),
      ]),
    );
  }
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

// biome-ignore lint/suspicious/noExplicitAny: the select builder's output type is irrelevant to ordering.
export function applySort<Q extends { orderBy: (...args: any[]) => Q }>(select: Q, sort: TaskSort): Q {
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
