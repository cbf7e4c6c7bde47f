/**
 * Batch loaders behind `with=` on task answers: each loads one relation for every task of the
 * answer in a fixed number of queries, whatever the number of tasks.
 */

import type { Activity } from '../../db/repositories/events-repository.js';
import { findActivitiesOfTasks } from '../../db/repositories/events-repository.js';
import { countLateTasksOfProcesses } from '../../db/repositories/process-tasks-repository.js';
import { findProcessesByIds } from '../../db/repositories/processes-repository.js';
import { countTaskCompletions } from '../../db/repositories/task-owners-repository.js';
import { findTasksOfProcesses } from '../../db/repositories/tasks-repository.js';
import { findThreadsOfTasks } from '../../db/repositories/threads-repository.js';
import { findUsersByIds } from '../../db/repositories/users-repository.js';
import type { User } from '../../domain/identity.js';
import type { Process } from '../../domain/processes/process.js';
import type { Task } from '../../domain/tasks/task.js';
import type { Thread } from '../../domain/tasks/thread.js';
import type { TemplateDefinition } from '../../domain/templates/definition.js';
import type { TaskTemplateParts } from '../../domain/views.js';
import type { AppContext } from '../context.js';
import { fieldsOfTask, loadDefinitions, stepOfTask } from '../processes/definitions.js';

export type { TaskTemplateParts };

/** The processes of the given tasks (one query; pass `known` to skip those already loaded). */
export async function loadProcessesOfTasks(
  ctx: AppContext,
  organizationId: string,
  tasks: readonly Task[],
  known: ReadonlyMap<string, Process> = new Map(),
): Promise<Map<string, Process>> {
  const missing = tasks.map((t) => t.processId).filter((id): id is string => id !== null && !known.has(id));
  const loaded = await findProcessesByIds(ctx.db.kysely, organizationId, missing);
  return new Map([...known, ...loaded]);
}

/** Each task's step and form fields from its process's frozen definition (one query). */
export async function loadTemplatePartsOfTasks(
  ctx: AppContext,
  organizationId: string,
  tasks: readonly Task[],
  processes: ReadonlyMap<string, Process>,
): Promise<Map<string, TaskTemplateParts>> {
  const wanted = tasks.flatMap((t) =>
    t.processId && processes.has(t.processId) ? [processes.get(t.processId)!] : [],
  );
  const definitions = await loadDefinitions(ctx, organizationId, wanted);
  const result = new Map<string, TaskTemplateParts>();
  for (const task of tasks) {
    const definition = task.processId ? definitions.get(task.processId) : undefined;
    result.set(task.id, {
      definition,
      step: stepOfTask(task, definition),
      fields: fieldsOfTask(task, definition),
    });
  }
  return result;
}

/** Live threads per task and their member authors (two queries). */
export async function loadThreadsOfTasks(
  ctx: AppContext,
  organizationId: string,
  taskIds: readonly string[],
): Promise<{ threads: Map<string, Thread[]>; authors: Map<number, User> }> {
  const rows = await findThreadsOfTasks(ctx.db.kysely, organizationId, taskIds);
  const threads = new Map<string, Thread[]>(taskIds.map((id) => [id, []]));
  for (const thread of rows) if (thread.taskId) threads.get(thread.taskId)?.push(thread);
  const authorIds = rows
    .filter((t) => t.authorType === 'member')
    .map((t) => t.authorId)
    .filter((id): id is number => id !== null);
  return { threads, authors: await findUsersByIds(ctx.db.kysely, authorIds) };
}

/** Activity rows per task, oldest first (one query). */
export async function loadActivitiesOfTasks(
  ctx: AppContext,
  organizationId: string,
  taskIds: readonly string[],
): Promise<Map<string, Activity[]>> {
  const rows = await findActivitiesOfTasks(ctx.db.kysely, organizationId, taskIds);
  const result = new Map<string, Activity[]>(taskIds.map((id) => [id, []]));
  for (const row of rows) if (row.taskId) result.get(row.taskId)?.push(row);
  return result;
}

/** Shares given on everyone-must-complete tasks (no query when there are none). */
export async function loadSharesOfTasks(
  ctx: AppContext,
  organizationId: string,
  tasks: readonly Task[],
): Promise<Map<string, number>> {
  const ids = tasks.filter((t) => t.everyoneMustComplete && t.status !== 'completed').map((t) => t.id);
  return countTaskCompletions(ctx.db.kysely, organizationId, ids);
}

/** Late (overdue) task counts of processes, for `late_tasks` (one query). */
export async function loadLateTaskCounts(
  ctx: AppContext,
  organizationId: string,
  processIds: readonly string[],
): Promise<Map<string, number>> {
  return countLateTasksOfProcesses(ctx.db.kysely, organizationId, processIds, ctx.clock.now().toISOString());
}

/** Tasks of several processes, grouped by process id (two queries). */
export async function loadTasksOfProcesses(
  ctx: AppContext,
  organizationId: string,
  processIds: readonly string[],
): Promise<Map<string, Task[]>> {
  const tasks = await findTasksOfProcesses(ctx.db.kysely, organizationId, processIds);
  const result = new Map<string, Task[]>(processIds.map((id) => [id, []]));
  for (const task of tasks) if (task.processId) result.get(task.processId)?.push(task);
  return result;
}

/** Frozen definitions of several processes, keyed by process id (one query). */
export async function loadDefinitionsOfProcesses(
  ctx: AppContext,
  organizationId: string,
  processes: readonly Process[],
): Promise<Map<string, TemplateDefinition>> {
  return loadDefinitions(ctx, organizationId, processes);
}
