/**
 * `with=` on task answers (lists and single tasks): step, form_fields, threads, comments,
 * issues, threads_count, activities, run (+ run.checklist), assets, ko-form-fields, summary.
 * Each loader loads its relation for all tasks at once, so the query count does not grow
 * with the page size.
 */
import type { Process } from '../../domain/processes/process.js';
import type { Task } from '../../domain/tasks/task.js';
import type { TemplateDefinition } from '../../domain/templates/definition.js';
import type { AppContext } from '../../services/context.js';
import {
  loadActivitiesOfTasks,
  loadLateTaskCounts,
  loadSharesOfTasks,
  loadTemplatePartsOfTasks,
  loadThreadsOfTasks,
} from '../../services/tasks/task-relations.js';
import { type IncludeLoader, loadIncludes, wrap } from '../includes.js';
import { foldersInclude, tagsInclude } from '../organize-includes.js';
import { assetsInclude } from './present-asset.js';
import { presentActivity, presentProcess } from './present-process.js';
import { presentFieldWithValue, presentStepOfTask, presentTask } from './present-task.js';
import { presentThread } from './present-thread.js';

/** The template summary `run.checklist` shows, from the frozen definition. */
export function presentDefinitionSummary(definition: TemplateDefinition) {
  return {
    id: definition.id,
    title: definition.title,
    alias: definition.alias,
    summary: definition.summary,
    type: definition.type,
    version: definition.version,
    webhook: definition.webhook,
    kickoff_title: definition.kickoffTitle,
    kickoff_description: definition.kickoffDescription,
  };
}

function loaders(
  ctx: AppContext,
  organizationId: string,
  options: PresentTasksOptions,
): Record<string, IncludeLoader<Task>> {
  const processes = options.processes;
  // step, form_fields, ko-form-fields and run.checklist all read the same definitions:
  // load them once per answer (every loader receives the same tasks).
  let parts: ReturnType<typeof loadTemplatePartsOfTasks> | undefined;
  const templateParts = (tasks: readonly Task[]) => {
    parts ??= loadTemplatePartsOfTasks(ctx, organizationId, tasks, processes);
    return parts;
  };
  // threads, comments, issues and threads_count share one load the same way.
  let threadRows: ReturnType<typeof loadThreadsOfTasks> | undefined;
  const taskThreads = (tasks: readonly Task[]) => {
    threadRows ??= loadThreadsOfTasks(
      ctx,
      organizationId,
      tasks.map((t) => t.id),
    );
    return threadRows;
  };
  const threadLoader =
    (key: string, keep: (label: string) => boolean): IncludeLoader<Task> =>
    async (tasks) => {
      const { threads, authors } = await taskThreads(tasks);
      return (task) => ({
        [key]: wrap(
          (threads.get(task.id) ?? [])
            .filter((t) => keep(t.label))
            .map((t) =>
              presentThread(
                t,
                t.authorType === 'member' && t.authorId ? authors.get(t.authorId) : undefined,
                task.owners.users,
              ),
            ),
        ),
      });
    };
  return {
    tags: tagsInclude<Task>(ctx, organizationId, 'task', (t) => t.id),
    folders: foldersInclude<Task>(ctx, organizationId, 'task', (t) => t.id),
    step: async (tasks) => {
      const parts = await templateParts(tasks);
      return (task) => {
        const p = parts.get(task.id);
        return { step: wrap(p?.step && p.definition ? presentStepOfTask(p.step, p.definition.id) : null) };
      };
    },
    form_fields: async (tasks) => {
      const parts = await templateParts(tasks);
      return (task) => ({
        form_fields: wrap(
          (parts.get(task.id)?.fields ?? []).map((f) =>
            presentFieldWithValue(f, task.templateId, task.taskdata[f.id]),
          ),
        ),
      });
    },
    'ko-form-fields': async (tasks) => {
      const parts = await templateParts(tasks);
      return (task) => {
        const process = task.processId ? processes.get(task.processId) : undefined;
        const fields = parts.get(task.id)?.definition?.kickoffFields ?? [];
        return {
          'ko-form-fields': wrap(
            fields.map((f) => presentFieldWithValue(f, task.templateId, process?.prerun[f.id])),
          ),
        };
      };
    },
    threads: threadLoader('threads', () => true),
    comments: threadLoader('comments', (label) => label === 'comment'),
    issues: threadLoader('issues', (label) => label === 'problem'),
    threads_count: async (tasks) => {
      const { threads } = await taskThreads(tasks);
      return (task) => ({ threads_count: threads.get(task.id)?.length ?? 0 });
    },
    activities: async (tasks) => {
      const rows = await loadActivitiesOfTasks(
        ctx,
        organizationId,
        tasks.map((t) => t.id),
      );
      return (task) => ({ activities: wrap((rows.get(task.id) ?? []).map(presentActivity)) });
    },
    run: async (tasks, requested) => {
      const ids = [...new Set(tasks.map((t) => t.processId).filter((id): id is string => id !== null))];
      const late = await loadLateTaskCounts(ctx, organizationId, ids);
      const parts = requested.has('run.checklist') ? await templateParts(tasks) : undefined;
      const now = ctx.clock.now();
      return (task) => {
        const process = task.processId ? processes.get(task.processId) : undefined;
        if (!process) return { run: wrap(null) };
        const run: Record<string, unknown> = presentProcess(process, {
          now,
          lateTasks: late.get(process.id) ?? 0,
        });
        const definition = parts?.get(task.id)?.definition;
        if (parts) run.checklist = wrap(definition ? presentDefinitionSummary(definition) : null);
        return { run: wrap(run) };
      };
    },
    // The task's files: uploaded to it, or to its process for its step. Its `file` form
    // values can only name these (see validateFileValues), so they are listed too.
    assets: assetsInclude(ctx, organizationId, 'Task', options.baseUrl, {
      includeArchived: options.archivedAssets === true,
    }),
  };
}

export type PresentedTask = ReturnType<typeof presentTask> & Record<string, unknown>;

export interface PresentTasksOptions {
  requested: ReadonlySet<string>;
  processes: ReadonlyMap<string, Process>;
  /** Single-task answers carry the summary without being asked. */
  alwaysSummary: boolean;
  /** Where links point (`baseUrlOf(request, publicUrl)`): `with=assets` download URLs. */
  baseUrl: string;
  /** `with=assets` lists archived files too (a list asked for `archived=true|only`). */
  archivedAssets?: boolean;
}

/** What `with=assets` needs from the request, for any resource. */
export type AssetsOptions = Pick<PresentTasksOptions, 'baseUrl' | 'archivedAssets'>;

/** Tasks with their requested includes, ready to serialise. */
export async function presentTasks(
  ctx: AppContext,
  organizationId: string,
  tasks: readonly Task[],
  options: PresentTasksOptions,
): Promise<Array<PresentedTask>> {
  const extras = await loadIncludes(tasks, options.requested, loaders(ctx, organizationId, options));
  const shares = await loadSharesOfTasks(ctx, organizationId, tasks);
  const now = ctx.clock.now();
  const withSummary = options.alwaysSummary || options.requested.has('summary');
  return tasks.map((task, i) => ({
    ...presentTask(task, {
      process: task.processId ? options.processes.get(task.processId) : undefined,
      now,
      withSummary,
      sharesDone: shares.get(task.id) ?? 0,
    }),
    ...extras[i],
  }));
}
