import { Type } from 'typebox';
import type { RuleDefinition } from '../../domain/templates/definition.js';
import { AnyObject, IsoDate, Nullable } from '../schemas/common.js';

/** The spec's AutomatedAction. */
export const RuleSchema = Type.Object(
  {
    id: Type.String(),
    automated_alias: Type.String(),
    conditions: Type.Array(AnyObject),
    then_actions: Type.Array(AnyObject),
    created_at: IsoDate,
    last_updated: IsoDate,
    archived_at: Nullable(IsoDate),
  },
  { additionalProperties: true },
);

/** A rule as the API shows it (`automated_actions` items). */
export function presentRule(rule: RuleDefinition) {
  return {
    id: rule.id,
    automated_alias: rule.alias,
    conditions: rule.conditions.map((c) => ({
      id: c.id,
      conditionable_id: c.conditionableId,
      conditionable_type: c.conditionableType,
      operation: c.operation,
      statement: c.statement,
      logic: c.logic,
      position: c.position,
      column_contains_name: c.columnContainsName,
    })),
    then_actions: rule.actions.map((a) => ({
      id: a.id,
      action_type: a.actionType,
      action_verb: a.actionVerb,
      target_step_id: a.targetStepId,
      deadline: a.deadline,
      assignees: a.assignees,
      actionable_id: a.actionableId,
      actionable_type: a.actionableType,
      webhook_url: a.webhookUrl,
      alias_name: a.aliasName,
      position: a.position,
    })),
    created_at: rule.createdAt,
    last_updated: rule.lastUpdated,
    archived_at: null,
  };
}
