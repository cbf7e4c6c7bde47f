/**
 * Tasks as answers show them: each with its process, its everyone-must-complete shares and
 * the `with=` relations asked for (step, form_fields, threads, comments, issues,
 * threads_count, activities, run (+ run.checklist), assets, ko-form-fields, tags, folders). Each relation is
 * loaded for every task of the answer at once, so the query count does not grow with the
 * page size; what the presenters get is plain data.
 */
import type { Activity } from '../../db/repositories/events-repository.js';
import type { Asset } from '../../domain/files.js';
import type { User } from '../../domain/identity.js';
import type { Process } from '../../domain/processes/process.js';
import type { Task } from '../../domain/tasks/task.js';
import type { Thread } from '../../domain/tasks/thread.js';
import type { AppContext } from '../context.js';
import { loadAssetsForSubjects } from '../files/file-values.js';
import { loadFoldersOfSubjects } from '../folders/folder-includes.js';
import type { FiledObject } from '../folders/folder-objects.js';
import { loadTagsOfSubjects } from '../tags/tag-includes.js';
import type { TagAttachment } from '../tags/tag-links.js';
import {
  loadActivitiesOfTasks,
  loadLateTaskCounts,
  loadSharesOfTasks,
  loadTemplatePartsOfTasks,
  loadThreadsOfTasks,
  type TaskTemplateParts,
} from './task-relations.js';

/** One task of an answer with what it shows; a relation is present only when it was asked for. */
export interface TaskView {
  task: Task;
  /** The task's process (undefined for a one-off task on its own). */
  process: Process | undefined;
  /** Shares given so far on an open everyone-must-complete task. */
  sharesDone: number;
  /** Step, form fields and definition (`step`, `form_fields`, `ko-form-fields`, `run.checklist`). */
  parts?: TaskTemplateParts;
  /** Live threads, oldest first (`threads`, `comments`, `issues`, `threads_count`). */
  threads?: Thread[];
  /** Members who wrote the threads. */
  threadAuthors?: ReadonlyMap<number, User>;
  activities?: Activity[];
  /** The process's late tasks (`run`). */
  lateTasks?: number;
  assets?: Asset[];
  /** The task's tags (`tags`). */
  tags?: TagAttachment[];
  /** The folders the task is filed in (`folders`). */
  folders?: FiledObject[];
}

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
  return tasks.map((task) => {
    const process = task.processId ? processes.get(task.processId) : undefined;
    const view: TaskView = { task, process, sharesDone: shares.get(task.id) ?? 0 };
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
