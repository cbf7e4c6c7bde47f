/**
 * Validation of a rule's conditions: each names a step, form field or kick-off field of the
 * template with the matching `conditionable_type`, and an operation that fits it: step
 * outcomes with a time clause for steps, field operations that suit the field's type for
 * form and kick-off fields (reference §2.6, §6.8).
 */
import type { FieldDefinition, RuleCondition } from '../templates/definition.js';
import { FIELD_OPERATIONS, STEP_OPERATIONS, TIME_CLAUSES, valueTexts } from './conditions.js';
import {
  CONDITIONABLE_TYPES,
  type ConditionableType,
  describeReferent,
  FIELD_TYPE_OPERATIONS,
  type FieldOperation,
  isObject,
  type Referent,
  type RuleFindings,
  type RuleScope,
  resolveReferent,
  wholeNumber,
} from './rule-scope.js';

/** Operations that compare the field with the statement, so the statement must say something. */
const NEEDS_STATEMENT = new Set<string>([
  'contains',
  'not_contains',
  'equals',
  'not_equals',
  'equals_any',
  'greater_than',
  'less_than',
]);
const NUMERIC = new Set<string>(['greater_than', 'less_than']);

interface ConditionInput {
  raw: Record<string, unknown>;
  path: string;
  scope: RuleScope;
  findings: RuleFindings;
}

/**
 * The condition at `path` (`conditions.0`) as the domain stores it, or undefined when it is
 * unusable; problems are added to `findings`. `id` is the id it keeps or gets.
 */
export function validateCondition(
  raw: unknown,
  index: number,
  scope: RuleScope,
  findings: RuleFindings,
  id: string,
): RuleCondition | undefined {
  const path = `conditions.${index}`;
  if (!isObject(raw)) {
    findings.add(path, 'Each condition must be an object.');
    return undefined;
  }
  const input: ConditionInput = { raw, path, scope, findings };
  const referent = checkConditionable(input);
  const operation = typeof raw.operation === 'string' ? raw.operation.trim() : '';
  if (!operation) findings.add(`${path}.operation`, 'The operation field is required.');
  if (raw.statement === undefined) {
    findings.add(`${path}.statement`, 'The statement field must be present (it may be null).');
  }
  const statement = raw.statement ?? null;
  const column = checkColumnName(input);
  if (referent && operation) {
    if (referent.type === 'Step') checkStepCondition(input, operation, statement, column);
    else checkFieldCondition(input, referent.field, operation, statement, column);
  }
  const logic = checkLogic(input);
  const position = checkPosition(input, index + 1);
  if (!referent || !operation || logic === undefined || position === undefined) return undefined;
  return {
    id,
    conditionableId: String(raw.conditionable_id),
    conditionableType: referent.type,
    operation,
    statement,
    logic,
    position,
    columnContainsName: column ?? null,
  };
}

/** The referent of `conditionable_id` when it exists and its type is the one given. */
function checkConditionable({ raw, path, scope, findings }: ConditionInput): Referent | undefined {
  const type = raw.conditionable_type;
  const typeKnown = CONDITIONABLE_TYPES.includes(type as ConditionableType);
  if (!typeKnown) {
    findings.add(`${path}.conditionable_type`, 'The conditionable_type must be Step, Capture or Prerun.');
  }
  const id = raw.conditionable_id;
  if (typeof id !== 'string' || id.trim() === '') {
    findings.add(`${path}.conditionable_id`, 'The conditionable_id field is required.');
    return undefined;
  }
  const referent = resolveReferent(scope, id);
  if (!referent) {
    findings.add(
      `${path}.conditionable_id`,
      'The conditionable_id is not a step, form field or kick-off field of this template.',
    );
    return undefined;
  }
  if (!typeKnown) return undefined;
  if (referent.type !== type) {
    findings.add(
      `${path}.conditionable_type`,
      `The conditionable_type must be ${referent.type}: the id names ${describeReferent(referent)}.`,
    );
    return undefined;
  }
  return referent;
}

function checkStepCondition(
  { path, findings }: ConditionInput,
  operation: string,
  statement: unknown,
  column: string | null | undefined,
): void {
  if (!(STEP_OPERATIONS as readonly string[]).includes(operation)) {
    findings.add(
      `${path}.operation`,
      `The operation of a step condition must be one of ${STEP_OPERATIONS.join(', ')}.`,
    );
  }
  if (statement !== null && !(TIME_CLAUSES as readonly unknown[]).includes(statement)) {
    findings.add(
      `${path}.statement`,
      `The statement of a step condition is a time clause: ${TIME_CLAUSES.join(', ')} (or null).`,
    );
  }
  if (column) {
    findings.add(`${path}.column_contains_name`, 'Only conditions on table fields can name a column.');
  }
}

function checkFieldCondition(
  { path, findings }: ConditionInput,
  field: FieldDefinition,
  operation: string,
  statement: unknown,
  column: string | null | undefined,
): void {
  if (!(FIELD_OPERATIONS as readonly string[]).includes(operation)) {
    findings.add(
      `${path}.operation`,
      `The operation of a form field condition must be one of ${FIELD_OPERATIONS.join(', ')}.`,
    );
    return;
  }
  const allowed = FIELD_TYPE_OPERATIONS[field.fieldType];
  if (!allowed.includes(operation as FieldOperation)) {
    findings.add(
      `${path}.operation`,
      `The operation ${operation} does not fit a ${field.fieldType} field; it accepts ${allowed.join(', ')}.`,
    );
  } else if (NEEDS_STATEMENT.has(operation) && valueTexts(statement).length === 0) {
    findings.add(`${path}.statement`, `The statement is required for the ${operation} operation.`);
  } else if (NUMERIC.has(operation) && !Number.isFinite(Number(valueTexts(statement)[0]))) {
    findings.add(`${path}.statement`, `The statement must be a number for the ${operation} operation.`);
  }
  if (column && field.fieldType !== 'table') {
    findings.add(`${path}.column_contains_name`, 'Only conditions on table fields can name a column.');
  } else if (column && !field.columns.some((c) => sameName(c.label, column))) {
    const names = field.columns.map((c) => c.label).join(', ') || 'none';
    findings.add(
      `${path}.column_contains_name`,
      `The table has no column named "${column}" (its columns: ${names}).`,
    );
  }
}

const sameName = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/** The column name (null when not sent or blank); undefined when it is not text. */
function checkColumnName({ raw, path, findings }: ConditionInput): string | null | undefined {
  const value = raw.column_contains_name;
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') {
    findings.add(`${path}.column_contains_name`, 'The column_contains_name must be text.');
    return undefined;
  }
  return value.trim() === '' ? null : value.trim();
}

function checkLogic({ raw, path, findings }: ConditionInput): 'and' | 'or' | undefined {
  const logic = typeof raw.logic === 'string' ? raw.logic.trim().toLowerCase() : raw.logic;
  if (logic === 'and' || logic === 'or') return logic;
  findings.add(
    `${path}.logic`,
    logic === undefined || logic === null || logic === ''
      ? 'The logic field is required (and or or).'
      : 'The logic must be and or or.',
  );
  return undefined;
}

/** The given position (a whole number, 0 or more) or `fallback`; undefined when invalid. */
export function checkPosition(
  { raw, path, findings }: Pick<ConditionInput, 'raw' | 'path' | 'findings'>,
  fallback: number,
): number | undefined {
  if (raw.position === undefined || raw.position === null) return fallback;
  const position = wholeNumber(raw.position, 0);
  if (position === undefined) findings.add(`${path}.position`, 'The position must be a whole number.');
  return position;
}
