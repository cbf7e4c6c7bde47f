/**
 * Rule conditions: step outcomes (with their time clause) and form-field operations, and how
 * a rule's conditions combine. Semantics follow Tallyfy's documented behaviour (reference
 * §2.6, §6.8): left-to-right logic without precedence, a null step statement never matches,
 * `not_equals` is true on an empty field, empty numbers are never greater or less, empty
 * lists never contain or equal anything.
 */
import type { FieldDefinition, RuleCondition } from '../templates/definition.js';
import type { RuleTask } from './types.js';

const DAY_MS = 86_400_000;

export const STEP_OPERATIONS = [
  'completed',
  'reopened',
  'approved',
  'rejected',
  'acknowledged',
  'expired',
  'not_assigned',
] as const;

export const FIELD_OPERATIONS = [
  'contains',
  'not_contains',
  'equals',
  'not_equals',
  'equals_any',
  'greater_than',
  'less_than',
  'is_empty',
  'is_not_empty',
] as const;

export const TIME_CLAUSES = ['any_time', 'on-time', 'early_24', 'late_24'] as const;

const EXPIRING = new Set(['expiring', 'expiring_email']);

/** True when the task's current state matches a step condition. Hidden tasks never match. */
export function stepConditionHolds(
  task: RuleTask | undefined,
  operation: string,
  statement: unknown,
): boolean {
  if (!task || statement === null || statement === undefined) return false;
  if (task.status === 'auto-skipped') return false;
  const completed = task.status === 'completed';
  switch (operation) {
    case 'completed':
      return completed && timeClauseHolds(task, statement);
    case 'approved':
      return (
        completed &&
        task.taskType === 'approval' &&
        task.isApproved === true &&
        timeClauseHolds(task, statement)
      );
    case 'rejected':
      return (
        completed &&
        task.taskType === 'approval' &&
        task.isApproved === false &&
        timeClauseHolds(task, statement)
      );
    case 'acknowledged':
      return (
        completed &&
        EXPIRING.has(task.taskType) &&
        task.isApproved !== false &&
        timeClauseHolds(task, statement)
      );
    case 'expired':
      return completed && EXPIRING.has(task.taskType) && task.isApproved === false;
    case 'reopened':
      return !completed && task.reopenedAt !== null;
    case 'not_assigned':
      return (
        !completed && task.owners.users.length + task.owners.guests.length + task.owners.groups.length === 0
      );
    default:
      return false;
  }
}

function timeClauseHolds(task: RuleTask, clause: unknown): boolean {
  if (clause === 'any_time') return true;
  if (!task.completedAt) return false;
  const done = Date.parse(task.completedAt);
  const due = task.deadline ? Date.parse(task.deadline) : undefined;
  switch (clause) {
    case 'on-time':
      return due === undefined || done <= due;
    case 'early_24':
      return due !== undefined && done <= due - DAY_MS;
    case 'late_24':
      return due !== undefined && done > due + DAY_MS;
    default:
      return false;
  }
}

/** The comparable texts of a value: option texts and ids, cell texts, file names, plain text. */
export function valueTexts(value: unknown): string[] {
  if (value === null || value === undefined) return [];
  if (typeof value === 'string') return value.trim() === '' ? [] : [value];
  if (typeof value === 'number' || typeof value === 'boolean') return [String(value)];
  if (Array.isArray(value)) return value.flatMap((item) => valueTexts(item));
  if (typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    if (obj.selected === false) return [];
    if ('text' in obj) return valueTexts(obj.text);
    if ('filename' in obj) return valueTexts(obj.filename);
    if ('users' in obj || 'guests' in obj || 'groups' in obj) {
      return [...valueTexts(obj.users), ...valueTexts(obj.guests), ...valueTexts(obj.groups)];
    }
    if ('value' in obj) return valueTexts(obj.value);
  }
  return [];
}

/** Option ids chosen in a dropdown, radio or multiselect value. */
function chosenOptionIds(value: unknown, field: FieldDefinition | undefined): string[] {
  const ids: string[] = [];
  const visit = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(visit);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (o.selected !== false && o.id !== undefined && o.id !== null) ids.push(String(o.id));
    } else if (typeof v === 'string' && field) {
      const option = field.options.find((opt) => opt.text === v);
      if (option) ids.push(String(option.id));
    }
  };
  visit(value);
  return ids;
}

function statementList(statement: unknown): string[] {
  if (Array.isArray(statement)) return statement.flatMap((s) => valueTexts(s));
  if (typeof statement === 'string')
    return statement
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  return valueTexts(statement);
}

const norm = (s: string) => s.trim().toLowerCase();

function equalsValue(value: unknown, statement: unknown, field: FieldDefinition | undefined): boolean {
  const wanted = valueTexts(statement).map(norm);
  if (wanted.length === 0) return false;
  const texts = valueTexts(value).map(norm);
  const ids = chosenOptionIds(value, field);
  return wanted.some((w) => texts.includes(w) || ids.includes(w));
}

function tableCells(value: unknown, field: FieldDefinition | undefined, columnName: string | null): string[] {
  if (!Array.isArray(value)) return valueTexts(value);
  const rows: unknown[][] = value.every((row) => Array.isArray(row)) ? (value as unknown[][]) : [value];
  const columnIndex =
    columnName && field ? field.columns.findIndex((c) => norm(c.label) === norm(columnName)) : -1;
  if (columnName && columnIndex < 0) return [];
  return rows.flatMap((row) => (columnIndex >= 0 ? valueTexts(row[columnIndex]) : valueTexts(row)));
}

function toNumber(value: unknown): number | undefined {
  const text = valueTexts(value)[0];
  if (text === undefined) return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : undefined;
}

/** Evaluates a form-field or kick-off-field operation against the field's current value. */
export function fieldConditionHolds(
  condition: Pick<RuleCondition, 'operation' | 'statement' | 'columnContainsName'>,
  value: unknown,
  field: FieldDefinition | undefined,
): boolean {
  const { operation, statement } = condition;
  const texts =
    field?.fieldType === 'table' ? tableCells(value, field, condition.columnContainsName) : valueTexts(value);
  const empty = texts.length === 0;
  switch (operation) {
    case 'is_empty':
      return empty;
    case 'is_not_empty':
      return !empty;
    case 'contains': {
      const needle = valueTexts(statement)[0];
      return !empty && needle !== undefined && texts.some((t) => norm(t).includes(norm(needle)));
    }
    case 'not_contains': {
      const needle = valueTexts(statement)[0];
      return empty || needle === undefined || !texts.some((t) => norm(t).includes(norm(needle)));
    }
    case 'equals':
      return !empty && equalsValue(value, statement, field);
    case 'not_equals':
      return empty || !equalsValue(value, statement, field);
    case 'equals_any':
      return !empty && statementList(statement).some((s) => equalsValue(value, s, field));
    case 'greater_than':
    case 'less_than': {
      const left = toNumber(value);
      const right = toNumber(statement);
      if (left === undefined || right === undefined) return false;
      return operation === 'greater_than' ? left > right : left < right;
    }
    default:
      return false;
  }
}

/** Combines condition results left to right by each condition's `logic`, without precedence. */
export function combineConditions(results: ReadonlyArray<{ holds: boolean; logic: 'and' | 'or' }>): boolean {
  if (results.length === 0) return false;
  let acc = results[0]?.holds ?? false;
  for (let i = 1; i < results.length; i++) {
    const r = results[i];
    if (!r) continue;
    acc = r.logic === 'or' ? acc || r.holds : acc && r.holds;
  }
  return acc;
}
