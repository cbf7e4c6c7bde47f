/**
 * Everything a rule must pass before it is saved on a template: the pure validation against
 * the template's steps and fields, the member and group ids it assigns (of this
 * organization), and no loop with the template's other rules.
 */
import { findGroupIds, findMemberIds } from '../../db/repositories/template-references-repository.js';
import { type FieldErrors, invalidFields, rejected } from '../../domain/errors.js';
import { findRuleLoop } from '../../domain/rules/rule-loops.js';
import type { Reference } from '../../domain/rules/rule-scope.js';
import { validateRule } from '../../domain/rules/validate-rule.js';
import type { RuleAction, RuleCondition } from '../../domain/templates/definition.js';
import type { Rule, TemplateContent } from '../../domain/templates/template.js';
import type { AppContext } from '../context.js';

export interface CheckedRule {
  alias: string;
  conditions: RuleCondition[];
  actions: RuleAction[];
}

/**
 * The rule `body` describes, checked against `current` (the locked template). `ruleId` is
 * the id it will have; `previous` the rule it replaces, if any. Throws 422 with every field
 * error at once (WEBHOOK_URL_NOT_ALLOWED when refused webhook URLs are the only problem), or
 * RULE_LOOP naming the rules; the caller then writes nothing.
 */
export async function checkRule(
  tx: AppContext,
  current: TemplateContent,
  body: unknown,
  target: { ruleId: string; previous?: Rule | undefined },
): Promise<CheckedRule> {
  const validation = validateRule(
    body,
    { steps: current.steps, fields: current.fields },
    { urlPolicy: tx.config, previous: target.previous },
  );
  const people = await checkPeople(tx, current.template.organizationId, validation.users, validation.groups);
  const errors: FieldErrors = { ...validation.errors, ...people };
  const paths = Object.keys(errors);
  if (paths.length > 0) {
    const onlyUrls = paths.every((p) => validation.webhookPaths.includes(p));
    throw invalidFields(onlyUrls ? 'WEBHOOK_URL_NOT_ALLOWED' : 'VALIDATION_FAILED', errors);
  }
  const rule = validation.rule as CheckedRule;
  const candidate = { id: target.ruleId, ...rule };
  const others = current.rules.filter((r) => r.id !== target.ruleId);
  const loop = findRuleLoop(candidate, [...others, candidate], current.steps);
  if (loop) throw rejected('RULE_LOOP', loop.message, { rules: loop.ruleIds });
  return rule;
}

/** Errors for member ids that are not (enabled) members and group ids not groups of the organization. */
async function checkPeople(
  tx: AppContext,
  organizationId: string,
  users: ReadonlyArray<Reference<number>>,
  groups: ReadonlyArray<Reference<string>>,
): Promise<FieldErrors> {
  const [members, known] = await Promise.all([
    findMemberIds(
      tx.db.kysely,
      organizationId,
      users.map((u) => u.id),
    ),
    findGroupIds(
      tx.db.kysely,
      organizationId,
      groups.map((g) => g.id),
    ),
  ]);
  const errors: FieldErrors = {};
  for (const u of users) if (!members.has(u.id)) errors[u.path] = ['Not a member of this organization.'];
  for (const g of groups) if (!known.has(g.id)) errors[g.path] = ['Not a group of this organization.'];
  return errors;
}
