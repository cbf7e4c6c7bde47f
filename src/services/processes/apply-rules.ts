/**
 * THE seam where automation rules (issue 5) run. Every use case that can trigger rules
 * (launch, completion, reopen, approval, form and kick-off value changes, a problem
 * reopening a task) calls applyRules inside its transaction, after writing its own change
 * and before recomputing the process summary (refreshProcess), and reports what it returns
 * as `tasks_changed_by_rules`.
 *
 * It loads the process's tasks (with owners) and values through `tx` (the open transaction,
 * the process row already locked), asks the pure engine (domain/rules/evaluate.ts) what
 * changes, writes the changes with their activity rows and events, and returns the changed
 * tasks as they are now with how they changed.
 */
import { findOrganizationById } from '../../db/repositories/organizations-repository.js';
import { findTasksOfProcess } from '../../db/repositories/tasks-repository.js';
import type { Organization } from '../../domain/identity.js';
import type { Process } from '../../domain/processes/process.js';
import { evaluateRules } from '../../domain/rules/evaluate.js';
import type { Task } from '../../domain/tasks/task.js';
import type { TemplateDefinition } from '../../domain/templates/definition.js';
import type { AppContext } from '../context.js';
import type { ActorRef } from '../events/record.js';
import { loadDefinition } from './definitions.js';
import { mayFire, type RuleEvent, ruleTasksOf, triggerOf, valuesOf } from './rule-context.js';
import { recordRuleOutcome } from './rule-records.js';
import { keepAssignable, type RuleChangedTask, writeRuleChanges } from './rule-writes.js';

export type { RuleEvent } from './rule-context.js';
export type { RuleChangedTask } from './rule-writes.js';

/** What the caller already holds, so applyRules does not load it again. */
export interface KnownState {
  /** Every task of the process (with owners, by position) as it is now, this event's change included. */
  tasks?: readonly Task[] | undefined;
  organization?: Organization | undefined;
}

/**
 * Runs the process's rules for one event and applies what they decide. `definition` is the
 * process's frozen template definition when the caller already has it (it is loaded
 * otherwise). Returns the tasks the rules changed, each as stored after the change with its
 * change (status, owners, deadline, reopened); empty when nothing changed. Nothing is loaded
 * when no rule watches what happened (see mayFire).
 */
export async function applyRules(
  tx: AppContext,
  process: Process,
  event: RuleEvent,
  actor: ActorRef,
  definition?: TemplateDefinition,
  known: KnownState = {},
): Promise<RuleChangedTask[]> {
  const frozen = definition ?? (await loadDefinition(tx, process));
  if (!frozen || !mayFire(frozen, event)) return [];
  const orgId = process.organizationId;
  const tasks = known.tasks ?? (await findTasksOfProcess(tx.db.kysely, orgId, process.id));
  const ruleTasks = ruleTasksOf(tasks);
  if (!mayFire(frozen, event, ruleTasks)) return [];
  const organization = known.organization ?? (await findOrganizationById(tx.db.kysely, orgId));
  if (!organization) return [];
  const trigger = triggerOf(event);
  const evaluation = evaluateRules({
    definition: frozen,
    tasks: ruleTasks,
    values: valuesOf(process, tasks),
    trigger,
    now: tx.clock.now(),
    organization: { timezone: organization.timezone, workingDays: organization.workingDays },
  });
  if (evaluation.executions.length === 0 && !evaluation.loopDetected) return [];

  const changes = await keepAssignable(tx, orgId, [...evaluation.changes.values()]);
  const before = new Map(tasks.map((t) => [t.id, t]));
  const after = new Map(evaluation.tasks.map((t) => [t.id, t]));
  const changed = await writeRuleChanges(tx, orgId, before, after, changes);
  await recordRuleOutcome(tx, {
    process,
    definition: frozen,
    actor,
    trigger,
    evaluation,
    changed,
    tasks: withRuleChanges(tasks, changed),
  });
  return changed;
}

/** The process's tasks with the rules' changes applied, as stored now. */
export function withRuleChanges(tasks: readonly Task[], changed: readonly RuleChangedTask[]): Task[] {
  const now = new Map(changed.map((c) => [c.task.id, c.task]));
  return tasks.map((t) => now.get(t.id) ?? t);
}
