/**
 * When a deadline makes a task act on its own (reference §6.5, §6.7). Pure: the sweeper's
 * queries find candidates with the same conditions in SQL, and these functions decide again
 * under the row lock, so a task that changed in between is left alone.
 *
 * - An expiring or expiring-email task still open at its deadline expires. It is not
 *   expired while it has an unresolved problem (completion is blocked then, for people and
 *   the system alike; it expires at the first sweep after the problem is resolved), nor
 *   when it was reopened after its deadline (someone chose to take it up again; a new
 *   deadline makes it expire again).
 * - An email or expiring-email task open and visible at its deadline sends its message once.
 * - Any open, visible task is overdue once its deadline has passed ("one second late
 *   counts", as the `overdue` filter says), announced once per deadline; a task due to
 *   expire expires instead.
 */
import type { Task } from './task.js';
import { isOpen } from './task.js';

const EXPIRING_TYPES = new Set(['expiring', 'expiring_email']);
const EMAIL_TYPES = new Set(['email', 'expiring_email']);

/** The sweeper's marks on a task (columns of the tasks table). */
export interface DeadlineMarks {
  emailSentAt: string | null;
  overdueNotifiedFor: string | null;
  dueSoonNotifiedFor: string | null;
}

function liveWithDeadline(task: Task): task is Task & { deadline: string } {
  return isOpen(task.status) && task.archivedAt === null && task.deadline !== null;
}

/** Has the deadline arrived (at or after it)? */
const arrived = (deadline: string, now: Date) => deadline <= now.toISOString();

/** Should the task complete itself as expired now? */
export function isExpiryDue(task: Task, now: Date): boolean {
  if (!EXPIRING_TYPES.has(task.taskType) || !liveWithDeadline(task)) return false;
  if (task.openProblems > 0) return false;
  if (task.reopenedAt !== null && task.reopenedAt >= task.deadline) return false;
  return arrived(task.deadline, now);
}

/** Should the task's email go out now? */
export function isEmailDue(task: Task, marks: DeadlineMarks, now: Date): boolean {
  if (!EMAIL_TYPES.has(task.taskType) || !liveWithDeadline(task)) return false;
  return marks.emailSentAt === null && arrived(task.deadline, now);
}

/** Has the task become overdue for a deadline not yet announced? */
export function isOverdueUnannounced(task: Task, marks: DeadlineMarks, now: Date): boolean {
  if (!liveWithDeadline(task)) return false;
  // A task whose expiry is due expires rather than turning overdue. Sequentially the expiry
  // pass runs first; a concurrent sweep's overdue pass may reach the task before it.
  if (isExpiryDue(task, now)) return false;
  return marks.overdueNotifiedFor !== task.deadline && task.deadline < now.toISOString();
}

/**
 * Is the task's deadline within `leadMs` and not yet announced as due soon? A task already
 * overdue is not "due soon" (overdue says more), nor one announced for this deadline.
 */
export function isDueSoonUnannounced(task: Task, marks: DeadlineMarks, now: Date, leadMs: number): boolean {
  if (!liveWithDeadline(task)) return false;
  const until = new Date(now.getTime() + leadMs).toISOString();
  return (
    marks.dueSoonNotifiedFor !== task.deadline && task.deadline >= now.toISOString() && task.deadline <= until
  );
}

/**
 * The completion time an expiry records: the deadline itself, so the record does not depend
 * on how late the sweeper noticed (an interval, a restart); never before the task existed.
 */
export function expiredAt(task: Pick<Task, 'deadline' | 'createdAt'>, now: Date): string {
  const deadline = task.deadline ?? now.toISOString();
  // ISO-8601 UTC strings of one format compare in time order.
  if (deadline < task.createdAt) return task.createdAt;
  return deadline;
}
