import { type TSchema, Type } from 'typebox';
import type { Activity } from '../../db/repositories/events-repository.js';
import { displayStatus, type Process, progressOf } from '../../domain/processes/process.js';
import { IsoDate, Nullable, NullableDate } from '../schemas/common.js';

const Progress = Type.Object({ complete: Type.Integer(), total: Type.Integer(), percent: Type.Number() });

/** The spec's `Run`; includes (`checklist`, `tasks`, `next_task`, …) are added as `{data: …}` keys. */
export const ProcessSchema = Type.Object(
  {
    id: Type.String(),
    increment_id: Type.Integer(),
    checklist_id: Nullable(Type.String()),
    checklist_title: Nullable(Type.String()),
    checklist_version: Nullable(Type.Integer()),
    name: Type.String(),
    summary: Nullable(Type.String()),
    status: Type.String(),
    type: Type.String(),
    has_open_issue: Type.Boolean(),
    progress: Progress,
    whole_progress: Progress,
    started_by: Nullable(Type.Integer()),
    owner_id: Nullable(Type.Integer()),
    prerun: Type.Record(Type.String(), Type.Unknown()),
    prerun_status: Type.String(),
    prerun_completed_at: NullableDate,
    prerun_completed_by: Nullable(Type.Integer()),
    prerun_length: Type.Integer(),
    starred: Type.Boolean(),
    is_public: Type.Boolean(),
    users: Type.Array(Type.Integer()),
    groups: Type.Array(Type.String()),
    collaborators: Type.Array(Type.Integer()),
    // Tag and folder ids; with=tags / with=folders replace them by the records, as Tallyfy does.
    tags: Type.Union([Type.Array(Type.String()), Type.Object({ data: Type.Array(Type.Unknown()) })]),
    folders: Type.Union([Type.Array(Type.String()), Type.Object({ data: Type.Array(Type.Unknown()) })]),
    parent_id: Nullable(Type.String()),
    can_add_oot: Type.Boolean(),
    assign_someone_else: Type.Boolean(),
    created_at: IsoDate,
    started_at: IsoDate,
    last_updated: IsoDate,
    completed_at: NullableDate,
    archived_at: NullableDate,
    due_date: NullableDate,
    max_task_deadline: NullableDate,
    due_date_passed: Type.Boolean(),
    due_soon: Type.Boolean(),
    late_tasks: Type.Integer(),
  },
  { additionalProperties: true },
) satisfies TSchema;

export interface ProcessFacts {
  now: Date;
  /** Open visible tasks past their deadline. */
  lateTasks: number;
}

export function presentProcess(process: Process, view: ProcessFacts) {
  const now = view.now.toISOString();
  const dayLater = new Date(view.now.getTime() + 86_400_000).toISOString();
  const open = process.status !== 'complete';
  return {
    id: process.id,
    increment_id: process.incrementId,
    checklist_id: process.templateId,
    checklist_title: process.templateTitle,
    checklist_version: process.templateVersion,
    name: process.name,
    summary: process.summary,
    status: displayStatus(process),
    type: process.type,
    has_open_issue: process.openProblems > 0,
    progress: progressOf(process.tasksCompleted, process.tasksTotal),
    whole_progress: progressOf(process.tasksCompleted, process.tasksAll),
    started_by: process.startedBy,
    owner_id: process.ownerId,
    prerun: process.prerun,
    prerun_status: process.prerunCompletedAt ? 'completed' : 'pending',
    prerun_completed_at: process.prerunCompletedAt,
    prerun_completed_by: process.prerunCompletedBy,
    prerun_length: Object.keys(process.prerun).length,
    starred: process.starred,
    is_public: process.isPublic,
    users: process.users,
    groups: process.groups,
    collaborators: process.users,
    tags: process.tags,
    folders: process.folders,
    parent_id: process.parentId,
    can_add_oot: process.canAddOneOffTasks,
    assign_someone_else: false,
    created_at: process.createdAt,
    started_at: process.startedAt,
    last_updated: process.lastUpdated,
    completed_at: process.completedAt,
    archived_at: process.archivedAt,
    due_date: process.dueDate,
    max_task_deadline: process.dueDate,
    due_date_passed: open && process.dueDate !== null && process.dueDate < now,
    due_soon: open && process.dueDate !== null && process.dueDate >= now && process.dueDate < dayLater,
    late_tasks: view.lateTasks,
  };
}

/** An activity row as the spec's ActivityFeed shows it. */
export const ActivitySchema = Type.Object(
  {
    id: Type.Integer(),
    organization_id: Type.String(),
    verb: Type.String(),
    action: Type.String(),
    actor_type: Type.String(),
    actor_id: Nullable(Type.Integer()),
    auditable_type: Type.String(),
    auditable_id: Type.String(),
    parentable_type: Nullable(Type.String()),
    parentable_id: Nullable(Type.String()),
    field: Nullable(Type.String()),
    old_value: Type.Unknown(),
    new_value: Type.Unknown(),
    text: Nullable(Type.String()),
    created_at: IsoDate,
  },
  { additionalProperties: true },
);

export function presentActivity(activity: Activity) {
  return {
    id: activity.id,
    organization_id: activity.organizationId,
    verb: activity.action,
    action: activity.action,
    actor_type: activity.actorType,
    actor_id: activity.actorId,
    auditable_type: activity.objectType,
    auditable_id: activity.objectId,
    parentable_type: activity.processId ? 'run' : null,
    parentable_id: activity.processId,
    task_id: activity.taskId,
    field: activity.field,
    old_value: activity.oldValue,
    new_value: activity.newValue,
    text: activity.text,
    created_at: activity.createdAt,
  };
}
