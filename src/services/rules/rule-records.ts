/**
 * What rule evaluation leaves behind besides the task changes, in the same transaction:
 * an activity row per change (`rule_shown`, `rule_hidden`, `rule_assigned`, `rule_deadline`,
 * `rule_reopened`, naming the rules), one `rule_executed` row per rule that acted (the spec's
 * AutomationExecution: rule, trigger, actions applied), `rule_loop_stopped` when the round
 * bound cut a loop short, the task events the changes imply (`task.reopened`,
 * `task.assigned`, `task.deadline_changed`) and one `rule.webhook_emitted` event per
 * emit_webhook action, delivered to the rule's URL.
 */
import type { Process } from '../../domain/processes/process.js';
import type {
  Owners,
  RuleEvaluation,
  RuleExecution,
  RuleTrigger,
  TaskChange,
  WebhookEmission,
} from '../../domain/rules/types.js';
import type { Task } from '../../domain/tasks/task.js';
import { type ActivityInput, appendEvents, type EventInput, recordActivities } from '../events/record.js';
import { processEventPayload, taskEventPayloads, taskEventTargets } from '../processes/event-payloads.js';
import type { ProcessWrite } from '../processes/process-write.js';
import { describeTrigger } from './rule-context.js';
import type { RuleChangedTask } from './rule-writes.js';

export const RULE_WEBHOOK_EVENT = 'rule.webhook_emitted';

export interface RuleOutcome {
  trigger: RuleTrigger;
  evaluation: RuleEvaluation;
  changed: readonly RuleChangedTask[];
}

/**
 * Writes the activity rows and outbox events of one evaluation; the unit's tasks are those
 * after the changes (for event payloads).
 */
export async function recordRuleOutcome(unit: ProcessWrite, outcome: RuleOutcome): Promise<void> {
  const { process } = unit;
  const { evaluation } = outcome;
  const byRule = attributions(evaluation.executions);
  const activities: ActivityInput[] = [
    ...outcome.changed.flatMap((c) => changeActivities(c, byRule)),
    ...evaluation.executions.map((e) => executionActivity(e, process.id)),
  ];
  if (evaluation.loopDetected) activities.push(loopActivity(process, outcome));
  await recordActivities(unit.tx, process.organizationId, unit.actor, activities);
  await appendEvents(unit.tx, process.organizationId, await ruleEvents(unit, outcome));
}

/** Aliases of the rules whose actions of a kind touched a task, keyed `task:actionType`. */
function attributions(executions: readonly RuleExecution[]): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const e of executions) {
    for (const a of e.actions) {
      if (!a.taskId) continue;
      const key = `${a.taskId}:${a.actionType}`;
      const label = `"${e.ruleAlias}" (${e.ruleId})`;
      const list = map.get(key) ?? [];
      if (!list.includes(label)) list.push(label);
      map.set(key, list);
    }
  }
  return map;
}

function changeActivities({ task, change }: RuleChangedTask, byRule: Map<string, string[]>): ActivityInput[] {
  const base = { objectType: 'task', objectId: task.id, processId: task.processId, taskId: task.id };
  const text = (actionType: string) => {
    const rules = byRule.get(`${task.id}:${actionType}`) ?? [];
    return rules.length ? `By automated action ${rules.join(', ')}` : 'By automated action';
  };
  const rows: ActivityInput[] = [];
  if (change.reopened && change.status) {
    rows.push({
      ...base,
      action: 'rule_reopened',
      field: 'status',
      ...fromTo(change.status),
      text: text('status'),
    });
  } else if (change.status) {
    const action = change.status.to === 'auto-skipped' ? 'rule_hidden' : 'rule_shown';
    rows.push({ ...base, action, field: 'status', ...fromTo(change.status), text: text('visibility') });
  }
  if (change.owners) {
    rows.push({
      ...base,
      action: 'rule_assigned',
      field: 'owners',
      ...fromTo(change.owners),
      text: text('assignment'),
    });
  }
  if (change.deadline) {
    rows.push({
      ...base,
      action: 'rule_deadline',
      field: 'deadline',
      ...fromTo(change.deadline),
      text: text('deadline'),
    });
  }
  return rows;
}

const fromTo = (c: { from: unknown; to: unknown }) => ({ oldValue: c.from, newValue: c.to });

function executionActivity(e: RuleExecution, processId: string): ActivityInput {
  return {
    action: 'rule_executed',
    objectType: 'automated_action',
    objectId: e.ruleId,
    processId,
    taskId: 'taskId' in e.trigger ? e.trigger.taskId : null,
    field: null,
    newValue: {
      automated_action_id: e.ruleId,
      automated_alias: e.ruleAlias,
      trigger: describeTrigger(e.trigger),
      actions: e.actions.map((a) => ({
        id: a.actionId,
        action_type: a.actionType,
        action_verb: a.actionVerb,
        task_id: a.taskId,
      })),
    },
    text: `Automated action "${e.ruleAlias}" applied ${e.actions.length} action(s)`,
  };
}

function loopActivity(process: Process, { trigger, evaluation }: RuleOutcome): ActivityInput {
  return {
    action: 'rule_loop_stopped',
    objectType: 'process',
    objectId: process.id,
    processId: process.id,
    field: null,
    newValue: {
      trigger: describeTrigger(trigger),
      automated_action_ids: [...new Set(evaluation.executions.map((e) => e.ruleId))],
    },
    text: 'Automated actions kept triggering each other; evaluation stopped, changes so far were kept.',
  };
}

/** Task events of the changes, then one webhook event per emit_webhook action. */
async function ruleEvents(unit: ProcessWrite, outcome: RuleOutcome): Promise<EventInput[]> {
  const { process } = unit;
  const { trigger } = outcome;
  const byId = new Map(unit.tasks.map((t) => [t.id, t]));
  const triggerTask = 'taskId' in trigger ? trigger.taskId : null;
  const named = outcome.changed
    .map((c) => ({ task: c.task, names: eventNames(c.change) }))
    .filter((n) => n.names.length > 0);
  const emissions = outcome.evaluation.webhooks.map((webhook) => ({
    webhook,
    task: byId.get(webhook.targetTaskId ?? triggerTask ?? ''),
  }));
  const payloadTasks = [...named.map((n) => n.task), ...emissions.flatMap((e) => (e.task ? [e.task] : []))];
  if (payloadTasks.length === 0 && emissions.length === 0) return [];
  const payloads = await taskEventPayloads(unit, payloadTasks);
  // A webhook of a rule without a task to speak of sends the process payload (built once).
  const processPayload = emissions.some((e) => !e.task) ? await processEventPayload(unit) : {};
  const events: EventInput[] = named.flatMap(({ task, names }) =>
    names.map((name) => ({
      name,
      processId: process.id,
      taskId: task.id,
      payload: payloads.get(task.id),
      targets: taskEventTargets(task, process),
    })),
  );
  for (const { webhook, task } of emissions) {
    events.push(
      webhookEvent(unit, trigger, webhook, task, (task && payloads.get(task.id)) ?? processPayload),
    );
  }
  return events;
}

/** The event of one emit_webhook action: the task (or process) payload plus the rule, to the rule's URL. */
function webhookEvent(
  { process, definition }: ProcessWrite,
  trigger: RuleTrigger,
  webhook: WebhookEmission,
  task: Task | undefined,
  base: Record<string, unknown>,
): EventInput {
  const rule = definition?.rules.find((r) => r.id === webhook.ruleId);
  return {
    name: RULE_WEBHOOK_EVENT,
    processId: process.id,
    taskId: task?.id ?? null,
    payload: {
      ...base,
      automated_action: {
        id: webhook.ruleId,
        automated_alias: rule?.alias ?? null,
        alias_name: webhook.alias,
        webhook_url: webhook.url,
      },
      trigger: describeTrigger(trigger),
    },
    targets: [webhook.url],
  };
}

function eventNames(change: TaskChange): string[] {
  const names: string[] = [];
  if (change.reopened) names.push('task.reopened');
  if (change.owners && addsOwner(change.owners.from, change.owners.to)) names.push('task.assigned');
  if (change.deadline) names.push('task.deadline_changed');
  return names;
}

function addsOwner(from: Owners, to: Owners): boolean {
  return (
    to.users.some((u) => !from.users.includes(u)) ||
    to.guests.some((g) => !from.guests.includes(g)) ||
    to.groups.some((g) => !from.groups.includes(g))
  );
}
