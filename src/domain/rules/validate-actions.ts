/**
 * Validation of a rule's actions (`then_actions`): an allowed type/verb pair, a target step
 * of the template, and the keys each verb needs: a deadline object, people to assign (or an
 * assignee-picker field to take them from), a safe webhook URL and its alias (reference §2.6).
 */
import { isDurationValue, normalizeDurationUnit } from '../deadlines.js';
import { isValidEmail, normalizeEmail } from '../identity.js';
import { isHexId } from '../ids.js';
import type { RuleAction, RuleAssignees } from '../templates/definition.js';
import { checkWebhookUrl, type UrlPolicyConfig } from '../webhooks/url-safety.js';
import {
  ACTION_TYPES,
  ACTION_VERBS,
  describeReferent,
  isObject,
  type Referent,
  type RuleFindings,
  type RuleScope,
  resolveReferent,
  wholeNumber,
} from './rule-scope.js';
import { checkPosition } from './validate-conditions.js';

export const ALIAS_NAME_MAX = 255;

interface ActionInput {
  raw: Record<string, unknown>;
  path: string;
  scope: RuleScope;
  findings: RuleFindings;
}

const text = (value: unknown): string | null =>
  typeof value === 'string' && value.trim() !== '' ? value.trim() : null;

/**
 * The action at `then_actions.<index>` as the domain stores it (only the keys its verb uses),
 * or undefined when it is unusable; problems are added to `findings`.
 */
export function validateAction(
  raw: unknown,
  index: number,
  scope: RuleScope,
  findings: RuleFindings,
  options: { id: string; urlPolicy: UrlPolicyConfig },
): RuleAction | undefined {
  const path = `then_actions.${index}`;
  if (!isObject(raw)) {
    findings.add(path, 'Each action must be an object.');
    return undefined;
  }
  const input: ActionInput = { raw, path, scope, findings };
  const pair = checkPair(input);
  const webhook = pair?.type === 'webhook';
  const target = checkTarget(input, !webhook);
  const actionable = checkActionable(input);
  const position = checkPosition(input, index + 1);
  if (!pair || target === undefined || actionable === undefined || position === undefined) return undefined;
  const action: RuleAction = {
    id: options.id,
    actionType: pair.type,
    actionVerb: pair.verb,
    targetStepId: target,
    deadline: null,
    assignees: null,
    actionableId: actionable?.id ?? null,
    actionableType: actionable?.referent.type ?? null,
    webhookUrl: null,
    aliasName: null,
    position,
  };
  switch (pair.type) {
    case 'deadline':
      return withDeadline(input, action, actionable?.referent);
    case 'assignment':
      return withAssignees(input, action, actionable?.referent);
    case 'webhook':
      return withWebhook(input, action, options.urlPolicy);
    default:
      return action;
  }
}

function checkPair({ raw, path, findings }: ActionInput) {
  const type = text(raw.action_type) as RuleAction['actionType'] | null;
  if (!type || !ACTION_TYPES.includes(type)) {
    findings.add(`${path}.action_type`, `The action type must be one of ${ACTION_TYPES.join(', ')}.`);
    return undefined;
  }
  const verb = text(raw.action_verb);
  const verbs = ACTION_VERBS[type];
  if (!verb || !verbs.includes(verb)) {
    findings.add(`${path}.action_verb`, `The action verb only accepts ${verbs.join(', ')}.`);
    return undefined;
  }
  return { type, verb };
}

/** The target step id (null only where not required), or undefined when unusable. */
function checkTarget({ raw, path, scope, findings }: ActionInput, required: boolean) {
  const id = text(raw.target_step_id);
  if (!id) {
    if (!required) return null;
    findings.add(`${path}.target_step_id`, 'The target_step_id field is required.');
    return undefined;
  }
  const referent = resolveReferent(scope, id);
  if (referent?.type === 'Step') return id;
  findings.add(
    `${path}.target_step_id`,
    referent
      ? `The target_step_id must be a step of this template; it names ${describeReferent(referent)}.`
      : 'The target_step_id is not a step of this template.',
  );
  return undefined;
}

/** The source named by `actionable_id` (null when none), or undefined when unusable. */
function checkActionable({ raw, path, scope, findings }: ActionInput) {
  const id = text(raw.actionable_id);
  if (!id) return null;
  const referent = resolveReferent(scope, id);
  if (!referent) {
    findings.add(
      `${path}.actionable_id`,
      'The actionable_id is not a step, form field or kick-off field of this template.',
    );
    return undefined;
  }
  const type = text(raw.actionable_type);
  if (type && type !== referent.type) {
    findings.add(
      `${path}.actionable_type`,
      `The actionable_type must be ${referent.type}: the id names ${describeReferent(referent)}.`,
    );
    return undefined;
  }
  return { id, referent };
}

function withDeadline(
  { raw, path, findings }: ActionInput,
  action: RuleAction,
  source: Referent | undefined,
): RuleAction | undefined {
  if (source && source.type !== 'Step' && source.field.fieldType !== 'date') {
    findings.add(`${path}.actionable_id`, 'A deadline is measured from a step or a date field.');
  }
  const d = raw.deadline;
  if (!isObject(d)) {
    findings.add(
      `${path}.deadline`,
      'The deadline field is required for a deadline action: {value, unit, option}.',
    );
    return undefined;
  }
  const value = wholeNumber(d.value, 0);
  const unit = normalizeDurationUnit(d.unit);
  const option = d.option === 'before' || d.option === 'from' ? d.option : undefined;
  if (!isDurationValue(value, unit))
    findings.add(`${path}.deadline.value`, 'The deadline value must be a whole number from 0 to 100 years.');
  if (!unit)
    findings.add(`${path}.deadline.unit`, 'The deadline unit must be minutes, hours, days, weeks or months.');
  if (!option) findings.add(`${path}.deadline.option`, 'The deadline option must be before or from.');
  if (!isDurationValue(value, unit) || !unit || !option) return undefined;
  return { ...action, deadline: { value, unit, option } };
}

function withAssignees(
  input: ActionInput,
  action: RuleAction,
  source: Referent | undefined,
): RuleAction | undefined {
  const { path, findings } = input;
  const picker = source && source.type !== 'Step' && source.field.fieldType === 'assignees_form';
  if (source && !picker) {
    findings.add(`${path}.actionable_id`, 'Assignments take their people from an assignee-picker field.');
  }
  const assignees = readAssignees(input);
  if (assignees === undefined) return undefined;
  const count = assignees ? assignees.users.length + assignees.guests.length + assignees.groups.length : 0;
  if (action.actionVerb !== 'clear_assignees' && count === 0 && !picker) {
    findings.add(
      `${path}.assignees`,
      `The ${action.actionVerb} action needs at least one user, guest or group in assignees ` +
        '(or an assignee-picker field as actionable_id).',
    );
    return undefined;
  }
  return { ...action, assignees: action.actionVerb === 'clear_assignees' ? null : assignees };
}

/** `{users, guests, groups}` (null when not sent), or undefined when malformed. */
function readAssignees({ raw, path, findings }: ActionInput): RuleAssignees | null | undefined {
  const a = raw.assignees;
  if (a === undefined || a === null) return null;
  const at = `${path}.assignees`;
  if (!isObject(a)) {
    findings.add(at, 'The assignees must be an object with users, guests and groups lists.');
    return undefined;
  }
  const before = Object.keys(findings.errors).length;
  const list = (key: string): unknown[] => {
    if (a[key] === undefined || a[key] === null) return [];
    if (Array.isArray(a[key])) return a[key] as unknown[];
    findings.add(`${at}.${key}`, `The ${key} must be a list.`);
    return [];
  };
  const users = list('users').map((v, i) => {
    const id = wholeNumber(v, 1);
    if (id === undefined) findings.add(`${at}.users.${i}`, 'Not a member id.');
    else findings.users.push({ id, path: `${at}.users.${i}` });
    return id;
  });
  const guests = list('guests').map((v, i) => {
    const email = typeof v === 'string' ? normalizeEmail(v) : '';
    if (!isValidEmail(email)) findings.add(`${at}.guests.${i}`, 'Not a valid e-mail address.');
    return email;
  });
  const groups = list('groups').map((v, i) => {
    const id = typeof v === 'string' ? v.trim().toLowerCase() : '';
    if (!isHexId(id)) findings.add(`${at}.groups.${i}`, 'Not a group id.');
    else findings.groups.push({ id, path: `${at}.groups.${i}` });
    return id;
  });
  if (Object.keys(findings.errors).length > before) return undefined;
  return {
    users: [...new Set(users as number[])],
    guests: [...new Set(guests)],
    groups: [...new Set(groups)],
  };
}

function withWebhook(
  { raw, path, findings }: ActionInput,
  action: RuleAction,
  urlPolicy: UrlPolicyConfig,
): RuleAction | undefined {
  const url = text(raw.webhook_url);
  if (!url) {
    findings.add(`${path}.webhook_url`, 'The webhook_url field is required for emit_webhook.');
    return undefined;
  }
  const problem = checkWebhookUrl(url, urlPolicy);
  if (problem) {
    findings.add(`${path}.webhook_url`, problem);
    findings.webhookPaths.push(`${path}.webhook_url`);
  }
  const alias = text(raw.alias_name);
  if (!alias)
    findings.add(`${path}.alias_name`, 'The alias_name field is required when webhook_url is present.');
  else if (alias.length > ALIAS_NAME_MAX)
    findings.add(
      `${path}.alias_name`,
      `The alias_name may not be greater than ${ALIAS_NAME_MAX} characters.`,
    );
  if (problem || !alias || alias.length > ALIAS_NAME_MAX) return undefined;
  return { ...action, webhookUrl: url, aliasName: alias };
}
