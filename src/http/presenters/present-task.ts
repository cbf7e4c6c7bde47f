import { type TSchema, Type } from 'typebox';
import { displayStatus, type Process } from '../../domain/processes/process.js';
import { isDueSoon, isOverdue } from '../../domain/tasks/status-filters.js';
import { isOpen, statusLabel, type Task } from '../../domain/tasks/task.js';
import type { FieldDefinition, StepDefinition } from '../../domain/templates/definition.js';
import { IsoDate, Nullable, NullableDate } from '../schemas/common.js';

export const OwnersSchema = Type.Object({
  users: Type.Array(Type.Integer()),
  guests: Type.Array(Type.String()),
  groups: Type.Array(Type.String()),
});

/** The spec's `Task`; includes (`step`, `form_fields`, …) are added as `{data: …}` keys. */
export const TaskSchema = Type.Object(
  {
    id: Type.String(),
    increment_id: Type.Integer(),
    title: Type.String(),
    original_title: Type.String(),
    summary: Type.Optional(Nullable(Type.String())),
    original_summary: Type.Optional(Nullable(Type.String())),
    run_id: Nullable(Type.String()),
    checklist_id: Nullable(Type.String()),
    step_id: Nullable(Type.String()),
    linked_step_id: Nullable(Type.String()),
    alias: Type.String(),
    taskdata: Type.Record(Type.String(), Type.Unknown()),
    owners: OwnersSchema,
    is_completable: Type.Boolean(),
    status: Type.String(),
    status_label: Type.String(),
    task_type: Type.String(),
    is_approved: Nullable(Type.Boolean()),
    position: Type.Integer(),
    started_at: NullableDate,
    deadline: NullableDate,
    created_at: IsoDate,
    last_updated: IsoDate,
    archived_at: NullableDate,
    completed_at: NullableDate,
    starter_id: Nullable(Type.Integer()),
    owner_id: Nullable(Type.Integer()),
    completer_id: Nullable(Type.Integer()),
    completer_guest_id: Nullable(Type.Integer()),
    run_status: Nullable(Type.String()),
    max_assignable: Type.Integer(),
    prevent_guest_comment: Type.Boolean(),
    can_complete_only_assignees: Type.Boolean(),
    everyone_must_complete: Type.Boolean(),
    is_soft_start_date: Type.Boolean(),
    allow_guest_owners: Type.Boolean(),
    top_secret: Type.Boolean(),
    is_oneoff_task: Type.Boolean(),
    problem: Type.Boolean(),
    problems_count: Type.Integer(),
    is_overdue: Type.Boolean(),
    is_due_soon: Type.Boolean(),
    completion_progress: Type.Number(),
    webhook: Nullable(Type.String()),
    stage_id: Nullable(Type.String()),
  },
  { additionalProperties: true },
) satisfies TSchema;

export interface TaskFacts {
  /** The task's process, for `run_status`. */
  process?: Process | undefined;
  now: Date;
  /** Single-task answers always carry the summary; lists only with `with=summary`. */
  withSummary: boolean;
  /** Shares given on an everyone-must-complete task. */
  sharesDone?: number;
}

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
    ...(view.withSummary ? { summary: task.summary, original_summary: task.summary } : {}),
    run_id: task.processId,
    checklist_id: task.templateId,
    step_id: task.stepId,
    linked_step_id: task.stepId,
    alias: task.alias,
    taskdata: task.taskdata,
    owners: task.owners,
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

/** A step as `with=step` shows it inside a task. */
export function presentStepOfTask(step: StepDefinition, templateId: string) {
  return {
    id: step.id,
    checklist_id: templateId,
    alias: step.alias,
    title: step.title,
    summary: step.summary,
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
