/**
 * `with=` on process answers: checklist, tasks (and tasks.step / tasks.threads /
 * tasks.form_fields / …), next_task, form_fields, ko_form_fields / prerun. Each relation is
 * loaded for every process of the answer at once.
 */
import type { Process } from '../../domain/processes/process.js';
import type { Task } from '../../domain/tasks/task.js';
import type { AppContext } from '../../services/context.js';
import { fieldsOfTask } from '../../services/processes/definitions.js';
import {
  loadDefinitionsOfProcesses,
  loadLateTaskCounts,
  loadTasksOfProcesses,
} from '../../services/tasks/task-relations.js';
import { type IncludeLoader, loadIncludes, wrap } from '../includes.js';
import { foldersInclude, tagsInclude } from '../organize-includes.js';
import { assetsInclude } from './present-asset.js';
import { presentProcess } from './present-process.js';
import { presentFieldWithValue } from './present-task.js';
import { type AssetsOptions, presentDefinitionSummary, presentTasks } from './task-includes.js';

/** `tasks.step,tasks.threads` → `step,threads` for the nested task answer. */
function nested(requested: ReadonlySet<string>, prefix: string): Set<string> {
  return new Set(
    [...requested].filter((n) => n.startsWith(`${prefix}.`)).map((n) => n.slice(prefix.length + 1)),
  );
}

/** The open visible task due first (Tallyfy's `next_task`). */
function nextTaskOf(tasks: readonly Task[]): Task | undefined {
  const open = tasks.filter(
    (t) => (t.status === 'not-started' || t.status === 'in-progress') && !t.archivedAt,
  );
  return open.sort(
    (a, b) => (a.deadline ?? '~').localeCompare(b.deadline ?? '~') || a.position - b.position,
  )[0];
}

function loaders(
  ctx: AppContext,
  organizationId: string,
  assets: AssetsOptions,
): Record<string, IncludeLoader<Process>> {
  const definitions = (processes: readonly Process[]) =>
    loadDefinitionsOfProcesses(ctx, organizationId, processes);
  const tasksOf = (processes: readonly Process[]) =>
    loadTasksOfProcesses(
      ctx,
      organizationId,
      processes.map((p) => p.id),
    );
  const koFields: IncludeLoader<Process> = async (processes) => {
    const defs = await definitions(processes);
    return (p) => ({
      ko_form_fields: wrap(
        (defs.get(p.id)?.kickoffFields ?? []).map((f) =>
          presentFieldWithValue(f, p.templateId, p.prerun[f.id]),
        ),
      ),
    });
  };
  return {
    checklist: async (processes) => {
      const defs = await definitions(processes);
      return (p) => {
        const d = defs.get(p.id);
        return { checklist: wrap(d ? presentDefinitionSummary(d) : null) };
      };
    },
    tasks: async (processes, requested) => {
      const byProcess = await tasksOf(processes);
      const all = [...byProcess.values()].flat();
      const presented = await presentTasks(ctx, organizationId, all, {
        requested: nested(requested, 'tasks'),
        processes: new Map(processes.map((p) => [p.id, p])),
        alwaysSummary: false,
        ...assets,
      });
      const byId = new Map(presented.map((t) => [t.id, t]));
      return (p) => ({ tasks: wrap((byProcess.get(p.id) ?? []).map((t) => byId.get(t.id))) });
    },
    next_task: async (processes) => {
      const byProcess = await tasksOf(processes);
      return (p) => {
        const next = nextTaskOf(byProcess.get(p.id) ?? []);
        const data = next
          ? [
              {
                id: next.id,
                increment_id: next.incrementId,
                title: next.title,
                alias: next.alias,
                owners: next.owners,
                deadline: next.deadline,
              },
            ]
          : [];
        return { next_task: wrap(data) };
      };
    },
    form_fields: async (processes) => {
      const [byProcess, defs] = await Promise.all([tasksOf(processes), definitions(processes)]);
      return (p) => ({
        form_fields: wrap(
          (byProcess.get(p.id) ?? []).flatMap((t) =>
            fieldsOfTask(t, defs.get(p.id)).map((f) => ({
              ...presentFieldWithValue(f, p.templateId, t.taskdata[f.id]),
              task_id: t.id,
            })),
          ),
        ),
      });
    },
    ko_form_fields: koFields,
    tags: tagsInclude<Process>(ctx, organizationId, 'process', (p) => p.id),
    folders: foldersInclude<Process>(ctx, organizationId, 'process', (p) => p.id),
    // Everything uploaded to the process: kick-off files and its tasks' files.
    assets: assetsInclude(ctx, organizationId, 'Run', assets.baseUrl, {
      includeArchived: assets.archivedAssets === true,
    }),
    tasks_meta: async (processes) => {
      const byProcess = await tasksOf(processes);
      return (p) => {
        const tasks = byProcess.get(p.id) ?? [];
        const count = (s: string) => tasks.filter((t) => t.status === s).length;
        return {
          tasks_meta: wrap({
            total: tasks.length,
            completed: count('completed'),
            in_progress: count('in-progress'),
            not_started: count('not-started'),
            auto_skipped: count('auto-skipped'),
          }),
        };
      };
    },
  };
}

export type PresentedProcess = ReturnType<typeof presentProcess> & Record<string, unknown>;

/** Processes with their late-task counts and requested includes. */
export async function presentProcesses(
  ctx: AppContext,
  organizationId: string,
  processes: readonly Process[],
  requested: ReadonlySet<string>,
  assets: AssetsOptions,
): Promise<PresentedProcess[]> {
  const late = await loadLateTaskCounts(
    ctx,
    organizationId,
    processes.map((p) => p.id),
  );
  const extras = await loadIncludes(processes, requested, loaders(ctx, organizationId, assets));
  const now = ctx.clock.now();
  return processes.map((p, i) => ({
    ...presentProcess(p, { now, lateTasks: late.get(p.id) ?? 0 }),
    ...extras[i],
  }));
}
