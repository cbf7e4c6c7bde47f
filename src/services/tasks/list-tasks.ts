import { findScopeOfUser } from '../../db/repositories/permissions-repository.js';
import { findProcessById, findProcessesByIds } from '../../db/repositories/processes-repository.js';
import {
  countTaskList,
  listTaskPage,
  type TaskListQuery,
  type TaskSort,
} from '../../db/repositories/task-lists-repository.js';
import { findMember } from '../../db/repositories/users-repository.js';
import { notFound } from '../../domain/errors.js';
import { type Page, type PageRequest, pageWindow, toPage } from '../../domain/pagination.js';
import { assertCan, can, passesEveryList } from '../../domain/policy.js';
import type { Process } from '../../domain/processes/process.js';
import { statusCondition } from '../../domain/tasks/status-filters.js';
import type { Task } from '../../domain/tasks/task.js';
import type { AppContext, MemberActor } from '../context.js';
import { assertTemplateAccess } from '../permissions/access.js';
import { getTemplateRow } from '../templates/template-store.js';
import { processNotFound } from './task-access.js';
import { buildTaskQuery, parseTaskSort, type TaskListParams } from './task-filters.js';

export interface TaskList {
  page: Page<Task>;
  /** The processes of the listed tasks (for `run_status` and `with=run`). */
  processes: Map<string, Process>;
  overdue: number;
  dueSoon: number;
}

export const ORG_SORTS = [
  'deadline',
  'newest',
  'problems',
  'completed_newest',
  'position',
  'created',
  'title',
] as const;

/** The member's tasks: theirs directly, through their groups or the job titles they hold. */
async function assignedToMember(
  ctx: AppContext,
  organizationId: string,
  userId: number,
): Promise<NonNullable<TaskListQuery['assignedTo']>> {
  return { userId, ...(await findScopeOfUser(ctx.db.kysely, organizationId, userId)) };
}

/**
 * Light members only ever see tasks assigned to them (directly, through groups or job titles);
 * members the permission lists can refuse see the tasks of processes the lists let them read
 * (`restrictToReadable`).
 */
async function restrictToOwnTasks(ctx: AppContext, query: TaskListQuery, actor: MemberActor): Promise<void> {
  if (can(actor, 'task.see')) {
    restrictToReadable(query, actor);
    return;
  }
  query.assignedTo = await assignedToMember(ctx, actor.organizationId, actor.userId);
}

/**
 * A process's read list hides its tasks, in the query itself (so pages and totals stay right),
 * from the members it does not admit: they see one-off tasks, tasks of processes they may read,
 * and tasks assigned to them.
 */
function restrictToReadable(query: TaskListQuery, actor: MemberActor): void {
  if (passesEveryList(actor, 'process.read')) return;
  query.readableBy = { organizationId: actor.organizationId, userId: actor.userId };
}

/**
 * One page of a task list with its deadline counts and the processes of its tasks (three
 * queries). `process`: the one process every listed task belongs to, already loaded.
 */
export async function runList(
  ctx: AppContext,
  organizationId: string,
  query: TaskListQuery,
  sort: TaskSort,
  page: PageRequest,
  process?: Process,
): Promise<TaskList> {
  const now = ctx.clock.now();
  const db = ctx.db.kysely;
  const items = await listTaskPage(db, query, sort, pageWindow(page));
  const counts = await countTaskList(
    db,
    query,
    statusCondition('overdue', now) ?? {},
    statusCondition('due_soon', now) ?? {},
  );
  const processes = process
    ? new Map([[process.id, process]])
    : await findProcessesByIds(db, organizationId, processIdsOf(items));
  return {
    page: toPage(page, items, counts.total),
    processes,
    overdue: counts.overdue,
    dueSoon: counts.dueSoon,
  };
}

const processIdsOf = (tasks: readonly Task[]) =>
  tasks.map((t) => t.processId).filter((id): id is string => id !== null);

/**
 * The tasks of one process (the seed's `GET /runs/{run_id}/tasks`): status groups, owners,
 * guests, groups, unassigned, deadline filters, sort by position or deadline, pages.
 */
export async function listProcessTasks(
  ctx: AppContext,
  actor: MemberActor,
  processId: string,
  params: TaskListParams,
  page: PageRequest,
): Promise<TaskList> {
  const process = await findProcessById(ctx.db.kysely, actor.organizationId, processId);
  if (!process) throw processNotFound();
  const query = buildTaskQuery(
    actor.organizationId,
    { ...params, archived: params.archived ?? 'true' },
    ctx.clock.now(),
  );
  query.processId = processId;
  await restrictToOwnTasks(ctx, query, actor);
  const sort = parseTaskSort(params.sort, ['position', 'deadline'], { field: 'position', direction: 'asc' });
  return runList(ctx, actor.organizationId, query, sort, page, process);
}

/** Every task of the organization (process and one-off), with the organization filters. */
export async function listOrganizationTasks(
  ctx: AppContext,
  actor: MemberActor,
  params: TaskListParams,
  page: PageRequest,
): Promise<TaskList> {
  const query = buildTaskQuery(actor.organizationId, params, ctx.clock.now());
  await restrictToOwnTasks(ctx, query, actor);
  const sort = parseTaskSort(params.sort, ORG_SORTS, { field: 'deadline', direction: 'asc' });
  return runList(ctx, actor.organizationId, query, sort, page);
}

/**
 * The tasks of a template's processes (`/checklists/{id}/tasks`, `…/tasks/completed`): the
 * organization list's filters, sorts and visibility, narrowed to that template, which the
 * member must be able to read. `completed` lists completed tasks, newest completion first.
 */
export async function listTemplateTasks(
  ctx: AppContext,
  actor: MemberActor,
  templateId: string,
  params: TaskListParams,
  page: PageRequest,
  options: { completed: boolean },
): Promise<TaskList> {
  const template = await getTemplateRow(ctx, actor.organizationId, templateId, { includeArchived: true });
  await assertTemplateAccess(ctx, actor, template, 'template.read');
  const query = buildTaskQuery(
    actor.organizationId,
    options.completed ? { ...params, status: 'complete' } : params,
    ctx.clock.now(),
  );
  query.templateId = templateId;
  await restrictToOwnTasks(ctx, query, actor);
  const fallback: TaskSort = options.completed
    ? { field: 'completed_newest', direction: 'desc' }
    : { field: 'deadline', direction: 'asc' };
  const sort = parseTaskSort(params.sort, ORG_SORTS, fallback);
  return runList(ctx, actor.organizationId, query, sort, page);
}

/**
 * A member's tasks (`/me/tasks`, `/users/{id}/tasks`): assigned to them directly, through
 * their groups or through the job titles they hold. `completed` lists their completed tasks, newest completion first.
 */
export async function listMemberTasks(
  ctx: AppContext,
  actor: MemberActor,
  userId: number,
  params: TaskListParams,
  page: PageRequest,
  options: { completed: boolean },
): Promise<TaskList> {
  if (userId !== actor.userId) {
    assertCan(actor, 'task.list_others');
    if (!(await findMember(ctx.db.kysely, actor.organizationId, userId)))
      throw notFound('MEMBER_NOT_FOUND', 'Member');
  }
  const assignedTo = await assignedToMember(ctx, actor.organizationId, userId);
  const query = buildTaskQuery(
    actor.organizationId,
    { ...params, status: options.completed ? 'complete' : (params.status ?? 'active_visible') },
    ctx.clock.now(),
  );
  const fallback: TaskSort = options.completed
    ? { field: 'completed_newest', direction: 'desc' }
    : { field: 'deadline', direction: 'asc' };
  query.assignedTo = assignedTo;
  // A member's own tasks are theirs to see; another member's are filtered by the lists.
  if (userId !== actor.userId) restrictToReadable(query, actor);
  const sort = parseTaskSort(params.sort, ORG_SORTS, fallback);
  return runList(ctx, actor.organizationId, query, sort, page);
}
