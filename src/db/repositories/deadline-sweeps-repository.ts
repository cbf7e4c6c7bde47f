/**
 * The deadline sweeper's queries. The candidate scans are the one place tasks are
 * read across organizations: a background job has no tenant, and each candidate is then
 * handled with queries scoped to its own organization. Their conditions repeat the partial
 * indexes of migration 0600 word for word, so both planners read only tasks with work
 * waiting, in deadline order.
 */
import { sql } from 'kysely';
import type { Process } from '../../domain/processes/process.js';
import type { DeadlineMarks } from '../../domain/tasks/deadline-due.js';
import type { Db } from '../database.js';
import { dialectOf, lockSkipLocked } from '../dialect.js';
import { toProcess } from './processes-repository.js';

/** A task that may have deadline work waiting; decided again under its lock. */
export interface DeadlineCandidate {
  organizationId: string;
  taskId: string;
  processId: string | null;
}

const OPEN = sql<boolean>`status in ('not-started', 'in-progress') and archived_at is null`;

function candidates(db: Db, predicate: ReturnType<typeof sql<boolean>>, limit: number) {
  return db
    .selectFrom('tasks')
    .select(['organization_id', 'id', 'process_id'])
    .where(predicate)
    .orderBy('deadline')
    .limit(limit);
}

/** Open expiring tasks whose deadline has arrived (served by tasks_expiry_due_idx). */
export function expiryCandidatesQuery(db: Db, now: string, limit: number) {
  return candidates(db, sql<boolean>`task_type in ('expiring', 'expiring_email') and ${OPEN}`, limit)
    .where('deadline', '<=', now)
    .where('open_problems', '=', 0)
    .where((eb) => eb.or([eb('reopened_at', 'is', null), eb('reopened_at', '<', eb.ref('deadline'))]));
}

/** Open email steps whose deadline has arrived and whose message is unsent (tasks_email_due_idx). */
export function emailCandidatesQuery(db: Db, now: string, limit: number) {
  const predicate = sql<boolean>`task_type in ('email', 'expiring_email') and email_sent_at is null and ${OPEN}`;
  return candidates(db, predicate, limit).where('deadline', '<=', now);
}

/** Open tasks past their deadline that were not announced for it (tasks_overdue_due_idx). */
export function overdueCandidatesQuery(db: Db, now: string, limit: number) {
  const predicate = sql<boolean>`${OPEN} and (overdue_notified_for is null or overdue_notified_for <> deadline)`;
  return candidates(db, predicate, limit).where('deadline', '<', now);
}

/**
 * Open tasks whose deadline is within the due-soon lead time and not announced for it
 * (tasks_due_soon_idx, migration 0830).
 */
export function dueSoonCandidatesQuery(
  db: Db,
  now: string,
  until: string,
  limit: number,
  organizations?: { in: readonly string[] } | { notIn: readonly string[] },
) {
  const predicate = sql<boolean>`${OPEN} and (due_soon_notified_for is null or due_soon_notified_for <> deadline)`;
  let query = candidates(db, predicate, limit).where('deadline', '>=', now).where('deadline', '<=', until);
  if (organizations && 'in' in organizations)
    query = query.where('organization_id', 'in', [...organizations.in]);
  if (organizations && 'notIn' in organizations && organizations.notIn.length > 0)
    query = query.where('organization_id', 'not in', [...organizations.notIn]);
  return query;
}

/** Runs one of the candidate queries above. */
export async function findDeadlineCandidates(
  query: ReturnType<typeof expiryCandidatesQuery>,
): Promise<DeadlineCandidate[]> {
  const rows = await query.execute();
  return rows.map((r) => ({ organizationId: r.organization_id, taskId: r.id, processId: r.process_id }));
}

/**
 * Locks a process for a system change, skipping it when another transaction holds it (a
 * person working on it, or another sweeper): the candidate comes round again next sweep.
 */
export async function lockProcessIfFree(
  db: Db,
  organizationId: string,
  id: string,
): Promise<Process | undefined> {
  const dialect = dialectOf(db);
  const query = db
    .selectFrom('processes')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('id', '=', id);
  const row = await lockSkipLocked(query, dialect).executeTakeFirst();
  return row ? toProcess(row) : undefined;
}

/** Locks the task row (skipping it when held) and reads the sweeper's marks on it. */
export async function lockDeadlineMarks(
  db: Db,
  organizationId: string,
  taskId: string,
): Promise<DeadlineMarks | undefined> {
  const dialect = dialectOf(db);
  const query = db
    .selectFrom('tasks')
    .select(['email_sent_at', 'overdue_notified_for', 'due_soon_notified_for'])
    .where('organization_id', '=', organizationId)
    .where('id', '=', taskId);
  const row = await lockSkipLocked(query, dialect).executeTakeFirst();
  return row
    ? {
        emailSentAt: row.email_sent_at,
        overdueNotifiedFor: row.overdue_notified_for,
        dueSoonNotifiedFor: row.due_soon_notified_for,
      }
    : undefined;
}

export async function markEmailSent(
  db: Db,
  organizationId: string,
  taskId: string,
  at: string,
): Promise<void> {
  await db
    .updateTable('tasks')
    .set({ email_sent_at: at })
    .where('organization_id', '=', organizationId)
    .where('id', '=', taskId)
    .execute();
}

/** Records that `task.overdue` was emitted for the task's current deadline (copied in SQL). */
export async function markOverdueNotified(db: Db, organizationId: string, taskId: string): Promise<void> {
  await db
    .updateTable('tasks')
    .set((eb) => ({ overdue_notified_for: eb.ref('deadline') }))
    .where('organization_id', '=', organizationId)
    .where('id', '=', taskId)
    .execute();
}

/** Records that `task.due_soon` was emitted for the task's current deadline (copied in SQL). */
export async function markDueSoonNotified(db: Db, organizationId: string, taskId: string): Promise<void> {
  await db
    .updateTable('tasks')
    .set((eb) => ({ due_soon_notified_for: eb.ref('deadline') }))
    .where('organization_id', '=', organizationId)
    .where('id', '=', taskId)
    .execute();
}

/** E-mail addresses of the active members of the organization among `userIds`. */
export async function findActiveMemberAddresses(
  db: Db,
  organizationId: string,
  userIds: readonly number[],
): Promise<string[]> {
  if (userIds.length === 0) return [];
  const rows = await db
    .selectFrom('users')
    .innerJoin('memberships', 'memberships.user_id', 'users.id')
    .select('users.email')
    .where('memberships.organization_id', '=', organizationId)
    .where('memberships.status', '=', 'active')
    .where('users.id', 'in', [...new Set(userIds)])
    .orderBy('users.id')
    .execute();
  return rows.map((r) => r.email);
}

/** E-mail addresses of the organization's active guests named by e-mail or by id. */
export async function findActiveGuestAddresses(
  db: Db,
  organizationId: string,
  wanted: { emails: readonly string[]; ids: readonly number[] },
): Promise<string[]> {
  if (wanted.emails.length === 0 && wanted.ids.length === 0) return [];
  const rows = await db
    .selectFrom('guests')
    .select('email')
    .where('organization_id', '=', organizationId)
    .where('deleted_at', 'is', null)
    .where('status', '=', 'active')
    .where((eb) =>
      eb.or([
        ...(wanted.emails.length ? [eb('email', 'in', [...new Set(wanted.emails)])] : []),
        ...(wanted.ids.length ? [eb('id', 'in', [...new Set(wanted.ids)])] : []),
      ]),
    )
    .orderBy('id')
    .execute();
  return rows.map((r) => r.email);
}
