/**
 * Rule bodies (wire) → the typed input of the rule services. The conditions and actions stay
 * as sent: the rules service checks each against the template's steps and fields and reports
 * every problem with its path. Other keys of the spec's AutomatedActionInput are ignored.
 */
import type { Static } from 'typebox';
import type { RuleInput } from '../../services/templates/template-inputs.js';
import type { RuleBody } from './rules.schemas.js';

export function ruleInputOf(body: Static<typeof RuleBody>): RuleInput {
  return { alias: body.automated_alias, conditions: body.conditions, actions: body.then_actions };
}
