/**
 * The processes a guest takes part in (`GET …/guests/{code}/runs[/{run}[/tasks]]`): only
 * processes holding a task the guest can work, and inside them only the guest's own tasks.
 * Any other process does not exist for the guest.
 */
import {
  GUEST_PROCESS_SORTS,
  type GuestProcessSort,
  listProcessesOfGuest,
} from '../../db/repositories/guest-processes-repository.js';
import { FieldErrorCollector } from '../../domain/errors.js';
import { type Page, type PageRequest, pageWindow, parseSort, toPage } from '../../domain/pagination.js';
import type { Process } from '../../domain/processes/process.js';
import type { AppContext, GuestActor } from '../context.js';
import { guestTasksOf } from './guest-tasks.js';
import { runList, type TaskList } from './list-tasks.js';
import { processNotFound } from './task-access.js';
import { buildTaskQuery, parseTaskSort, type TaskListParams } from './task-filters.js';

/** Tallyfy's guest run list sorts by `dueDate`; the other lists say `due_date`. */
function parseGuestProcessSort(raw: string | undefined): GuestProcessSort {
  const normalized = raw?.replace(/dueDate$/, 'due_date');
  const sort = parseSort(normalized, GUEST_PROCESS_SORTS, { field: 'created_at', direction: 'desc' });
  if (!sort) {
    const errors = new FieldErrorCollector();
    errors.add('sort', 'The sort must be one of created_at, name, dueDate (a leading - sorts descending).');
    errors.throwIfAny();
  }
  return sort as GuestProcessSort;
}

/** The guest's processes: `q` searches names; newest first unless `sort` says otherwise. */
export async function listGuestProcesses(
  ctx: AppContext,
  guest: GuestActor,
  params: { q?: string | undefined; sort?: string | undefined },
  page: PageRequest,
): Promise<Page<Process>> {
  const sort = parseGuestProcessSort(params.sort);
  const who = await guestTasksOf(ctx, guest);
  const { items, total } = await listProcessesOfGuest(
    ctx.db.kysely,
    { organizationId: guest.organizationId, ...who, ...(params.q?.trim() ? { q: params.q.trim() } : {}) },
    sort,
    pageWindow(page),
  );
  return toPage(page, items, total);
}

/** One process of the guest's; 404 PROCESS_NOT_FOUND when they have no task in it. */
export async function getGuestProcess(
  ctx: AppContext,
  guest: GuestActor,
  processId: string,
  known?: Awaited<ReturnType<typeof guestTasksOf>>,
): Promise<Process> {
  const who = known ?? (await guestTasksOf(ctx, guest));
  const { items } = await listProcessesOfGuest(
    ctx.db.kysely,
    { organizationId: guest.organizationId, ...who, processId },
    { field: 'created_at', direction: 'desc' },
    { offset: 0, limit: 1 },
  );
  const process = items[0];
  if (!process) throw processNotFound();
  return process;
}

/** The guest's own tasks of one of their processes, in process order by default. */
export async function listGuestProcessTasks(
  ctx: AppContext,
  guest: GuestActor,
  processId: string,
  params: TaskListParams,
  page: PageRequest,
): Promise<TaskList> {
  const who = await guestTasksOf(ctx, guest);
  await getGuestProcess(ctx, guest, processId, who);
  const query = buildTaskQuery(guest.organizationId, { ...params, archived: undefined }, ctx.clock.now());
  query.processId = processId;
  query.assignedToGuest = who;
  const sort = parseTaskSort(params.sort, ['position', 'deadline'], { field: 'position', direction: 'asc' });
  return runList(ctx, guest.organizationId, query, sort, page);
}
