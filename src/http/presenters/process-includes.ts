/**
 * `with=` on process answers: checklist, tasks (and tasks.step / tasks.threads /
 * tasks.form_fields / …), next_task, form_fields, ko_form_fields, tags, folders, assets, tasks_meta,
 * presented from views whose relations the services loaded (services/views/process-views.ts).
 */

import type { Task } from '../../domain/tasks/task.js';
import { fieldsOfTask } from '../../domain/templates/task-parts.js';
import type { ProcessView } from '../../domain/views.js';
import { wrap } from '../includes.js';
import { presentAsset } from './present-asset.js';
import { presentFolderObject } from './present-folder.js';
import { presentProcess } from './present-process.js';
import { presentStageDefinition } from './present-stage.js';
import { presentTagLink } from './present-tag.js';
import { presentFieldWithValue } from './present-task.js';
import { presentDefinitionSummary, presentTasks } from './task-includes.js';

/** The open visible task due first (Tallyfy's `next_task`). */
function nextTaskOf(tasks: readonly Task[]): Task | undefined {
  const open = tasks.filter(
    (t) => (t.status === 'not-started' || t.status === 'in-progress') && !t.archivedAt,
  );
  return open.sort(
    (a, b) => (a.deadline ?? '~').localeCompare(b.deadline ?? '~') || a.position - b.position,
  )[0];
}

/** The requested relations of one process, as `{data: …}` keys (in the order answers have always had). */
function includesOf(view: ProcessView, options: PresentProcessesOptions): Record<string, unknown> {
  const { requested } = options;
  const { process: p, definition } = view;
  const tasks = view.tasks ?? [];
  const out: Record<string, unknown> = {};
  if (requested.has('checklist'))
    out.checklist = wrap(definition ? presentDefinitionSummary(definition) : null);
  if (requested.has('tasks')) {
    out.tasks = wrap(
      presentTasks(view.taskViews ?? [], {
        requested: nested(requested, 'tasks'),
        alwaysSummary: false,
        baseUrl: options.baseUrl,
        now: options.now,
      }),
    );
  }
  if (requested.has('next_task')) {
    const next = nextTaskOf(tasks);
    out.next_task = wrap(
      next
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
        : [],
    );
  }
  if (requested.has('form_fields')) {
    out.form_fields = wrap(
      tasks.flatMap((t) =>
        fieldsOfTask(t, definition).map((f) => ({
          ...presentFieldWithValue(f, p.templateId, t.taskdata[f.id]),
          task_id: t.id,
        })),
      ),
    );
  }
  if (requested.has('ko_form_fields')) {
    out.ko_form_fields = wrap(
      (definition?.kickoffFields ?? []).map((f) => presentFieldWithValue(f, p.templateId, p.prerun[f.id])),
    );
  }
  if (requested.has('tags'))
    out.tags = wrap((view.tags ?? []).map(({ link, tag }) => presentTagLink(link, tag)));
  if (requested.has('stages')) out.stages = wrap((view.stages ?? []).map(presentStageDefinition));
  if (requested.has('folders'))
    out.folders = wrap((view.folders ?? []).map(({ object, folder }) => presentFolderObject(object, folder)));
  // Everything uploaded to the process: kick-off files and its tasks' files.
  if (requested.has('assets'))
    out.assets = wrap((view.assets ?? []).map((a) => presentAsset(a, options.baseUrl)));
  if (requested.has('tasks_meta')) {
    const count = (s: string) => tasks.filter((t) => t.status === s).length;
    out.tasks_meta = wrap({
      total: tasks.length,
      completed: count('completed'),
      in_progress: count('in-progress'),
      not_started: count('not-started'),
      auto_skipped: count('auto-skipped'),
    });
  }
  return out;
}

/** `tasks.step,tasks.threads` → `step,threads` for the nested task answer. */
function nested(requested: ReadonlySet<string>, prefix: string): Set<string> {
  return new Set(
    [...requested].filter((n) => n.startsWith(`${prefix}.`)).map((n) => n.slice(prefix.length + 1)),
  );
}

export type PresentedProcess = ReturnType<typeof presentProcess> & Record<string, unknown>;

export interface PresentProcessesOptions {
  requested: ReadonlySet<string>;
  /** Where links point (`baseUrlOf(request, publicUrl)`): `with=assets` download URLs. */
  baseUrl: string;
  /** The clock's now: due-soon and overdue flags. */
  now: Date;
}

/** Processes with their late-task counts and requested includes. */
export function presentProcesses(
  views: readonly ProcessView[],
  options: PresentProcessesOptions,
): PresentedProcess[] {
  return views.map((view) => ({
    ...presentProcess(view.process, { now: options.now, lateTasks: view.lateTasks }),
    ...includesOf(view, options),
  }));
}
