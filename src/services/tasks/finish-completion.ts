/**
 * The one way a task becomes completed, shared by people completing it (completeTask) and
 * by the deadline sweeper expiring it: the row, the activity, the events, the rules, and
 * the process summary, in the caller's transaction with the process and task locked.
 */

import { findTasksOfProcess } from '../../db/repositories/tasks-repository.js';
import type { Process } from '../../domain/processes/process.js';
import type { CompletionOutcome, Task } from '../../domain/tasks/task.js';
import type { TemplateDefinition } from '../../domain/templates/definition.js';
import type { AppContext } from '../context.js';
import type { ActorRef } from '../events/record.js';
import { applyRules, withRuleChanges } from '../processes/apply-rules.js';
import { refreshProcess } from '../processes/refresh-process.js';
import { change, commitWrite, note, startWrite } from './task-writes.js';

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

/** The task (locked), its process (locked first) and the process's frozen definition. */
export interface CompletionSubject {
  task: Task;
  process: Process | undefined;
  definition: TemplateDefinition | undefined;
  /** The process's tasks (with owners, by position) when the caller read them under the lock. */
  siblings?: readonly Task[] | undefined;
}

export interface FinishedCompletion {
  task: Task;
  process: Process | undefined;
  /** What automation rules changed because of this completion (process tasks only). */
  changedByRules: Awaited<ReturnType<typeof applyRules>>;
}

/**
 * Writes a completion the caller has already allowed: marks the task completed, records the
 * activity and events, runs the process's rules for the outcome, then recomputes the
 * process (which may complete it). One-off tasks have no rules and no process to refresh.
 */
export async function finishCompletion(
  tx: AppContext,
  subject: CompletionSubject,
  facts: CompletionFacts,
  actor: ActorRef,
): Promise<FinishedCompletion> {
  const { task, process, definition } = subject;
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
  if (!process) {
    const completed = await commitWrite(tx, write, actor, process, definition);
    return { task: completed, process, changedByRules: [] };
  }
  // The process's tasks, loaded once for the event payload, the rules and the counters; the
  // completed task is replaced by what is written (nothing else changes until the rules run).
  const loaded =
    subject.siblings ?? (await findTasksOfProcess(tx.db.kysely, process.organizationId, process.id));
  const completed = await commitWrite(tx, write, actor, process, definition, loaded);
  const tasks = loaded.map((t) => (t.id === completed.id ? completed : t));
  const event = { kind: facts.outcome, taskId: task.id };
  const changedByRules = await applyRules(tx, process, event, actor, definition, { tasks });
  const current = withRuleChanges(tasks, changedByRules);
  const refreshed = await refreshProcess(tx, process, definition, actor, current);
  return { task: completed, process: refreshed, changedByRules };
}
