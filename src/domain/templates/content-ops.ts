/**
 * Pure operations on a template's parts: keeping positions 1..n without gaps, and finding
 * or rewriting the step and field ids that rules refer to.
 */
import type { RuleAction, RuleCondition, RuleDefinition } from './definition.js';

interface Positioned {
  id: string;
  position: number;
}

const byPosition = <T extends Positioned>(a: T, b: T) => a.position - b.position;

/** The items in position order, numbered 1..n. */
export function renumber<T extends Positioned>(items: readonly T[]): T[] {
  return [...items]
    .sort(byPosition)
    .map((item, i) => (item.position === i + 1 ? item : { ...item, position: i + 1 }));
}

/** Inserts `item` at `position` (1..n+1; the end when undefined) and renumbers. */
export function insertAt<T extends Positioned>(
  items: readonly T[],
  item: T,
  position: number | undefined,
): T[] {
  const ordered = renumber(items);
  const index =
    position === undefined ? ordered.length : Math.min(Math.max(position, 1), ordered.length + 1) - 1;
  ordered.splice(index, 0, item);
  return renumber(ordered.map((x, i) => ({ ...x, position: i + 1 })));
}

/** Moves the item `id` to `position` (1..n) and renumbers the rest around it. */
export function moveTo<T extends Positioned>(items: readonly T[], id: string, position: number): T[] {
  const ordered = renumber(items);
  const index = ordered.findIndex((x) => x.id === id);
  if (index < 0) return ordered;
  const [item] = ordered.splice(index, 1);
  const target = Math.min(Math.max(position, 1), ordered.length + 1) - 1;
  ordered.splice(target, 0, item as T);
  return ordered.map((x, i) => (x.position === i + 1 ? x : { ...x, position: i + 1 }));
}

/** Every step or field id a rule refers to, in its conditions and its actions. */
export function ruleReferences(rule: Pick<RuleDefinition, 'conditions' | 'actions'>): string[] {
  const ids: string[] = [];
  for (const c of rule.conditions) ids.push(c.conditionableId);
  for (const a of rule.actions) {
    if (a.targetStepId) ids.push(a.targetStepId);
    if (a.actionableId) ids.push(a.actionableId);
  }
  return ids;
}

/** The rules that refer to any of `ids`. */
export function rulesReferencing<R extends Pick<RuleDefinition, 'conditions' | 'actions'>>(
  rules: readonly R[],
  ids: ReadonlySet<string>,
): R[] {
  return rules.filter((rule) => ruleReferences(rule).some((id) => ids.has(id)));
}

/**
 * The rule with its step and field references passed through `map` (old id → new id), and
 * the paths (`conditions.0.conditionable_id`, …) of references `map` does not know.
 */
export function rewriteRuleReferences<R extends Pick<RuleDefinition, 'conditions' | 'actions'>>(
  rule: R,
  map: ReadonlyMap<string, string>,
): { rule: R; unknown: string[] } {
  const unknown: string[] = [];
  const swap = (id: string, path: string): string => {
    const next = map.get(id);
    if (next === undefined) unknown.push(path);
    return next ?? id;
  };
  const conditions: RuleCondition[] = rule.conditions.map((c, i) => ({
    ...c,
    conditionableId: swap(c.conditionableId, `conditions.${i}.conditionable_id`),
  }));
  const actions: RuleAction[] = rule.actions.map((a, i) => ({
    ...a,
    targetStepId: a.targetStepId === null ? null : swap(a.targetStepId, `then_actions.${i}.target_step_id`),
    actionableId: a.actionableId === null ? null : swap(a.actionableId, `then_actions.${i}.actionable_id`),
  }));
  return { rule: { ...rule, conditions, actions }, unknown };
}
