/**
 * Views: what a read service hands to the presenters. Plain data (the object, its counts and
 * the `with=` relations that were asked for, already loaded), so presenters stay pure and
 * import neither services nor the database.
 */
import type { Activity } from './activities.js';
import type { Asset } from './files.js';
import type { FiledObject, Folder } from './folders.js';
import type { Organization, User } from './identity.js';
import type { Process } from './processes/process.js';
import type { TaskChange } from './rules/types.js';
import type { TagAttachment } from './tags.js';
import type { Task } from './tasks/task.js';
import type { Thread } from './tasks/thread.js';
import type {
  FieldDefinition,
  RuleDefinition,
  StageDefinition,
  StepDefinition,
  TemplateDefinition,
} from './templates/definition.js';
import type { Template } from './templates/template.js';
import type { WebhookAttempt, WebhookDelivery } from './webhooks/delivery.js';

/** A task's step, form fields and the frozen definition they come from. */
export interface TaskTemplateParts {
  definition: TemplateDefinition | undefined;
  step: StepDefinition | undefined;
  fields: FieldDefinition[];
}

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
  /** Content of the snippets its summary and its step's summary reference, by snippet id. */
  snippets?: ReadonlyMap<number, string>;
}

/**
 * One process of an answer with what it shows: its late-task count always, and the `with=`
 * relations asked for (checklist, tasks (+ tasks.step, tasks.threads, …), next_task,
 * form_fields, ko_form_fields, assets, tasks_meta, tags, folders); a relation is present only when asked for.
 */
export interface ProcessView {
  process: Process;
  lateTasks: number;
  /** The frozen definition (`checklist`, `form_fields`, `ko_form_fields`). */
  definition?: TemplateDefinition | undefined;
  /** The process's tasks by position (`tasks`, `next_task`, `form_fields`, `tasks_meta`). */
  tasks?: Task[];
  /** Views of those tasks with their own requested relations (`tasks`, `tasks.step`, …). */
  taskViews?: TaskView[];
  assets?: Asset[];
  /** The process's tags (`tags`). */
  tags?: TagAttachment[];
  /** The run folders the process is filed in (`folders`). */
  folders?: FiledObject[];
  /** Its stages: the frozen template's, then its own (`stages`). */
  stages?: StageDefinition[];
}

export interface TemplateView {
  /** The template row; for an older version, its content keys are that version's. */
  template: Template;
  /** The version shown. */
  version: number;
  kickoffFields: FieldDefinition[];
  rules: RuleDefinition[];
  stepsCount: number;
  startedProcesses: number;
  /** Present when steps were asked for. */
  steps?: StepDefinition[];
}

export interface TemplateRelations {
  /** Files by template id (`assets`). */
  assets?: ReadonlyMap<string, Asset[]>;
  /** Tags by template id (`tags`). */
  tags?: ReadonlyMap<string, TagAttachment[]>;
  /** The folders the templates' `folder_id` name, by folder id (`folder`). */
  folders?: ReadonlyMap<string, Folder>;
  /** Stages by template id (`stages`). */
  stages?: ReadonlyMap<string, StageDefinition[]>;
  /** Tags by step id, for every step the answer shows. */
  stepTags?: ReadonlyMap<string, TagAttachment[]>;
}

export interface OrganizationView {
  organization: Organization;
  usersCount: number;
}

export interface DeliveryView {
  delivery: WebhookDelivery;
  attempts: WebhookAttempt[];
}

/** One task a rule changed: the task as stored after the change, and how it changed. */
export interface RuleChangedTask {
  task: Task;
  change: TaskChange;
}
