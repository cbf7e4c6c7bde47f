/**
 * The one way a task becomes completed, shared by people completing it (completeTask) and
 * by the deadline sweeper expiring it: the row, the activity, the events, the rules, and
 * the process summary, in the caller's transaction with the process locked.
 */

import type { Process } from '../../domain/processes/process.js';
import type { CompletionOutcome, Task } from '../../domain/tasks/task.js';
import type { ProcessWrite } from '../processes/process-write.js';
import { refreshProcess } from '../processes/refresh-process.js';
import { applyRules, type RuleChangedTask } from '../rules/apply-rules.js';
import { change, commitWrite, note, startWrite, type TaskWrite } from './task-writes.js';

/** How a task is completed: when, by whom (null for the system), and what it means. */
export interface CompletionFacts {
  completedAt: string;
  completerId: number | null;
  completerGuestId?: number | null;
  isApproved: boolean | null;
  /** Recorded as the activity's action and passed to the rules as their event. */
  outcome: CompletionOutcome;
  /** Outbox events to append (`task.completed`, `task.approved`, `task.expired`, …). */
  events: string[];
}

export interface FinishedCompletion {
  task: Task;
  process: Process;
  /** What automation rules changed because of this completion. */
  changedByRules: RuleChangedTask[];
}

/** The change that completes a task: its columns, activity and events. */
export function completionWrite(task: Task, facts: CompletionFacts): TaskWrite {
  const write = startWrite(task);
  change(write, {
    status: 'completed',
    completedAt: facts.completedAt,
    completerId: facts.completerId,
    completerGuestId: facts.completerGuestId ?? null,
    isApproved: facts.isApproved,
    reopenedAt: null,
  });
  note(write, facts.outcome, 'status', task.status, 'completed');
  write.events.push(...facts.events);
  return write;
}

/**
 * Writes a completion of a task of the unit's process the caller has already allowed: marks
 * the task completed, records the activity and events, runs the process's rules for the
 * outcome, then recomputes the process (which may complete it).
 */
export async function finishCompletion(
  unit: ProcessWrite,
  task: Task,
  facts: CompletionFacts,
): Promise<FinishedCompletion> {
  const completed = await commitWrite(unit, completionWrite(task, facts));
  const changedByRules = await applyRules(unit, { kind: facts.outcome, taskId: task.id });
  const process = await refreshProcess(unit);
  return { task: completed, process, changedByRules };
}
