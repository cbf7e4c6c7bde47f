/**
 * Processes (wire: runs): one launch of a frozen template version. The stored status is
 * `active`, `problem` or `complete`; `archived` is what an archived process answers with.
 * Progress and status follow from the task counters, recomputed after every task change.
 */
import { rejected } from '../errors.js';

export type StoredProcessStatus = 'active' | 'problem' | 'complete';
export type ProcessStatus = StoredProcessStatus | 'archived';

export interface Process {
  id: string;
  organizationId: string;
  incrementId: number;
  templateId: string | null;
  templateVersion: number | null;
  templateTitle: string | null;
  type: string;
  name: string;
  summary: string | null;
  status: StoredProcessStatus;
  ownerId: number | null;
  startedBy: number | null;
  /** Kick-off values keyed by kick-off field id. */
  prerun: Record<string, unknown>;
  prerunCompletedAt: string | null;
  prerunCompletedBy: number | null;
  tasksTotal: number;
  tasksCompleted: number;
  tasksAll: number;
  openProblems: number;
  dueDate: string | null;
  starred: boolean;
  isPublic: boolean;
  users: number[];
  groups: string[];
  tags: string[];
  folders: string[];
  parentId: string | null;
  webhook: string | null;
  canAddOneOffTasks: boolean;
  settings: Record<string, unknown>;
  createdAt: string;
  startedAt: string;
  lastUpdated: string;
  completedAt: string | null;
  archivedAt: string | null;
}

/** The status a client sees: archived wins over the stored one. */
export function displayStatus(process: Pick<Process, 'status' | 'archivedAt'>): ProcessStatus {
  return process.archivedAt ? 'archived' : process.status;
}

/** Counters over a process's tasks, as recomputed after a change. */
export interface TaskCounters {
  visible: number;
  completed: number;
  all: number;
  openProblems: number;
  latestDeadline: string | null;
}

/**
 * The stored status the counters imply: `problem` while any problem is open; `complete`
 * once every visible task is done and the kick-off form is submitted; `active` otherwise.
 * A process without any task (a template that is only a kick-off form) is complete once
 * its kick-off form is submitted; one whose tasks are all hidden stays active.
 */
export function deriveStatus(counters: TaskCounters, prerunCompleted: boolean): StoredProcessStatus {
  if (counters.openProblems > 0) return 'problem';
  if (!prerunCompleted) return 'active';
  if (counters.all === 0) return 'complete';
  if (counters.visible > 0 && counters.completed >= counters.visible) return 'complete';
  return 'active';
}

/** `{complete, total, percent}` as Tallyfy shapes progress. */
export function progressOf(
  completed: number,
  total: number,
): { complete: number; total: number; percent: number } {
  return { complete: completed, total, percent: total === 0 ? 0 : Math.round((completed / total) * 100) };
}

/** Tasks of an archived process cannot change until it is activated again. */
export function assertProcessWritable(process: Pick<Process, 'archivedAt'>): void {
  if (process.archivedAt) {
    throw rejected('PROCESS_ARCHIVED', 'The process is archived; activate it before changing its tasks.');
  }
}
