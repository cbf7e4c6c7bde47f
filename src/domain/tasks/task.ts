/**
 * Tasks as the services see them: process tasks (one per step at launch) and one-off tasks,
 * with their stored status and the rules for moving between statuses.
 */
import { rejected } from '../errors.js';
import type { FieldDefinition, StepType } from '../templates/definition.js';

export const TASK_STATUSES = ['not-started', 'in-progress', 'completed', 'auto-skipped'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export const TASK_TYPES = ['task', 'approval', 'expiring', 'email', 'expiring_email'] as const;
export type TaskType = StepType;

/**
 * Assignees: member ids, guest e-mails (lowercased), group ids and job-title ids. A group or
 * a job title assigns everyone in it (its members, the members holding it) at the time asked.
 */
export interface TaskOwners {
  users: number[];
  guests: string[];
  groups: string[];
  roles: string[];
}

export const emptyOwners = (): TaskOwners => ({ users: [], guests: [], groups: [], roles: [] });

export function hasOwners(owners: TaskOwners): boolean {
  return owners.users.length + owners.guests.length + owners.groups.length + owners.roles.length > 0;
}

export interface Task {
  id: string;
  organizationId: string;
  incrementId: number;
  processId: string | null;
  templateId: string | null;
  stepId: string | null;
  alias: string;
  title: string;
  originalTitle: string;
  summary: string | null;
  taskType: TaskType;
  status: TaskStatus;
  position: number;
  deadline: string | null;
  startedAt: string | null;
  completedAt: string | null;
  completerId: number | null;
  completerGuestId: number | null;
  isApproved: boolean | null;
  openProblems: number;
  isOneoff: boolean;
  visibilityOverride: 'show' | 'hide' | null;
  statusBeforeHidden: TaskStatus | null;
  reopenedAt: string | null;
  everyoneMustComplete: boolean;
  canCompleteOnlyAssignees: boolean;
  allowGuestOwners: boolean;
  preventGuestComment: boolean;
  topSecret: boolean;
  isSoftStartDate: boolean;
  maxAssignable: number;
  webhook: string | null;
  /** The stage (milestone) the task is in: its step's at launch, or linked later. */
  stageId?: string | null;
  starterId: number | null;
  ownerId: number | null;
  /** Form values keyed by field id. */
  taskdata: Record<string, unknown>;
  /** A one-off task's own form fields; null for process tasks (their step has them). */
  fields: FieldDefinition[] | null;
  settings: Record<string, unknown>;
  archivedAt: string | null;
  createdAt: string;
  lastUpdated: string;
  owners: TaskOwners;
}

/** Open: can still be worked on (visible and not completed). */
export function isOpen(status: TaskStatus): boolean {
  return status === 'not-started' || status === 'in-progress';
}

/** Human label Tallyfy shows next to the status. */
export function statusLabel(status: TaskStatus): string {
  switch (status) {
    case 'not-started':
      return 'Not started';
    case 'in-progress':
      return 'In progress';
    case 'completed':
      return 'Completed';
    case 'auto-skipped':
      return 'Auto-skipped';
  }
}

/**
 * Refuses a completion the task's state forbids: already completed, hidden (auto-skipped),
 * archived, or blocked by an unresolved problem.
 */
export function assertCompletable(task: Task): void {
  if (task.archivedAt) throw rejected('TASK_ARCHIVED', 'An archived task cannot be completed.');
  if (task.status === 'completed') throw rejected('TASK_ALREADY_COMPLETED', 'The task is already completed.');
  if (task.status === 'auto-skipped') {
    throw rejected('TASK_AUTO_SKIPPED', 'The task is hidden (auto-skipped) and cannot be completed.');
  }
  if (task.openProblems > 0) {
    throw rejected('TASK_HAS_UNRESOLVED_PROBLEM', 'The task has an unresolved problem; resolve it first.');
  }
}

/** Only a completed task can be reopened. */
export function assertReopenable(task: Task): void {
  if (task.archivedAt) throw rejected('TASK_ARCHIVED', 'An archived task cannot be reopened.');
  if (task.status !== 'completed') throw rejected('TASK_NOT_COMPLETED', 'The task is not completed.');
}

/** Form values, deadline, owners and the like cannot change once the task is completed. */
export function assertEditable(task: Task): void {
  if (task.archivedAt) throw rejected('TASK_ARCHIVED', 'An archived task cannot be changed.');
  if (task.status === 'completed') {
    throw rejected('TASK_COMPLETED_READ_ONLY', 'A completed task cannot be updated; reopen it first.');
  }
}

/** What completing means for each task type. */
export type CompletionOutcome = 'completed' | 'approved' | 'rejected' | 'acknowledged' | 'expired';

/**
 * The `is_approved` a completion records and what it means. Approval tasks require a
 * decision (true approves, false rejects); expiring tasks are acknowledged unless the
 * caller says false (expired); other types ignore the flag and record null.
 */
export function completionOutcome(
  taskType: TaskType,
  isApproved: boolean | undefined,
): { isApproved: boolean | null; outcome: CompletionOutcome } {
  if (taskType === 'approval') {
    if (isApproved === undefined) {
      throw rejected('APPROVAL_DECISION_REQUIRED', 'The is approved field is required.', {
        errors: { is_approved: ['The is approved field is required.'] },
      });
    }
    return { isApproved, outcome: isApproved ? 'approved' : 'rejected' };
  }
  if (taskType === 'expiring' || taskType === 'expiring_email') {
    const acknowledged = isApproved !== false;
    return { isApproved: acknowledged, outcome: acknowledged ? 'acknowledged' : 'expired' };
  }
  return { isApproved: null, outcome: 'completed' };
}
