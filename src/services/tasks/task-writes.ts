/**
 * Writing a change to one task: the row, its activity rows and its events, in the caller's
 * transaction. Payloads are built from the task as it is after the change.
 */
import { type TaskChanges, updateTask } from '../../db/repositories/tasks-repository.js';
import type { Process } from '../../domain/processes/process.js';
import type { Task } from '../../domain/tasks/task.js';
import type { TemplateDefinition } from '../../domain/templates/definition.js';
import type { AppContext } from '../context.js';
import { type ActivityInput, type ActorRef, appendEvents, recordActivities } from '../events/record.js';
import { taskEventPayload, taskEventTargets } from '../processes/event-payloads.js';

export interface TaskWrite {
  before: Task;
  after: Task;
  changes: TaskChanges;
  activities: ActivityInput[];
  /** Event names (`task.completed`, …); one payload is built for all of them. */
  events: string[];
  /** Facts about the change the events' payload does not carry (for notifications). */
  detail: Record<string, unknown> | null;
}

export function startWrite(task: Task): TaskWrite {
  return { before: task, after: { ...task }, changes: {}, activities: [], events: [], detail: null };
}

/** Sets columns on the task being written. */
export function change(write: TaskWrite, changes: TaskChanges): void {
  Object.assign(write.changes, changes);
  Object.assign(write.after, changes);
}

/** Notes an activity on the task (object task, in its process). */
export function note(
  write: TaskWrite,
  action: string,
  field: string | null,
  oldValue: unknown,
  newValue: unknown,
): void {
  write.activities.push({
    action,
    objectType: 'task',
    objectId: write.before.id,
    processId: write.before.processId,
    taskId: write.before.id,
    field,
    oldValue,
    newValue,
  });
}

/**
 * Writes the row, the activities and the events; returns the task as stored. `siblings` are
 * the process's tasks when the caller has loaded them already (for the event payload).
 */
export async function commitWrite(
  tx: AppContext,
  write: TaskWrite,
  actor: ActorRef,
  process: Process | undefined,
  definition: TemplateDefinition | undefined,
  siblings?: readonly Task[],
): Promise<Task> {
  const task = write.after;
  if (Object.keys(write.changes).length > 0) {
    task.lastUpdated = tx.clock.now().toISOString();
    await updateTask(tx.db.kysely, task.organizationId, task.id, {
      ...write.changes,
      lastUpdated: task.lastUpdated,
    });
  }
  await recordActivities(tx, task.organizationId, actor, write.activities);
  if (write.events.length > 0) {
    const payload = await taskEventPayload(tx, task, process, definition, siblings);
    const targets = taskEventTargets(task, process);
    await appendEvents(
      tx,
      task.organizationId,
      write.events.map((name) => ({
        name,
        processId: task.processId,
        taskId: task.id,
        payload,
        targets,
        actor,
        ...(write.detail ? { detail: write.detail } : {}),
      })),
    );
  }
  return task;
}
