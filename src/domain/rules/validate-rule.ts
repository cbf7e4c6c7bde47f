/**
 * Validation of an automation rule (`automated_actions`) sent to create or replace one:
 * pure, table-testable, no I/O. It checks the body against the template it belongs to and
 * answers the rule as the domain stores it, or every problem with its field path
 * (`conditions.0.operation`, `then_actions.1.target_step_id`, …). Whether the member and
 * group ids exist, and whether the rule makes a loop with the others, the caller checks
 * (see `findings.users` / `findings.groups` and rule-loops.ts).
 */
import type { FieldErrors } from '../errors.js';
import { newHexId } from '../ids.js';
import type { RuleAction, RuleCondition, RuleDefinition } from '../templates/definition.js';
import type { UrlPolicyConfig } from '../webhooks/url-safety.js';
import { isObject, type Reference, RuleFindings, type RuleScope } from './rule-scope.js';
import { validateAction } from './validate-actions.js';
import { validateCondition } from './validate-conditions.js';

export const RULE_ALIAS_MAX = 300;

export interface RuleValidationOptions {
  /** Where webhook URLs may point (`config.webhooks.allowPrivate`). */
  urlPolicy: UrlPolicyConfig;
  /** The rule being replaced: its condition and action ids are kept when the body repeats them. */
  previous?: Pick<RuleDefinition, 'conditions' | 'actions'> | undefined;
  /** Id factory (tests pass a deterministic one). */
  newId?: () => string;
}

/** A validated rule, or the reasons it is not one. */
export interface RuleValidation {
  /** Present only when `errors` is empty. */
  rule?: { alias: string; conditions: RuleCondition[]; actions: RuleAction[] };
  errors: FieldErrors;
  /** Paths of `errors` that are refused webhook URLs (WEBHOOK_URL_NOT_ALLOWED when they are all). */
  webhookPaths: string[];
  /** Member ids the actions assign, with their paths, to be checked against the organization. */
  users: Array<Reference<number>>;
  /** Group ids the actions assign, with their paths. */
  groups: Array<Reference<string>>;
}

/** Validates a create/update body of a rule against the template's steps and fields. */
export function validateRule(
  body: unknown,
  scope: RuleScope,
  options: RuleValidationOptions,
): RuleValidation {
  const findings = new RuleFindings();
  const raw = isObject(body) ? body : {};
  const alias = checkAlias(raw.automated_alias, findings);
  const newId = options.newId ?? newHexId;
  const conditionIds = idKeeper(options.previous?.conditions ?? [], newId);
  const actionIds = idKeeper(options.previous?.actions ?? [], newId);

  const conditions = checkList(raw.conditions, 'conditions', findings).map((item, i) =>
    validateCondition(item, i, scope, findings, conditionIds(item)),
  );
  const actions = checkList(raw.then_actions, 'then_actions', findings).map((item, i) =>
    validateAction(item, i, scope, findings, { id: actionIds(item), urlPolicy: options.urlPolicy }),
  );
  checkOncePerTarget(actions, findings);

  const result: RuleValidation = {
    errors: findings.errors,
    webhookPaths: findings.webhookPaths,
    users: findings.users,
    groups: findings.groups,
  };
  if (Object.keys(findings.errors).length === 0 && alias !== undefined) {
    result.rule = {
      alias,
      conditions: conditions.filter((c): c is RuleCondition => c !== undefined),
      actions: actions.filter((a): a is RuleAction => a !== undefined),
    };
  }
  return result;
}

function checkAlias(value: unknown, findings: RuleFindings): string | undefined {
  const alias = typeof value === 'string' || typeof value === 'number' ? String(value).trim() : '';
  if (!alias) findings.add('automated_alias', 'The automated_alias field is required.');
  else if (alias.length > RULE_ALIAS_MAX) {
    findings.add(
      'automated_alias',
      `The automated_alias may not be greater than ${RULE_ALIAS_MAX} characters.`,
    );
  } else return alias;
  return undefined;
}

/** The items of a required, non-empty list (also accepted wrapped as `{data: […]}`). */
function checkList(value: unknown, key: string, findings: RuleFindings): unknown[] {
  const list = Array.isArray(value)
    ? value
    : isObject(value) && Array.isArray(value.data)
      ? value.data
      : null;
  if (value === undefined || value === null || (list && list.length === 0)) {
    const what = key === 'conditions' ? 'condition' : 'action';
    findings.add(key, `The ${key} field is required: a rule needs at least one ${what}.`);
    return [];
  }
  if (!list) findings.add(key, `The ${key} must be a list.`);
  return list ?? [];
}

/**
 * Keeps the id a condition or action of the previous version had when the body repeats it
 * (each at most once), so clients that send the rule back unchanged keep stable ids.
 */
function idKeeper(previous: ReadonlyArray<{ id: string }>, newId: () => string) {
  const free = new Set(previous.map((p) => p.id));
  return (item: unknown): string => {
    const id = isObject(item) && typeof item.id === 'string' ? item.id : undefined;
    if (id !== undefined && free.delete(id)) return id;
    return newId();
  };
}

/** A rule may change a given step's visibility once and its deadline once (reference §6.8). */
function checkOncePerTarget(actions: ReadonlyArray<RuleAction | undefined>, findings: RuleFindings): void {
  const seen = new Set<string>();
  actions.forEach((action, i) => {
    if (!action?.targetStepId) return;
    if (action.actionType !== 'visibility' && action.actionType !== 'deadline') return;
    const key = `${action.actionType}:${action.targetStepId}`;
    if (seen.has(key)) {
      const what = action.actionType === 'visibility' ? 'visibility' : 'deadline';
      findings.add(
        `then_actions.${i}.target_step_id`,
        `A rule may change the ${what} of a step only once; this step is already targeted.`,
      );
    }
    seen.add(key);
  });
}
