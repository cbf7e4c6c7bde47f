/**
 * Automation rules of a template (`automated_actions`): create, replace, delete. Each is one
 * template change through `changeTemplate` (editor permission, lock, one new version,
 * activity and event), so the rules a process froze never change under it.
 */
import { notFound } from '../../domain/errors.js';
import { newHexId } from '../../domain/ids.js';
import { renumber } from '../../domain/templates/content-ops.js';
import type { RuleDefinition } from '../../domain/templates/definition.js';
import type { Rule, TemplateContent } from '../../domain/templates/template.js';
import type { Actor, AppContext } from '../context.js';
import { changeTemplate } from '../templates/change-template.js';
import type { RuleInput } from '../templates/template-inputs.js';
import { checkRule } from './rule-checks.js';

export const ruleNotFound = () => notFound('RULE_NOT_FOUND', 'Automated action');

function ruleOf(content: TemplateContent, ruleId: string): RuleDefinition {
  const rule = content.rules.find((r) => r.id === ruleId);
  if (!rule) throw ruleNotFound();
  const { templateId: _template, position: _position, ...definition } = rule;
  return definition;
}

/** The rule as the validator reads it (domain/rules/validate-rule). */
const ruleBodyOf = (input: RuleInput) => ({
  automated_alias: input.alias,
  conditions: input.conditions,
  then_actions: input.actions,
});

/** Adds a rule after the template's others. */
export async function createRule(
  ctx: AppContext,
  actor: Actor,
  templateId: string,
  input: RuleInput,
): Promise<RuleDefinition> {
  return changeTemplate(ctx, actor, templateId, async (current, _errors, now, tx) => {
    const id = newHexId();
    const checked = await checkRule(tx, current, ruleBodyOf(input), { ruleId: id });
    const position = Math.max(0, ...current.rules.map((r) => r.position)) + 1;
    const rule: Rule = { id, templateId, ...checked, position, createdAt: now, lastUpdated: now };
    return {
      content: { ...current, rules: [...current.rules, rule] },
      activity: { action: 'updated', field: 'automated_actions', newValue: { rule_created: id } },
      result: (saved: TemplateContent) => ruleOf(saved, id),
    };
  });
}

/**
 * Replaces a rule's alias, conditions and actions with the input (the whole rule, as on
 * create). Conditions and actions sent back with their ids keep them.
 */
export async function updateRule(
  ctx: AppContext,
  actor: Actor,
  templateId: string,
  ruleId: string,
  input: RuleInput,
): Promise<RuleDefinition> {
  return changeTemplate(ctx, actor, templateId, async (current, _errors, _now, tx) => {
    const previous = current.rules.find((r) => r.id === ruleId);
    if (!previous) throw ruleNotFound();
    const checked = await checkRule(tx, current, ruleBodyOf(input), { ruleId, previous });
    const rules = current.rules.map((r) => (r.id === ruleId ? { ...r, ...checked } : r));
    return {
      content: { ...current, rules },
      activity: {
        action: 'updated',
        field: 'automated_actions',
        oldValue: { rule_updated: ruleId, automated_alias: previous.alias },
        newValue: { rule_updated: ruleId, automated_alias: checked.alias },
      },
      result: (saved: TemplateContent) => ruleOf(saved, ruleId),
    };
  });
}

/** Deletes a rule; processes launched before keep it in their frozen definition. */
export async function deleteRule(
  ctx: AppContext,
  actor: Actor,
  templateId: string,
  ruleId: string,
): Promise<void> {
  await changeTemplate(ctx, actor, templateId, (current) => {
    const removed = ruleOf(current, ruleId);
    return {
      content: { ...current, rules: renumber(current.rules.filter((r) => r.id !== ruleId)) },
      activity: {
        action: 'updated',
        field: 'automated_actions',
        oldValue: { rule_deleted: ruleId, automated_alias: removed.alias },
      },
      result: () => undefined,
    };
  });
}
