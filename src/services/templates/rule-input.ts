/**
 * Rules (`automated_actions`) carried by template documents (create, checklists-with-steps,
 * import). The document's own step and field ids are first rewritten to the new ones, then
 * each rule goes through the same validation as `POST …/automated-actions` against the
 * document's steps and fields, so a rule the rules endpoints would refuse cannot enter this
 * way either. Errors carry the document path (`automated_actions.0.then_actions.1.…`).
 */
import type { FieldErrorCollector } from '../../domain/errors.js';
import { newHexId } from '../../domain/ids.js';
import { findRuleLoop } from '../../domain/rules/rule-loops.js';
import type { RuleScope } from '../../domain/rules/rule-scope.js';
import { validateRule } from '../../domain/rules/validate-rule.js';
import type { Rule } from '../../domain/templates/template.js';
import type { UrlPolicyConfig } from '../../domain/webhooks/url-safety.js';
import type { References } from './references.js';
import type { RuleInput } from './template-inputs.js';

export interface DocumentRuleTarget {
  templateId: string;
  position: number;
  now: string;
  /** Document id → new id of the document's steps and fields. */
  idMap: ReadonlyMap<string, string>;
  /** The document's steps and fields, with their new ids. */
  scope: RuleScope;
  urlPolicy: UrlPolicyConfig;
  /** Member and group ids the rule assigns are added here, to be checked against the organization. */
  refs: References;
}

type Item = Record<string, unknown>;
const itemOf = (value: unknown): Item | undefined =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Item) : undefined;
const listOf = (value: unknown): unknown[] | undefined =>
  Array.isArray(value)
    ? value
    : Array.isArray(itemOf(value)?.data)
      ? (itemOf(value)?.data as unknown[])
      : undefined;

/**
 * The rule as the validator reads it, with the document's step and field ids in its conditions
 * and actions replaced by the new ones (unknown ids left as sent, for the validator to refuse).
 */
function rewriteIds(input: RuleInput, idMap: ReadonlyMap<string, string>) {
  const swap = (item: Item, key: string) =>
    typeof item[key] === 'string' && idMap.has(item[key]) ? { [key]: idMap.get(item[key]) } : {};
  const rewrite = (value: unknown, keys: readonly string[]) =>
    listOf(value)?.map((entry) => {
      const item = itemOf(entry);
      return item ? Object.assign({ ...item }, ...keys.map((key) => swap(item, key))) : entry;
    }) ?? value;
  return {
    automated_alias: input.alias,
    conditions: rewrite(input.conditions, ['conditionable_id']),
    then_actions: rewrite(input.actions, ['target_step_id', 'actionable_id']),
  };
}

/**
 * The rule a document describes, validated, with new ids; problems go to `errors` under
 * `prefix`. The returned rule is only meaningful when no error was added.
 */
export function buildDocumentRule(
  input: RuleInput,
  prefix: string,
  errors: FieldErrorCollector,
  target: DocumentRuleTarget,
): Rule {
  const validation = validateRule(rewriteIds(input, target.idMap), target.scope, {
    urlPolicy: target.urlPolicy,
  });
  for (const [path, messages] of Object.entries(validation.errors)) {
    for (const message of messages) errors.add(`${prefix}${path}`, message);
  }
  for (const u of validation.users) target.refs.users.push({ id: u.id, path: `${prefix}${u.path}` });
  for (const g of validation.groups) target.refs.groups.push({ id: g.id, path: `${prefix}${g.path}` });
  return {
    id: newHexId(),
    templateId: target.templateId,
    alias: validation.rule?.alias ?? '',
    conditions: validation.rule?.conditions ?? [],
    actions: validation.rule?.actions ?? [],
    position: target.position,
    createdAt: target.now,
    lastUpdated: target.now,
  };
}

/** Refuses rules of one document that make a loop together (as the rules endpoints do). */
export function checkDocumentRuleLoops(
  rules: readonly Rule[],
  scope: RuleScope,
  errors: FieldErrorCollector,
): void {
  const reported = new Set<string>();
  for (const [i, rule] of rules.entries()) {
    const loop = findRuleLoop(rule, rules, scope.steps);
    const key = loop ? [...loop.ruleIds].sort().join() : '';
    if (!loop || reported.has(key)) continue;
    reported.add(key);
    errors.add(`automated_actions.${i}`, loop.message);
  }
}
