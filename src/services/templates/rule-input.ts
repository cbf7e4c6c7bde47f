/**
 * Rules (`automated_actions`) carried by template documents (create, import, clone). They are
 * stored faithfully with new ids, their step and field references rewritten through the
 * document's id map. Full rule validation and evaluation belong to the rules module
 * (issue 5); here only the shape needed to store and rewrite them is checked.
 */
import { normalizeDurationUnit } from '../../domain/deadlines.js';
import type { FieldErrorCollector } from '../../domain/errors.js';
import { newHexId } from '../../domain/ids.js';
import { rewriteRuleReferences } from '../../domain/templates/content-ops.js';
import type { RuleAction, RuleAssignees, RuleCondition } from '../../domain/templates/definition.js';
import type { Rule } from '../../domain/templates/template.js';
import { asList, asObject, type Raw } from './input.js';

const CONDITIONABLE_TYPES = ['Step', 'Capture', 'Prerun'] as const;
const ACTION_TYPES = ['visibility', 'deadline', 'status', 'assignment', 'webhook'] as const;

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const int = (v: unknown, fallback: number) =>
  Number.isInteger(Number(v)) && v !== null ? Number(v) : fallback;

function readCondition(raw: Raw, index: number, prefix: string, errors: FieldErrorCollector): RuleCondition {
  const type = raw.conditionable_type as RuleCondition['conditionableType'];
  if (!CONDITIONABLE_TYPES.includes(type)) {
    errors.add(
      `${prefix}conditions.${index}.conditionable_type`,
      'The conditionable_type must be Step, Capture or Prerun.',
    );
  }
  if (!str(raw.conditionable_id))
    errors.add(`${prefix}conditions.${index}.conditionable_id`, 'The conditionable_id is required.');
  return {
    id: newHexId(),
    conditionableId: str(raw.conditionable_id) ?? '',
    conditionableType: type,
    operation: String(raw.operation ?? ''),
    statement: raw.statement ?? null,
    logic: raw.logic === 'or' ? 'or' : 'and',
    position: int(raw.position, index + 1),
    columnContainsName: str(raw.column_contains_name),
  };
}

function readAssignees(value: unknown): RuleAssignees | null {
  const a = asObject(value);
  if (!a) return null;
  const list = (v: unknown) => (Array.isArray(v) ? v : []);
  return {
    users: list(a.users).map(Number).filter(Number.isInteger),
    guests: list(a.guests).filter((g): g is string => typeof g === 'string'),
    groups: list(a.groups).filter((g): g is string => typeof g === 'string'),
  };
}

function readAction(raw: Raw, index: number, prefix: string, errors: FieldErrorCollector): RuleAction {
  const type = raw.action_type as RuleAction['actionType'];
  if (!ACTION_TYPES.includes(type)) {
    errors.add(
      `${prefix}then_actions.${index}.action_type`,
      `The action_type must be one of ${ACTION_TYPES.join(', ')}.`,
    );
  }
  const d = asObject(raw.deadline);
  const unit = normalizeDurationUnit(d?.unit);
  return {
    id: newHexId(),
    actionType: type,
    actionVerb: String(raw.action_verb ?? ''),
    targetStepId: str(raw.target_step_id),
    deadline:
      d && unit ? { value: int(d.value, 0), unit, option: d.option === 'before' ? 'before' : 'from' } : null,
    assignees: readAssignees(raw.assignees),
    actionableId: str(raw.actionable_id),
    actionableType: str(raw.actionable_type),
    webhookUrl: str(raw.webhook_url),
    aliasName: str(raw.alias_name),
    position: int(raw.position, index + 1),
  };
}

/**
 * The rule a document describes, with new ids and references mapped through `idMap` (document
 * id → new id); a reference the document does not define is an error under `prefix`.
 */
export function parseDocumentRule(
  raw: Raw,
  prefix: string,
  errors: FieldErrorCollector,
  target: { templateId: string; position: number; now: string; idMap: ReadonlyMap<string, string> },
): Rule {
  const alias = str(raw.automated_alias) ?? str(raw.alias) ?? '';
  if (!alias) errors.add(`${prefix}automated_alias`, 'The automated_alias field is required.');
  else if (alias.length > 300)
    errors.add(`${prefix}automated_alias`, 'The automated_alias may not be greater than 300 characters.');
  const conditions = (asList(raw.conditions) ?? []).map((c, i) =>
    readCondition(asObject(c) ?? {}, i, prefix, errors),
  );
  const actions = (asList(raw.then_actions) ?? []).map((a, i) =>
    readAction(asObject(a) ?? {}, i, prefix, errors),
  );
  const { rule, unknown } = rewriteRuleReferences({ conditions, actions }, target.idMap);
  for (const path of unknown)
    errors.add(`${prefix}${path}`, 'The rule refers to a step or field that is not in the template.');
  return {
    id: newHexId(),
    templateId: target.templateId,
    alias,
    conditions: rule.conditions,
    actions: rule.actions,
    position: target.position,
    createdAt: target.now,
    lastUpdated: target.now,
  };
}
