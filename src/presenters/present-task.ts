/**
 * A task as the API answers it and as webhook payloads carry it: one shape, from plain data.
 * Pure: no context, no I/O; shared by the HTTP layer and the event payload builders.
 */
import { displayStatus, type Process } from '../domain/processes/process.js';
import { expandSnippets } from '../domain/snippets.js';
import { isDueSoon, isOverdue } from '../domain/tasks/status-filters.js';
import { isOpen, statusLabel, type Task } from '../domain/tasks/task.js';
import type { FieldDefinition, StepDefinition } from '../domain/templates/definition.js';

export interface TaskFacts {
  /** The task's process, for `run_status`. */
  process?: Process | undefined;
  now: Date;
  /** Single-task answers always carry the summary; lists only with `with=summary`. */
  withSummary: boolean;
  /** Shares given on an everyone-must-complete task. */
  sharesDone?: number;
  /** Content of the snippets the summary references (`{{snippet:ID}}`), by id. */
  snippets?: ReadonlyMap<number, string> | undefined;
}

const NO_SNIPPETS: ReadonlyMap<number, string> = new Map();

function completionProgress(task: Task, sharesDone: number): number {
  if (task.status === 'completed') return 100;
  if (!task.everyoneMustComplete) return 0;
  const total = task.owners.users.length + task.owners.guests.length;
  return total === 0 ? 0 : Math.round((sharesDone / total) * 100);
}

export function presentTask(task: Task, view: TaskFacts) {
  return {
    id: task.id,
    increment_id: task.incrementId,
    title: task.title,
    original_title: task.originalTitle,
    // `summary` shows the referenced snippets' content; `original_summary` is the text as written.
    ...(view.withSummary
      ? {
          summary: expandSnippets(task.summary, view.snippets ?? NO_SNIPPETS),
          original_summary: task.summary,
        }
      : {}),
    run_id: task.processId,
    checklist_id: task.templateId,
    step_id: task.stepId,
    linked_step_id: task.stepId,
    alias: task.alias,
    taskdata: task.taskdata,
    owners: task.owners,
    roles: task.owners.roles,
    is_completable: isOpen(task.status) && task.openProblems === 0 && task.archivedAt === null,
    status: task.status,
    status_label: statusLabel(task.status),
    task_type: task.taskType,
    is_approved: task.isApproved,
    position: task.position,
    started_at: task.startedAt,
    deadline: task.deadline,
    created_at: task.createdAt,
    last_updated: task.lastUpdated,
    archived_at: task.archivedAt,
    completed_at: task.completedAt,
    starter_id: task.starterId,
    owner_id: task.ownerId,
    completer_id: task.completerId,
    completer_guest_id: task.completerGuestId,
    run_status: view.process ? displayStatus(view.process) : null,
    max_assignable: task.maxAssignable,
    prevent_guest_comment: task.preventGuestComment,
    can_complete_only_assignees: task.canCompleteOnlyAssignees,
    everyone_must_complete: task.everyoneMustComplete,
    is_soft_start_date: task.isSoftStartDate,
    allow_guest_owners: task.allowGuestOwners,
    top_secret: task.topSecret,
    is_oneoff_task: task.isOneoff,
    problem: task.openProblems > 0,
    problems_count: task.openProblems,
    is_overdue: isOverdue(task.status, task.deadline, view.now),
    is_due_soon: isDueSoon(task.status, task.deadline, view.now),
    completion_progress: completionProgress(task, view.sharesDone ?? 0),
    webhook: task.webhook,
    stage_id: task.stageId ?? null,
  };
}

/** A step as `with=step` shows it inside a task, its summary with the referenced snippets' content. */
export function presentStepOfTask(
  step: StepDefinition,
  templateId: string,
  snippets: ReadonlyMap<number, string> = NO_SNIPPETS,
) {
  return {
    id: step.id,
    checklist_id: templateId,
    alias: step.alias,
    title: step.title,
    summary: expandSnippets(step.summary, snippets),
    step_type: step.stepType,
    position: step.position,
    deadline: step.deadline,
    start_date: step.startDate,
    assignees: step.assignees,
    guests: step.guests,
    groups: step.groups,
    allow_guest_owners: step.allowGuestOwners,
    skip_start_process: step.skipStartProcess,
    can_complete_only_assignees: step.canCompleteOnlyAssignees,
    everyone_must_complete: step.everyoneMustComplete,
    prevent_guest_comment: step.preventGuestComment,
    is_soft_start_date: step.isSoftStartDate,
    top_secret: step.topSecret,
    max_assignable: step.maxAssignable,
    webhook: step.webhook,
    created_at: step.createdAt ?? null,
    last_updated: step.lastUpdated ?? null,
  };
}

/** A form field definition with the task's answer (`field_value`, also as `value`). */
export function presentFieldWithValue(field: FieldDefinition, templateId: string | null, value: unknown) {
  return {
    ...field.settings,
    id: field.id,
    alias: field.alias,
    label: field.label,
    field_type: field.fieldType,
    guidance: field.guidance,
    position: field.position,
    required: field.required,
    options: field.options,
    columns: field.columns,
    default_value: field.defaultValue,
    default_value_enabled: field.defaultValueEnabled,
    step_id: field.stepId,
    checklist_id: templateId,
    field_value: value ?? null,
    value: value ?? null,
  };
}
