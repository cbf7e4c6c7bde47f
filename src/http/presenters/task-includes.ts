/**
 * `with=` on task answers (lists and single tasks): step, form_fields, threads, comments,
 * issues, threads_count, activities, run (+ run.checklist), assets, ko-form-fields, summary,
 * tags, folders,
 * presented from views whose relations the services loaded (services/tasks/task-views.ts).
 */
import type { Process } from '../../domain/processes/process.js';
import type { TemplateDefinition } from '../../domain/templates/definition.js';
import type { TaskView } from '../../domain/views.js';
import { wrap } from '../includes.js';
import { presentAsset } from './present-asset.js';
import { presentFolderObject } from './present-folder.js';
import { presentActivity, presentProcess } from './present-process.js';
import { presentTagLink } from './present-tag.js';
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

/** The requested relations of one task, as `{data: …}` keys (in the order answers have always had). */
function includesOf(view: TaskView, options: PresentTasksOptions, now: Date): Record<string, unknown> {
  const { requested } = options;
  const { task, process, parts } = view;
  const out: Record<string, unknown> = {};
  if (requested.has('tags'))
    out.tags = wrap((view.tags ?? []).map(({ link, tag }) => presentTagLink(link, tag)));
  if (requested.has('folders'))
    out.folders = wrap((view.folders ?? []).map(({ object, folder }) => presentFolderObject(object, folder)));
  if (requested.has('step')) {
    out.step = wrap(
      parts?.step && parts.definition
        ? presentStepOfTask(parts.step, parts.definition.id, view.snippets)
        : null,
    );
  }
  if (requested.has('form_fields')) {
    out.form_fields = wrap(
      (parts?.fields ?? []).map((f) => presentFieldWithValue(f, task.templateId, task.taskdata[f.id])),
    );
  }
  if (requested.has('ko-form-fields')) {
    const fields = parts?.definition?.kickoffFields ?? [];
    out['ko-form-fields'] = wrap(
      fields.map((f) => presentFieldWithValue(f, task.templateId, process?.prerun[f.id])),
    );
  }
  for (const [key, keep] of THREAD_KEYS) {
    if (!requested.has(key)) continue;
    out[key] = wrap(
      (view.threads ?? [])
        .filter((t) => keep(t.label))
        .map((t) =>
          presentThread(
            t,
            t.authorType === 'member' && t.authorId ? view.threadAuthors?.get(t.authorId) : undefined,
            task.owners.users,
          ),
        ),
    );
  }
  if (requested.has('threads_count')) out.threads_count = view.threads?.length ?? 0;
  if (requested.has('activities')) out.activities = wrap((view.activities ?? []).map(presentActivity));
  if (requested.has('run')) out.run = wrap(process ? presentRunOfTask(view, requested, now) : null);
  // The task's files: uploaded to it, or to its process for its step. Its `file` form
  // values can only name these (see validateFileValues), so they are listed too.
  if (requested.has('assets'))
    out.assets = wrap((view.assets ?? []).map((a) => presentAsset(a, options.baseUrl)));
  return out;
}

const THREAD_KEYS: Array<[string, (label: string) => boolean]> = [
  ['threads', () => true],
  ['comments', (label) => label === 'comment'],
  ['issues', (label) => label === 'problem'],
];

function presentRunOfTask(view: TaskView, requested: ReadonlySet<string>, now: Date) {
  const process = view.process as Process;
  const run: Record<string, unknown> = presentProcess(process, { now, lateTasks: view.lateTasks ?? 0 });
  if (requested.has('run.checklist')) {
    const definition = view.parts?.definition;
    run.checklist = wrap(definition ? presentDefinitionSummary(definition) : null);
  }
  return run;
}

export type PresentedTask = ReturnType<typeof presentTask> & Record<string, unknown>;

export interface PresentTasksOptions {
  requested: ReadonlySet<string>;
  /** Single-task answers carry the summary without being asked. */
  alwaysSummary: boolean;
  /** Where links point (`baseUrlOf(request, publicUrl)`): `with=assets` download URLs. */
  baseUrl: string;
  /** The clock's now: due-soon and overdue flags. */
  now: Date;
}

/** Tasks with their requested includes, ready to serialise. */
export function presentTasks(views: readonly TaskView[], options: PresentTasksOptions): PresentedTask[] {
  const withSummary = options.alwaysSummary || options.requested.has('summary');
  return views.map((view) => ({
    ...presentTask(view.task, {
      process: view.process,
      now: options.now,
      withSummary,
      sharesDone: view.sharesDone,
      snippets: view.snippets,
    }),
    ...includesOf(view, options, options.now),
  }));
}
