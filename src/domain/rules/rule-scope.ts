/**
 * What rule validation checks against (the template's steps, form fields and kick-off
 * fields), the vocabulary of conditions and actions, and the collector the validators write
 * their findings to. Pure: no I/O.
 */
import type { FieldErrors } from '../errors.js';
import { INT4_MAX } from '../limits.js';
import type { FieldDefinition, FieldType, RuleAction, StepDefinition } from '../templates/definition.js';
import type { FIELD_OPERATIONS } from './conditions.js';

export type FieldOperation = (typeof FIELD_OPERATIONS)[number];

export const CONDITIONABLE_TYPES = ['Step', 'Capture', 'Prerun'] as const;
export type ConditionableType = (typeof CONDITIONABLE_TYPES)[number];

const TEXT_OPERATIONS: readonly FieldOperation[] = [
  'contains',
  'not_contains',
  'is_empty',
  'is_not_empty',
  'greater_than',
  'less_than',
];
const CHOICE_OPERATIONS: readonly FieldOperation[] = [
  'equals',
  'not_equals',
  'contains',
  'not_contains',
  'equals_any',
];

/**
 * The field operations each form-field type accepts (reference §6.8, what Tallyfy's editor
 * offers). Number, e-mail and URL fields are not in that table: e-mail and URL behave as text,
 * numbers as text that can also be compared for equality.
 */
export const FIELD_TYPE_OPERATIONS: Readonly<Record<FieldType, readonly FieldOperation[]>> = {
  text: TEXT_OPERATIONS,
  textarea: TEXT_OPERATIONS,
  email: TEXT_OPERATIONS,
  url: TEXT_OPERATIONS,
  file: TEXT_OPERATIONS,
  number: [...TEXT_OPERATIONS, 'equals', 'not_equals'],
  dropdown: [...CHOICE_OPERATIONS, 'greater_than', 'less_than'],
  radio: CHOICE_OPERATIONS,
  multiselect: CHOICE_OPERATIONS,
  date: ['contains', 'not_contains', 'is_empty', 'is_not_empty'],
  table: ['contains'],
  assignees_form: ['is_empty', 'is_not_empty'],
};

/** The allowed action type / verb pairs (reference §2.6). */
export const ACTION_VERBS: Readonly<Record<RuleAction['actionType'], readonly string[]>> = {
  visibility: ['show', 'hide'],
  deadline: ['deadline'],
  status: ['reopen'],
  assignment: ['assign', 'assign_only', 'unassign', 'clear_assignees'],
  webhook: ['emit_webhook'],
};

export const ACTION_TYPES = Object.keys(ACTION_VERBS) as Array<RuleAction['actionType']>;

/** The parts of a template a rule may refer to. */
export interface RuleScope {
  steps: ReadonlyArray<Pick<StepDefinition, 'id' | 'title'>>;
  /** Kick-off fields (`stepId` null) and step form fields. */
  fields: readonly FieldDefinition[];
}

/** What an id names in the scope: a step, a step form field (Capture) or a kick-off field (Prerun). */
export type Referent =
  | { type: 'Step'; step: Pick<StepDefinition, 'id' | 'title'> }
  | { type: 'Capture' | 'Prerun'; field: FieldDefinition };

/** Looks an id up among the scope's steps and fields. */
export function resolveReferent(scope: RuleScope, id: string): Referent | undefined {
  const step = scope.steps.find((s) => s.id === id);
  if (step) return { type: 'Step', step };
  const field = scope.fields.find((f) => f.id === id);
  if (field) return { type: field.stepId === null ? 'Prerun' : 'Capture', field };
  return undefined;
}

export const describeReferent = (r: Referent): string =>
  r.type === 'Step' ? 'a step' : r.type === 'Capture' ? 'a step form field' : 'a kick-off field';

export interface Reference<T> {
  id: T;
  path: string;
}

/** Collects what validation finds: field errors by path, and the people references to check. */
export class RuleFindings {
  readonly errors: FieldErrors = {};
  /** Paths whose error is a refused webhook URL. */
  readonly webhookPaths: string[] = [];
  readonly users: Array<Reference<number>> = [];
  readonly groups: Array<Reference<string>> = [];

  add(path: string, message: string): void {
    this.errors[path] = [...(this.errors[path] ?? []), message];
  }
}

/**
 * Reads a whole number from `min` to what an integer column holds, accepting numeric
 * strings; undefined otherwise.
 */
export function wholeNumber(value: unknown, min: number): number | undefined {
  if (value === null || value === undefined || value === '' || typeof value === 'boolean') return undefined;
  const n = Number(value);
  return Number.isInteger(n) && n >= min && n <= INT4_MAX ? n : undefined;
}

export const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);
