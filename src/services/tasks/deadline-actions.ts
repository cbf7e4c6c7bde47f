/**
 * What a deadline does to one task when the sweeper finds it due: expire it, send its
 * email, or announce it overdue. Each runs in its own transaction, locks the process then
 * the task (the lock order every writer follows), skipping either when another transaction
 * holds it, and decides again under the lock (domain/tasks/deadline-due.ts). So however many
 * sweepers run, on either database, each action happens exactly once: the second one to
 * get the lock finds the work done.
 */
import {
  type DeadlineCandidate,
  lockDeadlineMarks,
  markDueSoonNotified,
  markOverdueNotified,
} from '../../db/repositories/deadline-sweeps-repository.js';
import { findOrgDueSoonHours } from '../../db/repositories/notifications-settings-repository.js';
import { findTaskById } from '../../db/repositories/tasks-repository.js';
import {
  type DeadlineMarks,
  expiredAt,
  isDueSoonUnannounced,
  isEmailDue,
  isExpiryDue,
  isOverdueUnannounced,
} from '../../domain/tasks/deadline-due.js';
import type { Task } from '../../domain/tasks/task.js';
import { type AppContext, inTransaction } from '../context.js';
import { actorRef, appendEvents, recordActivities } from '../events/record.js';
import { looseTaskEventPayload, taskEventPayload } from '../processes/event-payloads.js';
import { openProcessWrite, type ProcessWrite, taskOfWrite } from '../processes/process-write.js';
import { completionWrite, finishCompletion } from './finish-completion.js';
import { sendTaskEmail } from './task-email.js';
import { commitLooseWrite } from './task-writes.js';

/** Deadlines act on nobody's behalf: activities and events name the system. */
const SYSTEM = actorRef(undefined);

interface LockedTask {
  task: Task;
  /** The write unit of the task's process; undefined for a task outside any process. */
  unit: ProcessWrite | undefined;
  marks: DeadlineMarks;
}

/**
 * Completes an expiring task as expired: `is_approved` false, no completer, completed at its
 * deadline; event `task.expired` (to the step's webhook, else the template's, as a
 * completion); rules with `expired` conditions run; the process may complete. An
 * expiring-email task sends its message first if it has not yet. Returns whether it acted.
 */
export async function expireTask(ctx: AppContext, candidate: DeadlineCandidate): Promise<boolean> {
  return inTransaction(ctx, async (tx) => {
    const now = tx.clock.now();
    const locked = await lockForSweep(tx, candidate);
    if (!locked || !isExpiryDue(locked.task, now)) return false;
    const { task, unit, marks } = locked;
    if (isEmailDue(task, marks, now)) await sendTaskEmail(tx, task, SYSTEM);
    const facts = {
      completedAt: expiredAt(task, now),
      completerId: null,
      isApproved: false,
      outcome: 'expired' as const,
      events: ['task.expired'],
    };
    if (unit) await finishCompletion(unit, task, facts);
    else await commitLooseWrite(tx, SYSTEM, completionWrite(task, facts));
    return true;
  });
}

/**
 * Sends an email step's message at its deadline. The task stays as it is: an `email` task
 * (a draft its assignee sends) still waits for its assignee, and an `expiring_email` task
 * completes through expireTask. Returns whether it acted.
 */
export async function sendEmailAtDeadline(ctx: AppContext, candidate: DeadlineCandidate): Promise<boolean> {
  return inTransaction(ctx, async (tx) => {
    const locked = await lockForSweep(tx, candidate);
    if (!locked || !isEmailDue(locked.task, locked.marks, tx.clock.now())) return false;
    await sendTaskEmail(tx, locked.task, SYSTEM);
    return true;
  });
}

/**
 * Emits `task.overdue` once for the task's current deadline, with an `overdue` activity.
 * Delivered to watcher subscriptions (organization, process, task), not to template or step
 * webhooks, which Tallyfy calls for launches and completions only. Returns whether it acted.
 */
export async function announceOverdue(ctx: AppContext, candidate: DeadlineCandidate): Promise<boolean> {
  return inTransaction(ctx, async (tx) => {
    const locked = await lockForSweep(tx, candidate);
    if (!locked || !isOverdueUnannounced(locked.task, locked.marks, tx.clock.now())) return false;
    const { task, unit } = locked;
    await markOverdueNotified(tx.db.kysely, task.organizationId, task.id);
    await recordActivities(tx, task.organizationId, SYSTEM, [
      {
        action: 'overdue',
        objectType: 'task',
        objectId: task.id,
        processId: task.processId,
        taskId: task.id,
        field: 'deadline',
        oldValue: null,
        newValue: task.deadline,
      },
    ]);
    const payload = unit ? await taskEventPayload(unit, task) : await looseTaskEventPayload(tx, task);
    await appendEvents(tx, task.organizationId, [
      { name: 'task.overdue', processId: task.processId, taskId: task.id, payload, targets: [] },
    ]);
    return true;
  });
}

/**
 * Emits `task.due_soon` once for the task's current deadline, when it comes within the
 * organization's due-soon lead time (default NOTIFY_DUE_SOON_HOURS); delivered like `task.overdue`, and turned
 * into reminders for the task's assignees. Returns whether it acted.
 */
export async function announceDueSoon(ctx: AppContext, candidate: DeadlineCandidate): Promise<boolean> {
  return inTransaction(ctx, async (tx) => {
    const locked = await lockForSweep(tx, candidate);
    const hours =
      (await findOrgDueSoonHours(tx.db.kysely, candidate.organizationId)) ??
      tx.config.notifications.defaultDueSoonHours;
    const leadMs = hours * 3_600_000;
    if (!locked || !isDueSoonUnannounced(locked.task, locked.marks, tx.clock.now(), leadMs)) return false;
    const { task, unit } = locked;
    await markDueSoonNotified(tx.db.kysely, task.organizationId, task.id);
    const payload = unit ? await taskEventPayload(unit, task) : await looseTaskEventPayload(tx, task);
    await appendEvents(tx, task.organizationId, [
      { name: 'task.due_soon', processId: task.processId, taskId: task.id, payload, targets: [] },
    ]);
    return true;
  });
}

/**
 * Opens the write unit of the candidate's process (if any), then locks the task, skipping
 * when either is held; undefined when skipped, gone, or moved to another process since the scan.
 */
async function lockForSweep(tx: AppContext, candidate: DeadlineCandidate): Promise<LockedTask | undefined> {
  const { organizationId: org, taskId, processId } = candidate;
  const unit = processId ? await openProcessWrite(tx, SYSTEM, org, processId, { ifFree: true }) : undefined;
  if (processId && (!unit || unit.process.archivedAt)) return undefined;
  const marks = await lockDeadlineMarks(tx.db.kysely, org, taskId);
  if (!marks) return undefined;
  const task = unit ? taskOfWrite(unit, taskId) : await findTaskById(tx.db.kysely, org, taskId);
  if (!task || task.processId !== processId) return undefined;
  return { task, unit, marks };
}
