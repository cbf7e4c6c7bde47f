/**
 * A process (and an activity row) as the API answers it and as webhook payloads carry it:
 * one shape, from plain data. Pure: no context, no I/O.
 */
import type { Activity } from '../domain/activities.js';
import { displayStatus, type Process, progressOf } from '../domain/processes/process.js';

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
