/**
 * Writing a change to one task: the row, its activity rows and its events, in the caller's
 * transaction. Payloads are built from the task as it is after the change.
 */
import { type TaskChanges, updateTask } from '../../db/repositories/tasks-repository.js';
import type { Task } from '../../domain/tasks/task.js';
import type { AppContext } from '../context.js';
import { type ActivityInput, type ActorRef, appendEvents, recordActivities } from '../events/record.js';
import { looseTaskEventPayload, taskEventPayload, taskEventTargets } from '../processes/event-payloads.js';
import { keepTasks, type ProcessWrite } from '../processes/process-write.js';

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
 * Writes the row, the activities and the events of a change to a task of the unit's process,
 * and keeps the task as stored in the unit (so the payloads, the rules and the recount that
 * follow see it). Returns the task as stored.
 */
export async function commitWrite(unit: ProcessWrite, write: TaskWrite): Promise<Task> {
  const task = await saveRow(unit.tx, write);
  keepTasks(unit, [task]);
  await recordActivities(unit.tx, task.organizationId, unit.actor, write.activities);
  if (write.events.length > 0) {
    const payload = await taskEventPayload(unit, task);
    await appendTaskEvents(unit.tx, unit.actor, write, payload, taskEventTargets(task, unit.process));
  }
  return task;
}

/** commitWrite for a task outside any process (a one-off task on its own). */
export async function commitLooseWrite(tx: AppContext, actor: ActorRef, write: TaskWrite): Promise<Task> {
  const task = await saveRow(tx, write);
  await recordActivities(tx, task.organizationId, actor, write.activities);
  if (write.events.length > 0) {
    const payload = await looseTaskEventPayload(tx, task);
    await appendTaskEvents(tx, actor, write, payload, taskEventTargets(task, undefined));
  }
  return task;
}

async function saveRow(tx: AppContext, write: TaskWrite): Promise<Task> {
  const task = write.after;
  if (Object.keys(write.changes).length > 0) {
    task.lastUpdated = tx.clock.now().toISOString();
    await updateTask(tx.db.kysely, task.organizationId, task.id, {
      ...write.changes,
      lastUpdated: task.lastUpdated,
    });
  }
  return task;
}

/** One event row per name, all with the payload of the task as written. */
function appendTaskEvents(
  tx: AppContext,
  actor: ActorRef,
  write: TaskWrite,
  payload: Record<string, unknown>,
  targets: string[],
): Promise<void> {
  const task = write.after;
  return appendEvents(
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

/** commitWrite for a process task, commitLooseWrite for a task outside any process. */
export function commitChange(
  tx: AppContext,
  actor: ActorRef,
  unit: ProcessWrite | undefined,
  write: TaskWrite,
): Promise<Task> {
  return unit ? commitWrite(unit, write) : commitLooseWrite(tx, actor, write);
}
