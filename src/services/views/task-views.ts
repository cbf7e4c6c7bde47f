import type { Process } from '../../domain/processes/process.js';
import type { Task } from '../../domain/tasks/task.js';
import type { TaskView } from '../../domain/views.js';
import type { AppContext } from '../context.js';
import { loadAssetsForSubjects } from '../files/file-values.js';
import { loadFoldersOfSubjects } from '../folders/folder-includes.js';
import { loadSnippetContents } from '../snippets/summaries.js';
import { loadTagsOfSubjects } from '../tags/tag-includes.js';
import {
  loadActivitiesOfTasks,
  loadLateTaskCounts,
  loadSharesOfTasks,
  loadTemplatePartsOfTasks,
  loadThreadsOfTasks,
} from './task-relations.js';

export type { TaskView };

export interface TaskViewOptions {
  requested: ReadonlySet<string>;
  /** The processes of the tasks (the answer's service loaded them). */
  processes: ReadonlyMap<string, Process>;
  /** `with=assets` lists archived files too (a list asked for `archived=true|only`). */
  archivedAssets?: boolean;
}

const PART_NAMES = ['step', 'form_fields', 'ko-form-fields', 'run.checklist'];
const THREAD_NAMES = ['threads', 'comments', 'issues', 'threads_count'];

/** Views of the tasks (same order), with the requested relations loaded in batches. */
export async function loadTaskViews(
  ctx: AppContext,
  organizationId: string,
  tasks: readonly Task[],
  options: TaskViewOptions,
): Promise<TaskView[]> {
  const { requested, processes } = options;
  const wants = (names: readonly string[]) => tasks.length > 0 && names.some((n) => requested.has(n));
  const ids = tasks.map((t) => t.id);
  const processIds = [...new Set(tasks.map((t) => t.processId).filter((id): id is string => id !== null))];
  const [parts, threads, activities, late, assets, tags, folders, shares] = await Promise.all([
    wants(PART_NAMES) ? loadTemplatePartsOfTasks(ctx, organizationId, tasks, processes) : undefined,
    wants(THREAD_NAMES) ? loadThreadsOfTasks(ctx, organizationId, ids) : undefined,
    wants(['activities']) ? loadActivitiesOfTasks(ctx, organizationId, ids) : undefined,
    wants(['run']) ? loadLateTaskCounts(ctx, organizationId, processIds) : undefined,
    wants(['assets'])
      ? loadAssetsForSubjects(ctx, organizationId, 'Task', ids, {
          includeArchived: options.archivedAssets === true,
        })
      : undefined,
    wants(['tags']) ? loadTagsOfSubjects(ctx, organizationId, 'task', ids) : undefined,
    wants(['folders']) ? loadFoldersOfSubjects(ctx, organizationId, 'task', ids) : undefined,
    loadSharesOfTasks(ctx, organizationId, tasks),
  ]);
  // Summaries show the referenced snippets' current content: one query for the page.
  const snippets = await loadSnippetContents(ctx, organizationId, [
    ...tasks.map((t) => t.summary),
    ...(parts ? [...parts.values()].map((p) => p?.step?.summary) : []),
  ]);
  return tasks.map((task) => {
    const process = task.processId ? processes.get(task.processId) : undefined;
    const view: TaskView = { task, process, sharesDone: shares.get(task.id) ?? 0, snippets };
    if (parts) view.parts = parts.get(task.id);
    if (threads) {
      view.threads = threads.threads.get(task.id) ?? [];
      view.threadAuthors = threads.authors;
    }
    if (activities) view.activities = activities.get(task.id) ?? [];
    if (late) view.lateTasks = process ? (late.get(process.id) ?? 0) : 0;
    if (assets) view.assets = assets.get(task.id) ?? [];
    if (tags) view.tags = tags.get(task.id) ?? [];
    if (folders) view.folders = folders.get(task.id) ?? [];
    return view;
  });
}
