/**
 * THE seam where automation rules (issue 5) run. Every use case that can trigger rules
 * (launch, completion, reopen, approval, form and kick-off value changes) calls applyRules
 * inside its transaction, after writing its own change and before recomputing the process
 * summary, and reports what it returns as `tasks_changed_by_rules`.
 *
 * Contract for the rules module: load what it needs through `tx` (which is the open
 * transaction, the process row already locked), write the changes it decides (task status,
 * owners, deadlines, with activity rows and events), and return the changed tasks as they are
 * after the change. Until rules exist it changes nothing.
 */
import type { Process } from '../../domain/processes/process.js';
import type { Task } from '../../domain/tasks/task.js';
import type { AppContext } from '../context.js';
import type { ActorRef } from '../events/record.js';

export type RuleEvent =
  | { kind: 'launch' }
  | {
      kind: 'completed' | 'reopened' | 'approved' | 'rejected' | 'acknowledged' | 'expired';
      taskId: string;
    }
  | { kind: 'values_changed'; fieldIds: string[] };

/** Runs the process's rules for one event; returns the tasks the rules changed. */
export async function applyRules(
  _tx: AppContext,
  _process: Process,
  _event: RuleEvent,
  _actor: ActorRef,
): Promise<Task[]> {
  return [];
}
