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
import { asList, asObject, type Raw } from './input.js';
import type { References } from './references.js';

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

/** The rule body with the document's ids replaced by the new ones (unknown ids left as sent). */
function rewriteIds(raw: Raw, idMap: ReadonlyMap<string, string>): Raw {
  const swap = (item: Raw, key: string) =>
    typeof item[key] === 'string' && idMap.has(item[key]) ? { [key]: idMap.get(item[key]) } : {};
  const list = (value: unknown) => asList(value)?.map((item) => asObject(item) ?? item);
  const conditions = list(raw.conditions)?.map((c) =>
    asObject(c) ? { ...(c as Raw), ...swap(c as Raw, 'conditionable_id') } : c,
  );
  const actions = list(raw.then_actions)?.map((a) =>
    asObject(a)
      ? { ...(a as Raw), ...swap(a as Raw, 'target_step_id'), ...swap(a as Raw, 'actionable_id') }
      : a,
  );
  return {
    ...raw,
    automated_alias: raw.automated_alias ?? raw.alias,
    conditions: conditions ?? raw.conditions,
    then_actions: actions ?? raw.then_actions,
  };
}

/**
 * The rule a document describes, validated, with new ids; problems go to `errors` under
 * `prefix`. The returned rule is only meaningful when no error was added.
 */
export function parseDocumentRule(
  raw: Raw,
  prefix: string,
  errors: FieldErrorCollector,
  target: DocumentRuleTarget,
): Rule {
  const validation = validateRule(rewriteIds(raw, target.idMap), target.scope, {
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
