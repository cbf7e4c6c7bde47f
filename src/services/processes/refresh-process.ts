import { countProcessTasks } from '../../db/repositories/process-tasks-repository.js';
import { updateProcess } from '../../db/repositories/processes-repository.js';
import { deriveStatus, type Process, type TaskCounters } from '../../domain/processes/process.js';
import type { Task } from '../../domain/tasks/task.js';
import type { TemplateDefinition } from '../../domain/templates/definition.js';
import type { AppContext } from '../context.js';
import { type ActorRef, appendEvents, recordActivities } from '../events/record.js';
import { processEventPayload } from './event-payloads.js';

/**
 * Recomputes a process's counters, due date and status from its tasks after a change (inside
 * the change's transaction, process row locked), and records the process completing or
 * becoming active again. `tasks` are all the process's tasks as they now are when the caller
 * holds them (counted here instead of by a query). Returns the process as stored.
 */
export async function refreshProcess(
  tx: AppContext,
  process: Process,
  definition: TemplateDefinition | undefined,
  actor: ActorRef,
  tasks?: readonly Task[],
): Promise<Process> {
  const now = tx.clock.now().toISOString();
  const counters = tasks
    ? countersOfTasks(tasks)
    : await countProcessTasks(tx.db.kysely, process.organizationId, process.id);
  const status = deriveStatus(counters, process.prerunCompletedAt !== null);
  const completedAt = status === 'complete' ? (process.completedAt ?? now) : null;
  const updated: Process = {
    ...process,
    status,
    completedAt,
    tasksTotal: counters.visible,
    tasksCompleted: counters.completed,
    tasksAll: counters.all,
    openProblems: counters.openProblems,
    dueDate: counters.latestDeadline,
  };
  const changed =
    updated.status !== process.status ||
    updated.completedAt !== process.completedAt ||
    updated.tasksTotal !== process.tasksTotal ||
    updated.tasksCompleted !== process.tasksCompleted ||
    updated.tasksAll !== process.tasksAll ||
    updated.openProblems !== process.openProblems ||
    updated.dueDate !== process.dueDate;
  if (!changed) return process;
  updated.lastUpdated = now;
  await updateProcess(tx.db.kysely, process.organizationId, process.id, {
    status,
    completedAt,
    tasksTotal: updated.tasksTotal,
    tasksCompleted: updated.tasksCompleted,
    tasksAll: updated.tasksAll,
    openProblems: updated.openProblems,
    dueDate: updated.dueDate,
    lastUpdated: now,
  });
  if (status !== process.status) await recordStatusChange(tx, process, updated, definition, actor, tasks);
  return updated;
}

/**
 * The counters countProcessTasks computes, from tasks in hand: archived tasks do not count;
 * hidden (auto-skipped) ones count only in `all`; the due date is the latest deadline of a
 * visible task. Deadlines are ISO-8601 UTC text on both databases, so text order is time order.
 */
export function countersOfTasks(tasks: readonly Task[]): TaskCounters {
  const counters: TaskCounters = { all: 0, visible: 0, completed: 0, openProblems: 0, latestDeadline: null };
  for (const t of tasks) {
    if (t.archivedAt !== null) continue;
    counters.all++;
    counters.openProblems += t.openProblems;
    if (t.status === 'completed') counters.completed++;
    if (t.status === 'auto-skipped') continue;
    counters.visible++;
    if (t.deadline !== null && (counters.latestDeadline === null || t.deadline > counters.latestDeadline))
      counters.latestDeadline = t.deadline;
  }
  return counters;
}

async function recordStatusChange(
  tx: AppContext,
  before: Process,
  after: Process,
  definition: TemplateDefinition | undefined,
  actor: ActorRef,
  tasks: readonly Task[] | undefined,
): Promise<void> {
  const action =
    after.status === 'complete' ? 'completed' : before.status === 'complete' ? 'reopened' : 'status_changed';
  await recordActivities(tx, after.organizationId, actor, [
    {
      action,
      objectType: 'process',
      objectId: after.id,
      processId: after.id,
      field: 'status',
      oldValue: before.status,
      newValue: after.status,
    },
  ]);
  if (after.status === 'complete') {
    await appendEvents(tx, after.organizationId, [
      {
        name: 'process.completed',
        processId: after.id,
        taskId: null,
        payload: await processEventPayload(tx, after, definition, tasks),
        targets: after.webhook ? [after.webhook] : [],
        actor,
      },
    ]);
  }
}
