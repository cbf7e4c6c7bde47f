import { updateProcess } from '../../db/repositories/processes-repository.js';
import { deriveStatus, type Process, type TaskCounters } from '../../domain/processes/process.js';
import type { Task } from '../../domain/tasks/task.js';
import { appendEvents, recordActivities } from '../events/record.js';
import { processEventPayload } from './event-payloads.js';
import type { ProcessWrite } from './process-write.js';

/**
 * Recomputes the unit's process's counters, due date and status from its tasks as they now
 * are (the last step of a write, process row locked), and records the process completing or
 * becoming active again. Keeps the process as stored in the unit and returns it.
 */
export async function refreshProcess(unit: ProcessWrite): Promise<Process> {
  const { tx, process } = unit;
  const now = tx.clock.now().toISOString();
  const counters = countersOfTasks(unit.tasks);
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
  unit.process = updated;
  if (status !== process.status) await recordStatusChange(unit, process);
  return updated;
}

/**
 * The process's counters, from its tasks: archived tasks do not count;
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

async function recordStatusChange(unit: ProcessWrite, before: Process): Promise<void> {
  const after = unit.process;
  const action =
    after.status === 'complete' ? 'completed' : before.status === 'complete' ? 'reopened' : 'status_changed';
  await recordActivities(unit.tx, after.organizationId, unit.actor, [
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
    await appendEvents(unit.tx, after.organizationId, [
      {
        name: 'process.completed',
        processId: after.id,
        taskId: null,
        payload: await processEventPayload(unit),
        targets: after.webhook ? [after.webhook] : [],
        actor: unit.actor,
      },
    ]);
  }
}
