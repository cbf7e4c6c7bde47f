import { countProcessTasks } from '../../db/repositories/process-tasks-repository.js';
import { updateProcess } from '../../db/repositories/processes-repository.js';
import { deriveStatus, type Process } from '../../domain/processes/process.js';
import type { TemplateDefinition } from '../../domain/templates/definition.js';
import type { AppContext } from '../context.js';
import { type ActorRef, appendEvents, recordActivities } from '../events/record.js';
import { processEventPayload } from './event-payloads.js';

/**
 * Recomputes a process's counters, due date and status from its tasks after a change (inside
 * the change's transaction, process row locked), and records the process completing or
 * becoming active again. Returns the process as stored.
 */
export async function refreshProcess(
  tx: AppContext,
  process: Process,
  definition: TemplateDefinition | undefined,
  actor: ActorRef,
): Promise<Process> {
  const now = tx.clock.now().toISOString();
  const counters = await countProcessTasks(tx.db.db, process.organizationId, process.id);
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
  await updateProcess(tx.db.db, process.organizationId, process.id, {
    status,
    completedAt,
    tasksTotal: updated.tasksTotal,
    tasksCompleted: updated.tasksCompleted,
    tasksAll: updated.tasksAll,
    openProblems: updated.openProblems,
    dueDate: updated.dueDate,
    lastUpdated: now,
  });
  if (status !== process.status) await recordStatusChange(tx, process, updated, definition, actor);
  return updated;
}

async function recordStatusChange(
  tx: AppContext,
  before: Process,
  after: Process,
  definition: TemplateDefinition | undefined,
  actor: ActorRef,
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
        payload: await processEventPayload(tx, after, definition),
        targets: after.webhook ? [after.webhook] : [],
      },
    ]);
  }
}
