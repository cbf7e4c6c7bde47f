/**
 * Rule loops that can be seen when a rule is saved, before any process runs it:
 * - a reopen cycle: rules whose `reopened` condition on one step reopens another, leading
 *   back to the first ("A reopened → reopen B" with "B reopened → reopen A");
 * - a visibility toggle: two rules with the same conditions, one showing a step and the
 *   other hiding it, so the step would flip with every evaluation.
 * The evaluator also stops loops at run time (a round bound); this refuses the detectable
 * ones up front with a message naming the rules.
 */
import type { RuleCondition, RuleDefinition, StepDefinition } from '../templates/definition.js';

type LoopRule = Pick<RuleDefinition, 'id' | 'alias' | 'conditions' | 'actions'>;

export interface RuleLoop {
  kind: 'reopen_cycle' | 'visibility_toggle';
  /** The rules that make the loop, in loop order. */
  ruleIds: string[];
  message: string;
}

interface ReopenEdge {
  from: string;
  to: string;
  rule: LoopRule;
}

/**
 * The first loop that `rule` (one of `rules`, new or changed) takes part in, or undefined.
 * Loops among the other rules alone are not reported: they are not this change's doing.
 */
export function findRuleLoop(
  rule: LoopRule,
  rules: readonly LoopRule[],
  steps: ReadonlyArray<Pick<StepDefinition, 'id' | 'title'>>,
): RuleLoop | undefined {
  const title = (id: string) => `"${steps.find((s) => s.id === id)?.title ?? id}"`;
  return findReopenCycle(rule, rules, title) ?? findVisibilityToggle(rule, rules, title);
}

function reopenEdges(rule: LoopRule): ReopenEdge[] {
  const edges: ReopenEdge[] = [];
  for (const c of rule.conditions) {
    if (c.conditionableType !== 'Step' || c.operation !== 'reopened') continue;
    for (const a of rule.actions) {
      // Reopening the step that set the rule off is a no-op (reference §6.6), so not an edge.
      if (
        a.actionType === 'status' &&
        a.actionVerb === 'reopen' &&
        a.targetStepId &&
        a.targetStepId !== c.conditionableId
      ) {
        edges.push({ from: c.conditionableId, to: a.targetStepId, rule });
      }
    }
  }
  return edges;
}

function findReopenCycle(
  rule: LoopRule,
  rules: readonly LoopRule[],
  title: (id: string) => string,
): RuleLoop | undefined {
  const all = rules.flatMap(reopenEdges);
  for (const start of reopenEdges(rule)) {
    const back = pathBetween(start.to, start.from, all);
    if (!back) continue;
    const cycle = [start, ...back];
    const steps = cycle.map(
      (e) =>
        `${e.rule.alias ? `"${e.rule.alias}"` : 'a rule'} reopens ${title(e.to)} when ${title(e.from)} is reopened`,
    );
    return {
      kind: 'reopen_cycle',
      ruleIds: [...new Set(cycle.map((e) => e.rule.id))],
      message: `These rules would reopen steps in a loop: ${steps.join('; ')}.`,
    };
  }
  return undefined;
}

/** The edges of a shortest path from `from` to `to` (breadth-first), or undefined. */
function pathBetween(from: string, to: string, edges: readonly ReopenEdge[]): ReopenEdge[] | undefined {
  const via = new Map<string, ReopenEdge | null>([[from, null]]);
  const queue = [from];
  while (queue.length > 0) {
    const node = queue.shift() as string;
    if (node === to) {
      const path: ReopenEdge[] = [];
      for (let e = via.get(node); e; e = via.get(e.from)) path.unshift(e);
      return path;
    }
    for (const edge of edges) {
      if (edge.from !== node || via.has(edge.to)) continue;
      via.set(edge.to, edge);
      queue.push(edge.to);
    }
  }
  return undefined;
}

function findVisibilityToggle(
  rule: LoopRule,
  rules: readonly LoopRule[],
  title: (id: string) => string,
): RuleLoop | undefined {
  const mine = conditionSignature(rule.conditions);
  for (const other of rules) {
    if (other.id === rule.id || conditionSignature(other.conditions) !== mine) continue;
    for (const a of rule.actions) {
      if (a.actionType !== 'visibility' || !a.targetStepId) continue;
      const opposite = other.actions.some(
        (b) =>
          b.actionType === 'visibility' && b.targetStepId === a.targetStepId && b.actionVerb !== a.actionVerb,
      );
      if (!opposite) continue;
      return {
        kind: 'visibility_toggle',
        ruleIds: [rule.id, other.id],
        message:
          `The rules "${rule.alias}" and "${other.alias}" show and hide step ${title(a.targetStepId)} ` +
          'on the same conditions, so the step would flip back and forth.',
      };
    }
  }
  return undefined;
}

/**
 * Conditions as a comparable text. When every join is the same (all `and` or all `or`) the
 * order does not change the meaning, so the conditions are compared as a set.
 */
function conditionSignature(conditions: readonly RuleCondition[]): string {
  const ordered = [...conditions].sort((a, b) => a.position - b.position);
  const key = (c: RuleCondition) =>
    JSON.stringify([
      c.conditionableType,
      c.conditionableId,
      c.operation,
      c.statement ?? null,
      c.columnContainsName ?? null,
    ]);
  const joins = new Set(ordered.slice(1).map((c) => c.logic));
  if (joins.size <= 1) return JSON.stringify([[...joins][0] ?? 'and', ordered.map(key).sort()]);
  return JSON.stringify(ordered.map((c, i) => [i === 0 ? '' : c.logic, key(c)]));
}
