/**
 * The rule engine: given a process's frozen rules, its tasks, its kick-off and form values
 * and what just happened, decide what changes. Pure: no I/O, no clock of its own.
 *
 * Which rules run: at launch, all of them; after a task event, the rules with a step
 * condition on that task's step; after value changes, the rules with a condition on a
 * changed field. A rule's conditions are then judged on the current state. Actions that are
 * events themselves (a rule reopening a task, changing its assignees) trigger the rules that
 * watch that step in turn, until nothing changes or the round bound declares a loop.
 * Edge-triggering matters: a relative deadline action must not shift again every time
 * anything else in the process happens.
 */
import { addDuration, pushToWorkingTime, subtractDuration } from '../deadlines.js';
import { fieldsById, type RuleAction, type RuleDefinition } from '../templates/definition.js';
import { combineConditions, fieldConditionHolds, stepConditionHolds } from './conditions.js';
import type {
  Owners,
  RuleContext,
  RuleEvaluation,
  RuleExecution,
  RuleTask,
  RuleTrigger,
  TaskChange,
  WebhookEmission,
} from './types.js';

const DEFAULT_MAX_ROUNDS = 25;

interface State {
  ctx: RuleContext;
  tasks: Map<string, RuleTask>;
  byStep: Map<string, RuleTask>;
  webhooks: WebhookEmission[];
}

/** Whether any of these rules can move a deadline, and so needs the organization's calendar. */
export function rulesUseCalendar(definition: Pick<RuleContext['definition'], 'rules'>): boolean {
  return definition.rules.some((rule) => rule.actions.some((action) => action.actionType === 'deadline'));
}

export function evaluateRules(ctx: RuleContext): RuleEvaluation {
  const tasks = new Map(ctx.tasks.map((t) => [t.id, cloneTask(t)]));
  const byStep = new Map<string, RuleTask>();
  for (const task of tasks.values()) if (task.stepId) byStep.set(task.stepId, task);
  const state: State = { ctx, tasks, byStep, webhooks: [] };
  const executions: RuleExecution[] = [];
  const queue: RuleTrigger[] = [ctx.trigger];
  const maxRounds = ctx.maxRounds ?? DEFAULT_MAX_ROUNDS;
  let rounds = 0;
  let loopDetected = false;

  while (queue.length > 0) {
    if (rounds >= maxRounds) {
      loopDetected = true;
      break;
    }
    rounds++;
    const trigger = queue.shift() as RuleTrigger;
    for (const rule of ctx.definition.rules) {
      if (!isRelevant(rule, trigger, state) || !conditionsHold(rule, state)) continue;
      const execution = applyRule(rule, trigger, state, queue);
      if (execution.actions.length > 0) executions.push(execution);
    }
  }
  return {
    changes: diffTasks(ctx.tasks, tasks),
    webhooks: state.webhooks,
    executions,
    loopDetected,
    tasks: [...tasks.values()],
  };
}

function triggerTaskId(trigger: RuleTrigger): string | null {
  return 'taskId' in trigger ? trigger.taskId : null;
}

function isRelevant(rule: RuleDefinition, trigger: RuleTrigger, state: State): boolean {
  if (trigger.kind === 'launch') return true;
  if (trigger.kind === 'values_changed') {
    const changed = new Set(trigger.fieldIds);
    return rule.conditions.some((c) => c.conditionableType !== 'Step' && changed.has(c.conditionableId));
  }
  const stepId = state.tasks.get(trigger.taskId)?.stepId;
  return (
    stepId != null &&
    rule.conditions.some((c) => c.conditionableType === 'Step' && c.conditionableId === stepId)
  );
}

function conditionsHold(rule: RuleDefinition, state: State): boolean {
  const fields = fieldsById(state.ctx.definition as Parameters<typeof fieldsById>[0]);
  const ordered = [...rule.conditions].sort((a, b) => a.position - b.position);
  return combineConditions(
    ordered.map((c) => ({
      logic: c.logic,
      holds:
        c.conditionableType === 'Step'
          ? stepConditionHolds(state.byStep.get(c.conditionableId), c.operation, c.statement)
          : fieldConditionHolds(c, state.ctx.values[c.conditionableId], fields.get(c.conditionableId)),
    })),
  );
}

function applyRule(
  rule: RuleDefinition,
  trigger: RuleTrigger,
  state: State,
  queue: RuleTrigger[],
): RuleExecution {
  const execution: RuleExecution = { ruleId: rule.id, ruleAlias: rule.alias, trigger, actions: [] };
  const ordered = [...rule.actions].sort((a, b) => a.position - b.position);
  for (const action of ordered) {
    const target = action.targetStepId ? state.byStep.get(action.targetStepId) : undefined;
    const changed = applyAction(rule, action, target, trigger, state, queue);
    if (changed) {
      execution.actions.push({
        actionId: action.id,
        actionType: action.actionType,
        actionVerb: action.actionVerb,
        taskId: target?.id ?? null,
      });
    }
  }
  return execution;
}

function applyAction(
  rule: RuleDefinition,
  action: RuleAction,
  target: RuleTask | undefined,
  trigger: RuleTrigger,
  state: State,
  queue: RuleTrigger[],
): boolean {
  if (action.actionType === 'webhook') {
    if (!action.webhookUrl) return false;
    state.webhooks.push({
      ruleId: rule.id,
      url: action.webhookUrl,
      alias: action.aliasName,
      targetTaskId: target?.id ?? null,
    });
    return true;
  }
  if (!target) return false;
  switch (action.actionType) {
    case 'visibility':
      return applyVisibility(target, action.actionVerb);
    case 'assignment': {
      const changed = applyAssignment(target, action, state);
      if (changed) queue.push({ kind: 'assigned', taskId: target.id });
      return changed;
    }
    case 'deadline':
      return applyDeadline(target, action, state);
    case 'status': {
      // Only an already completed task, and never the one whose event set the rule off.
      if (
        action.actionVerb !== 'reopen' ||
        target.status !== 'completed' ||
        target.id === triggerTaskId(trigger)
      ) {
        return false;
      }
      target.status = 'in-progress';
      target.completedAt = null;
      target.isApproved = null;
      target.reopenedAt = state.ctx.now.toISOString();
      queue.push({ kind: 'reopened', taskId: target.id });
      return true;
    }
    default:
      return false;
  }
}

/** Visibility never touches completed tasks, nor tasks a person showed or hid by hand. */
function applyVisibility(target: RuleTask, verb: string): boolean {
  if (target.status === 'completed' || target.manualVisibility !== null) return false;
  if (verb === 'hide' && target.status !== 'auto-skipped') {
    target.statusBeforeHidden = target.status;
    target.status = 'auto-skipped';
    return true;
  }
  if (verb === 'show' && target.status === 'auto-skipped') {
    target.status = target.statusBeforeHidden ?? 'not-started';
    target.statusBeforeHidden = null;
    return true;
  }
  return false;
}

function pickerOwners(value: unknown): Owners | undefined {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const v = value as Partial<Record<keyof Owners, unknown>>;
  const owners: Owners = {
    users: Array.isArray(v.users) ? v.users.map(Number).filter(Number.isInteger) : [],
    guests: Array.isArray(v.guests) ? v.guests.map(String) : [],
    groups: Array.isArray(v.groups) ? v.groups.map(String) : [],
  };
  return owners.users.length + owners.guests.length + owners.groups.length > 0 ? owners : undefined;
}

function applyAssignment(target: RuleTask, action: RuleAction, state: State): boolean {
  if (target.status === 'completed') return false;
  const listed: Owners = {
    users: action.assignees?.users ?? [],
    guests: action.assignees?.guests ?? [],
    groups: action.assignees?.groups ?? [],
  };
  // A picker-sourced assignment falls back to the listed people when the picker is empty.
  const source =
    (action.actionableId ? pickerOwners(state.ctx.values[action.actionableId]) : undefined) ?? listed;
  const before = target.owners;
  let after: Owners;
  switch (action.actionVerb) {
    case 'assign':
      after = mergeOwners(before, source);
      break;
    case 'assign_only':
      after = mergeOwners(
        { users: [], guests: [], groups: [], ...(before.roles ? { roles: [] } : {}) },
        source,
      );
      break;
    case 'unassign':
      after = {
        users: before.users.filter((u) => !source.users.includes(u)),
        guests: before.guests.filter((g) => !source.guests.includes(g)),
        groups: before.groups.filter((g) => !source.groups.includes(g)),
        ...(before.roles ? { roles: [...before.roles] } : {}),
      };
      break;
    case 'clear_assignees':
      after = { users: [], guests: [], groups: [], ...(before.roles ? { roles: [] } : {}) };
      break;
    default:
      return false;
  }
  if (sameOwners(before, after)) return false;
  target.owners = after;
  return true;
}

function applyDeadline(target: RuleTask, action: RuleAction, state: State): boolean {
  if (target.status === 'completed' || !action.deadline) return false;
  const calendar = state.ctx.organization;
  if (!calendar) throw new Error('a rule moves a deadline: the evaluation needs the organization calendar');
  const { timezone, workingDays } = calendar;
  let anchor: string | null = target.deadline ?? state.ctx.now.toISOString();
  if (action.actionableId && action.actionableType === 'Step') {
    anchor = state.byStep.get(action.actionableId)?.deadline ?? null;
  } else if (action.actionableId) {
    const raw = state.ctx.values[action.actionableId];
    anchor = typeof raw === 'string' && !Number.isNaN(Date.parse(raw)) ? raw : null;
  }
  if (!anchor) return false;
  const { value, unit, option } = action.deadline;
  const moved =
    option === 'before'
      ? subtractDuration(new Date(anchor), value, unit, timezone)
      : addDuration(new Date(anchor), value, unit, timezone);
  const next = pushToWorkingTime(moved, workingDays, timezone).toISOString();
  if (next === target.deadline) return false;
  target.deadline = next;
  return true;
}

function mergeOwners(a: Owners, b: Owners): Owners {
  return {
    users: [...new Set([...a.users, ...b.users])],
    guests: [...new Set([...a.guests, ...b.guests])],
    groups: [...new Set([...a.groups, ...b.groups])],
    ...(a.roles || b.roles ? { roles: [...new Set([...(a.roles ?? []), ...(b.roles ?? [])])] } : {}),
  };
}

function sameOwners(a: Owners, b: Owners): boolean {
  const key = (o: Owners) =>
    JSON.stringify([
      [...o.users].sort((x, y) => x - y),
      [...o.guests].sort(),
      [...o.groups].sort(),
      [...(o.roles ?? [])].sort(),
    ]);
  return key(a) === key(b);
}

function cloneTask(task: RuleTask): RuleTask {
  return {
    ...task,
    owners: {
      users: [...task.owners.users],
      guests: [...task.owners.guests],
      groups: [...task.owners.groups],
      ...(task.owners.roles ? { roles: [...task.owners.roles] } : {}),
    },
  };
}

function diffTasks(before: readonly RuleTask[], after: Map<string, RuleTask>): Map<string, TaskChange> {
  const changes = new Map<string, TaskChange>();
  for (const original of before) {
    const now = after.get(original.id);
    if (!now) continue;
    const change: TaskChange = { taskId: original.id };
    if (now.status !== original.status) change.status = { from: original.status, to: now.status };
    if (!sameOwners(original.owners, now.owners)) change.owners = { from: original.owners, to: now.owners };
    if (now.deadline !== original.deadline) change.deadline = { from: original.deadline, to: now.deadline };
    if (now.reopenedAt !== original.reopenedAt && now.reopenedAt !== null) change.reopened = true;
    if (Object.keys(change).length > 1) changes.set(original.id, change);
  }
  return changes;
}
