import type { Process } from '../../domain/processes/process.js';
import type { ProcessView } from '../../domain/views.js';
import type { AppContext } from '../context.js';
import { loadAssetsForSubjects } from '../files/file-values.js';
import { loadFoldersOfSubjects } from '../folders/folder-includes.js';
import { loadStagesOfSubjects } from '../stages/stage-includes.js';
import { loadTagsOfSubjects } from '../tags/tag-includes.js';
import { loadDefinitionsOfProcesses, loadLateTaskCounts, loadTasksOfProcesses } from './task-relations.js';
import { loadTaskViews } from './task-views.js';

export type { ProcessView };

const DEFINITION_NAMES = ['checklist', 'form_fields', 'ko_form_fields', 'stages'];
const TASK_NAMES = ['tasks', 'next_task', 'form_fields', 'tasks_meta'];

/** `tasks.step,tasks.threads` → `step,threads` for the nested task answer. */
function nested(requested: ReadonlySet<string>, prefix: string): Set<string> {
  return new Set(
    [...requested].filter((n) => n.startsWith(`${prefix}.`)).map((n) => n.slice(prefix.length + 1)),
  );
}

/** Views of the processes (same order), with the requested relations loaded in batches. */
export async function loadProcessViews(
  ctx: AppContext,
  organizationId: string,
  processes: readonly Process[],
  options: { requested: ReadonlySet<string>; archivedAssets?: boolean },
): Promise<ProcessView[]> {
  const { requested } = options;
  const wants = (names: readonly string[]) => processes.length > 0 && names.some((n) => requested.has(n));
  const ids = processes.map((p) => p.id);
  const [late, definitions, tasks, assets, tags, folders, ownStages] = await Promise.all([
    loadLateTaskCounts(ctx, organizationId, ids),
    wants(DEFINITION_NAMES) ? loadDefinitionsOfProcesses(ctx, organizationId, processes) : undefined,
    wants(TASK_NAMES) ? loadTasksOfProcesses(ctx, organizationId, ids) : undefined,
    wants(['assets'])
      ? loadAssetsForSubjects(ctx, organizationId, 'Run', ids, {
          includeArchived: options.archivedAssets === true,
        })
      : undefined,
    wants(['tags']) ? loadTagsOfSubjects(ctx, organizationId, 'process', ids) : undefined,
    wants(['folders']) ? loadFoldersOfSubjects(ctx, organizationId, 'process', ids) : undefined,
    wants(['stages']) ? loadStagesOfSubjects(ctx, organizationId, 'process', ids) : undefined,
  ]);
  const taskViews =
    tasks && requested.has('tasks')
      ? await loadTaskViews(ctx, organizationId, [...tasks.values()].flat(), {
          requested: nested(requested, 'tasks'),
          processes: new Map(processes.map((p) => [p.id, p])),
          archivedAssets: options.archivedAssets,
        })
      : undefined;
  const viewsById = new Map(taskViews?.map((v) => [v.task.id, v]));
  return processes.map((process) => {
    const view: ProcessView = { process, lateTasks: late.get(process.id) ?? 0 };
    if (definitions) view.definition = definitions.get(process.id);
    if (tasks) view.tasks = tasks.get(process.id) ?? [];
    if (taskViews) view.taskViews = (view.tasks ?? []).flatMap((t) => viewsById.get(t.id) ?? []);
    if (assets) view.assets = assets.get(process.id) ?? [];
    if (tags) view.tags = tags.get(process.id) ?? [];
    if (folders) view.folders = folders.get(process.id) ?? [];
    if (ownStages) view.stages = [...(view.definition?.stages ?? []), ...(ownStages.get(process.id) ?? [])];
    return view;
  });
}
