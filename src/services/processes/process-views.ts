/** Read-only views of one process: its activity feed and all its form values. */

import type { Activity } from '../../db/repositories/events-repository.js';
import { findActivitiesOfProcess } from '../../db/repositories/events-repository.js';
import { findTasksOfProcess } from '../../db/repositories/tasks-repository.js';
import { type Page, type PageRequest, pageWindow, toPage } from '../../domain/pagination.js';
import type { Process } from '../../domain/processes/process.js';
import type { Task } from '../../domain/tasks/task.js';
import type { TemplateDefinition } from '../../domain/templates/definition.js';
import type { AppContext, MemberActor } from '../context.js';
import { loadDefinition } from './definitions.js';
import { getProcess } from './get-process.js';

/** `GET /runs/{id}/activity`: what happened to the process and its tasks, newest first. */
export async function listProcessActivity(
  ctx: AppContext,
  actor: MemberActor,
  processId: string,
  page: PageRequest,
): Promise<Page<Activity>> {
  const process = await getProcess(ctx, actor, processId);
  const { items, total } = await findActivitiesOfProcess(
    ctx.db.kysely,
    actor.organizationId,
    process.id,
    pageWindow(page),
  );
  return toPage(page, items, total);
}

export interface ProcessFormValues {
  process: Process;
  definition: TemplateDefinition | undefined;
  tasks: Task[];
}

/** `GET /runs/{id}/form-fields`: the kick-off and task fields of a process with their values. */
export async function getProcessFormValues(
  ctx: AppContext,
  actor: MemberActor,
  processId: string,
): Promise<ProcessFormValues> {
  const process = await getProcess(ctx, actor, processId);
  const [definition, tasks] = await Promise.all([
    loadDefinition(ctx, process),
    findTasksOfProcess(ctx.db.kysely, actor.organizationId, process.id),
  ]);
  return { process, definition, tasks };
}
