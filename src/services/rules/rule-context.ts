/**
 * From stored process state to the pure rule engine's input: the tasks as the evaluator sees
 * them, the kick-off and form values keyed by field id, and the trigger of an event.
 */
import type { Process } from '../../domain/processes/process.js';
import type { RuleTask, RuleTrigger } from '../../domain/rules/types.js';
import type { Task } from '../../domain/tasks/task.js';
import type { TemplateDefinition } from '../../domain/templates/definition.js';

/** What happened to the process; decides which rules are considered. */
export type RuleEvent =
  | { kind: 'launch' }
  | {
      kind: 'completed' | 'reopened' | 'approved' | 'rejected' | 'acknowledged' | 'expired';
      taskId: string;
    }
  | { kind: 'values_changed'; fieldIds: string[] };

/**
 * The process tasks rules may look at and act on: those of a template step, not archived.
 * One-off tasks added to the process and archived tasks are outside the rules.
 */
export function ruleTasksOf(tasks: readonly Task[]): RuleTask[] {
  return tasks.filter((t) => t.stepId !== null && !t.isOneoff && !t.archivedAt).map(toRuleTask);
}

function toRuleTask(task: Task): RuleTask {
  return {
    id: task.id,
    stepId: task.stepId,
    taskType: task.taskType,
    status: task.status,
    manualVisibility: task.visibilityOverride,
    owners: {
      users: [...task.owners.users],
      guests: [...task.owners.guests],
      groups: [...task.owners.groups],
      roles: [...task.owners.roles],
    },
    deadline: task.deadline,
    completedAt: task.completedAt,
    isApproved: task.isApproved,
    reopenedAt: task.reopenedAt,
    statusBeforeHidden: task.statusBeforeHidden,
  };
}

/** Kick-off values and every task's form values, keyed by field id (field ids are unique per template). */
export function valuesOf(process: Process, tasks: readonly Task[]): Record<string, unknown> {
  const values: Record<string, unknown> = { ...process.prerun };
  for (const task of tasks) {
    if (task.isOneoff) continue;
    Object.assign(values, task.taskdata);
  }
  return values;
}

/**
 * Whether any rule could act on this event: the evaluator considers, after a task event, only
 * rules with a step condition on that task's step (a task the rules see, `ruleTasksOf`), and
 * after value changes only rules with a condition on a changed field. When none is, the
 * evaluation would do nothing, so nothing needs loading. Without `tasks`, a task event is
 * judged on the rules alone (any step condition at all).
 */
export function mayFire(
  definition: TemplateDefinition,
  event: RuleEvent,
  tasks?: readonly RuleTask[],
): boolean {
  if (definition.rules.length === 0) return false;
  if (event.kind === 'launch') return true;
  const conditions = definition.rules.flatMap((r) => r.conditions);
  if (event.kind === 'values_changed') {
    const changed = new Set(event.fieldIds);
    return conditions.some((c) => c.conditionableType !== 'Step' && changed.has(c.conditionableId));
  }
  const steps = new Set(
    conditions.filter((c) => c.conditionableType === 'Step').map((c) => c.conditionableId),
  );
  if (!tasks) return steps.size > 0;
  const stepId = tasks.find((t) => t.id === event.taskId)?.stepId;
  return stepId != null && steps.has(stepId);
}

export function triggerOf(event: RuleEvent): RuleTrigger {
  if (event.kind === 'launch') return { kind: 'launch' };
  if (event.kind === 'values_changed') return { kind: 'values_changed', fieldIds: [...event.fieldIds] };
  return { kind: event.kind, taskId: event.taskId };
}

/** The trigger as activity rows and webhook payloads record it (wire names). */
export function describeTrigger(trigger: RuleTrigger): Record<string, unknown> {
  if (trigger.kind === 'launch') return { kind: 'launch' };
  if (trigger.kind === 'values_changed') return { kind: 'values_changed', field_ids: trigger.fieldIds };
  return { kind: trigger.kind, task_id: trigger.taskId };
}
