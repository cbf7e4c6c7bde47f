/**
 * Query parameters of the task lists, checked and turned into a repository query. Bad values
 * are refused with 422 and the parameter named, never ignored.
 */
import type { TaskListQuery, TaskSort, TimeWindow } from '../../db/repositories/task-lists-repository.js';
import { parseDateInput, parseDay } from '../../domain/dates.js';
import { FieldErrorCollector } from '../../domain/errors.js';
import { isValidEmail, normalizeEmail } from '../../domain/identity.js';
import { isHexId } from '../../domain/ids.js';
import { isIntegerId } from '../../domain/limits.js';
import { parseSort } from '../../domain/pagination.js';
import { parseStatusFilter, statusCondition } from '../../domain/tasks/status-filters.js';

/** The filters every task list understands (wire names). */
export interface TaskListParams {
  status?: string | undefined;
  owners?: string | undefined;
  guests?: string | undefined;
  groups?: string | undefined;
  unassigned?: boolean | undefined;
  deadline_on?: string | undefined;
  deadline_before?: string | undefined;
  deadline_after?: string | undefined;
  deadline_start_range?: string | undefined;
  deadline_end_range?: string | undefined;
  sort?: string | undefined;
  q?: string | undefined;
  tag?: string | undefined;
  tag_ids?: string | undefined;
  untagged?: boolean | undefined;
  folder?: string | undefined;
  created?: string | undefined;
  is_oneoff?: boolean | undefined;
  archived?: string | undefined;
  /** Job-title ids: tasks assigned one of them. */
  roles?: string | undefined;
}

const list = (raw: string | undefined) =>
  (raw ?? '')
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);

/** A day or an instant; `end` moves a day to its end (exclusive) and an instant by 1 ms. */
function bound(
  raw: string,
  edge: 'start' | 'end',
  errors: FieldErrorCollector,
  name: string,
): string | undefined {
  const day = parseDay(raw.trim());
  if (day) return (edge === 'start' ? day.start : day.end).toISOString();
  const instant = parseDateInput(raw);
  if (!instant) {
    errors.add(name, `The ${name} must be a date (YYYY-MM-DD) or a date-time.`);
    return undefined;
  }
  return new Date(instant.getTime() + (edge === 'end' ? 1 : 0)).toISOString();
}

function narrow(w: TimeWindow, from: string | undefined, before: string | undefined): void {
  if (from !== undefined && (w.from === undefined || from > w.from)) w.from = from;
  if (before !== undefined && (w.before === undefined || before < w.before)) w.before = before;
}

/**
 * Deadline filters: `deadline_on` (a whole day) wins over the others; `deadline_before` and
 * `deadline_after` are exclusive of the day given; the range bounds include their days.
 */
function deadlineWindow(p: TaskListParams, errors: FieldErrorCollector): TimeWindow | undefined {
  if (p.deadline_on) {
    const day = parseDay(p.deadline_on.trim());
    if (!day) errors.add('deadline_on', 'The deadline_on must be a date (YYYY-MM-DD).');
    return day ? { from: day.start.toISOString(), before: day.end.toISOString() } : undefined;
  }
  const w: TimeWindow = {};
  if (p.deadline_before) narrow(w, undefined, bound(p.deadline_before, 'start', errors, 'deadline_before'));
  if (p.deadline_after) narrow(w, bound(p.deadline_after, 'end', errors, 'deadline_after'), undefined);
  if (p.deadline_start_range)
    narrow(w, bound(p.deadline_start_range, 'start', errors, 'deadline_start_range'), undefined);
  if (p.deadline_end_range)
    narrow(w, undefined, bound(p.deadline_end_range, 'end', errors, 'deadline_end_range'));
  return w.from === undefined && w.before === undefined ? undefined : w;
}

function createdWindow(raw: string, errors: FieldErrorCollector): TimeWindow | undefined {
  const [first, second] = raw.split(':');
  const start = first ? parseDay(first.trim()) : undefined;
  const end = second !== undefined ? parseDay(second.trim()) : start;
  if (!start || !end) {
    errors.add('created', 'The created filter must be YYYY-MM-DD or YYYY-MM-DD:YYYY-MM-DD.');
    return undefined;
  }
  return { from: start.start.toISOString(), before: end.end.toISOString() };
}

function people(p: TaskListParams, errors: FieldErrorCollector) {
  const owners = list(p.owners).map(Number);
  if (owners.some((n) => !isIntegerId(n))) errors.add('owners', 'The owners must be member ids.');
  const guests = list(p.guests);
  if (guests.some((g) => !isValidEmail(g))) errors.add('guests', 'The guests must be e-mail addresses.');
  const groups = list(p.groups).map((g) => g.toLowerCase());
  if (groups.some((g) => !isHexId(g))) errors.add('groups', 'The groups must be group ids.');
  const roles = list(p.roles).map((r) => r.toLowerCase());
  if (roles.some((r) => !isHexId(r))) errors.add('roles', 'The roles must be job-title ids.');
  return { owners, guests: guests.map(normalizeEmail), groups, roles };
}

/** The repository query for `params` at `now`, for one organization. */
export function buildTaskQuery(organizationId: string, params: TaskListParams, now: Date): TaskListQuery {
  const errors = new FieldErrorCollector();
  const groups = parseStatusFilter(params.status);
  const who = people(params, errors);
  const query: TaskListQuery = {
    organizationId,
    archived: params.archived === 'only' ? 'only' : params.archived === 'true' ? 'include' : 'exclude',
    ...(who.owners.length ? { owners: who.owners } : {}),
    ...(who.guests.length ? { guests: who.guests } : {}),
    ...(who.groups.length ? { groups: who.groups } : {}),
    ...(who.roles.length ? { roles: who.roles } : {}),
  };
  if (params.archived !== undefined && !['only', 'true', 'false'].includes(params.archived)) {
    errors.add('archived', 'The archived filter must be true, false or only.');
  }
  if (groups) query.statusGroups = groups.flatMap((g) => statusCondition(g, now) ?? []);
  if (params.unassigned) query.unassigned = true;
  const deadline = deadlineWindow(params, errors);
  if (deadline) query.deadline = deadline;
  if (params.created) {
    const created = createdWindow(params.created, errors);
    if (created) query.created = created;
  }
  if (params.q?.trim()) query.q = params.q.trim();
  if (params.is_oneoff !== undefined) query.isOneoff = params.is_oneoff;
  if (list(params.tag ?? params.tag_ids).length) query.tags = list(params.tag ?? params.tag_ids);
  if (params.untagged) query.untagged = true;
  if (list(params.folder).length) query.folders = list(params.folder);
  errors.throwIfAny();
  return query;
}

/** `sort` against the sorts a list allows; an unknown one is refused. */
export function parseTaskSort(
  raw: string | undefined,
  allowed: readonly TaskSort['field'][],
  fallback: TaskSort,
): TaskSort {
  const sort = parseSort(raw, allowed, fallback);
  if (!sort) {
    const errors = new FieldErrorCollector();
    errors.add('sort', `The sort must be one of ${allowed.flatMap((f) => [f, `-${f}`]).join(', ')}.`);
    errors.throwIfAny();
  }
  return sort as TaskSort;
}
