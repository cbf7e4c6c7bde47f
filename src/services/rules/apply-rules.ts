/**
 * The seam where automation rules run. Every use case that can trigger rules
 * (launch, completion, reopen, approval, form and kick-off value changes, a problem
 * reopening a task) calls applyRules inside its transaction, after writing its own change
 * and before recomputing the process summary (refreshProcess), and reports what it returns
 * as `tasks_changed_by_rules`.
 *
 * It takes the process's tasks (with owners) and values from the process write unit (the
 * open transaction, the process row already locked), asks the pure engine (domain/rules/evaluate.ts) what
 * changes, writes the changes with their activity rows and events, and returns the changed
 * tasks as they are now with how they changed.
 */
import { evaluateRules, rulesUseCalendar } from '../../domain/rules/evaluate.js';
import type { Task } from '../../domain/tasks/task.js';
import { keepTasks, organizationOfWrite, type ProcessWrite } from '../processes/process-write.js';
import { mayFire, type RuleEvent, ruleTasksOf, triggerOf, valuesOf } from './rule-context.js';
import { recordRuleOutcome } from './rule-records.js';
import { keepAssignable, type RuleChangedTask, writeRuleChanges } from './rule-writes.js';

export type { RuleEvent } from './rule-context.js';
export type { RuleChangedTask } from './rule-writes.js';

/**
 * Runs the process's rules for one event and applies what they decide, from the unit's
 * definition and tasks (this event's change already kept in them). Returns the tasks the
 * rules changed, each as stored after the change with its change (status, owners, deadline,
 * reopened), and keeps them in the unit; empty when nothing changed. Nothing is read when no
 * rule watches what happened (see mayFire).
 */
export async function applyRules(unit: ProcessWrite, event: RuleEvent): Promise<RuleChangedTask[]> {
  const { tx, process, definition, tasks } = unit;
  if (!definition || !mayFire(definition, event)) return [];
  const orgId = process.organizationId;
  const ruleTasks = ruleTasksOf(tasks);
  if (!mayFire(definition, event, ruleTasks)) return [];
  // The calendar (time zone, working days) only matters to rules that move a deadline.
  const calendar = rulesUseCalendar(definition);
  const organization = calendar ? await organizationOfWrite(unit) : undefined;
  if (calendar && !organization) return [];
  const trigger = triggerOf(event);
  const evaluation = evaluateRules({
    definition,
    tasks: ruleTasks,
    values: valuesOf(process, tasks),
    trigger,
    now: tx.clock.now(),
    ...(organization && {
      organization: { timezone: organization.timezone, workingDays: organization.workingDays },
    }),
  });
  if (evaluation.executions.length === 0 && !evaluation.loopDetected) return [];

  const changes = await keepAssignable(tx, orgId, [...evaluation.changes.values()]);
  const before = new Map(tasks.map((t) => [t.id, t]));
  const after = new Map(evaluation.tasks.map((t) => [t.id, t]));
  const changed = await writeRuleChanges(tx, orgId, before, after, changes);
  keepTasks(
    unit,
    changed.map((c) => c.task),
  );
  await recordRuleOutcome(unit, { trigger, evaluation, changed });
  return changed;
}

/** The tasks in `tasks` with the rules' changes applied, as stored now. */
export function withRuleChanges(tasks: readonly Task[], changed: readonly RuleChangedTask[]): Task[] {
  const now = new Map(changed.map((c) => [c.task.id, c.task]));
  return tasks.map((t) => now.get(t.id) ?? t);
}
