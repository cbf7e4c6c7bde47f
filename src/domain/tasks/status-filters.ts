/**
 * The `status=` filter groups of task lists. They are computed from stored columns at query
 * time (status, deadline, open problem count) with the injected clock, never kept in sync
 * by hand. A filter value may list several groups separated by commas; a task matches when
 * it is in any of them.
 */
import { rejected } from '../errors.js';
import type { TaskStatus } from './task.js';

export const STATUS_FILTERS = [
  'all',
  'active',
  'active_visible',
  'incomplete',
  'inprogress',
  'not-started',
  'complete',
  'hasproblem',
  'overdue',
  'due_soon',
  'upcoming',
] as const;
export type StatusFilter = (typeof STATUS_FILTERS)[number];

/** Other spellings clients send for the same groups. */
const ALIASES: Record<string, StatusFilter> = {
  completed: 'complete',
  'active-visible': 'active_visible',
  'in-progress': 'inprogress',
  in_progress: 'inprogress',
  notstarted: 'not-started',
  not_started: 'not-started',
  'due-soon': 'due_soon',
  duesoon: 'due_soon',
  'has-problem': 'hasproblem',
  has_problem: 'hasproblem',
};

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * One group as conditions on columns, all of which must hold: a status list, an open-problem
 * requirement and a deadline window (`deadlineFrom` inclusive, `deadlineBefore` exclusive).
 */
export interface StatusCondition {
  statuses?: TaskStatus[];
  hasProblem?: boolean;
  deadlineFrom?: string;
  deadlineBefore?: string;
}

const OPEN: TaskStatus[] = ['not-started', 'in-progress'];
const NOT_COMPLETED: TaskStatus[] = ['not-started', 'in-progress', 'auto-skipped'];

/**
 * The condition of one group at `now`:
 * - `active` / `incomplete`: not completed (hidden tasks included, as Tallyfy answers);
 * - `active_visible`: open and visible (not-started or in-progress);
 * - `inprogress`, `not-started`, `complete`: that stored status;
 * - `hasproblem`: an unresolved problem thread;
 * - `overdue`: open and the deadline has passed (one second late counts);
 * - `due_soon`: open and due within the next 24 hours;
 * - `upcoming`: open and due later than that (the rest of an inbox after overdue and due soon).
 */
export function statusCondition(filter: StatusFilter, now: Date): StatusCondition | undefined {
  const iso = now.toISOString();
  switch (filter) {
    case 'all':
      return undefined;
    case 'active':
    case 'incomplete':
      return { statuses: NOT_COMPLETED };
    case 'active_visible':
      return { statuses: OPEN };
    case 'inprogress':
      return { statuses: ['in-progress'] };
    case 'not-started':
      return { statuses: ['not-started'] };
    case 'complete':
      return { statuses: ['completed'] };
    case 'hasproblem':
      return { hasProblem: true };
    case 'overdue':
      return { statuses: OPEN, deadlineBefore: iso };
    case 'due_soon':
      return {
        statuses: OPEN,
        deadlineFrom: iso,
        deadlineBefore: new Date(now.getTime() + DAY_MS).toISOString(),
      };
    case 'upcoming':
      return { statuses: OPEN, deadlineFrom: new Date(now.getTime() + DAY_MS).toISOString() };
  }
}

/**
 * Parses `status=` into groups. `auto-skipped` is a status, not a filter, and an unknown
 * value would silently match everything, so both are refused (422) instead.
 * Returns undefined when no filtering applies (absent, empty or `all`).
 */
export function parseStatusFilter(raw: string | undefined): StatusFilter[] | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  const groups: StatusFilter[] = [];
  for (const part of raw.split(',')) {
    const value = part.trim().toLowerCase();
    if (!value) continue;
    if (value === 'auto-skipped' || value === 'autoskipped' || value === 'auto_skipped') {
      throw rejected(
        'STATUS_FILTER_NOT_ALLOWED',
        'auto-skipped is a task status and cannot be used as a filter.',
        {
          errors: { status: ['auto-skipped cannot be used as a filter.'] },
        },
      );
    }
    const group = (STATUS_FILTERS as readonly string[]).includes(value)
      ? (value as StatusFilter)
      : ALIASES[value];
    if (!group) {
      throw rejected('INVALID_STATUS_FILTER', `Unknown status filter "${value}".`, {
        errors: { status: [`The status must be one of ${STATUS_FILTERS.join(', ')}.`] },
      });
    }
    if (!groups.includes(group)) groups.push(group);
  }
  if (groups.length === 0 || groups.includes('all')) return undefined;
  return groups;
}

/** Is a task overdue at `now`? (For flags on representations; lists filter in SQL.) */
export function isOverdue(status: TaskStatus, deadline: string | null, now: Date): boolean {
  return OPEN.includes(status) && deadline !== null && deadline < now.toISOString();
}

/** Is a task due within 24 hours of `now` and not yet overdue? */
export function isDueSoon(status: TaskStatus, deadline: string | null, now: Date): boolean {
  if (!OPEN.includes(status) || deadline === null) return false;
  const iso = now.toISOString();
  return deadline >= iso && deadline < new Date(now.getTime() + DAY_MS).toISOString();
}
