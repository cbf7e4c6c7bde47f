import { describe, expect, it } from 'vitest';
import {
  combineConditions,
  fieldConditionHolds,
  stepConditionHolds,
} from '../../src/domain/rules/conditions.js';
import type { RuleTask } from '../../src/domain/rules/types.js';
import type { FieldDefinition, FieldType } from '../../src/domain/templates/definition.js';

function field(fieldType: FieldType, extra: Partial<FieldDefinition> = {}): FieldDefinition {
  return {
    id: 'f1',
    alias: 'f1',
    stepId: null,
    label: 'Field',
    fieldType,
    guidance: null,
    required: false,
    position: 1,
    options: [
      { id: 1, text: 'Low' },
      { id: 2, text: 'Urgent' },
      { id: 3, text: 'High' },
    ],
    columns: [
      { id: 1, label: 'Name' },
      { id: 2, label: 'Role' },
    ],
    defaultValue: null,
    defaultValueEnabled: false,
    settings: {},
    ...extra,
  };
}

const cond = (operation: string, statement: unknown, columnContainsName: string | null = null) => ({
  operation,
  statement,
  columnContainsName,
});

describe('field and kick-off operations', () => {
  it.each<[string, FieldType, unknown, string, unknown, boolean]>([
    // text
    ['text contains (case-insensitive)', 'text', 'Hello World', 'contains', 'world', true],
    ['text contains on empty', 'text', '', 'contains', 'x', false],
    ['text not_contains', 'text', 'Hello', 'not_contains', 'bye', true],
    ['text not_contains on empty is true', 'text', null, 'not_contains', 'bye', true],
    ['text equals', 'text', 'Yes', 'equals', 'yes', true],
    ['text not_equals true on empty', 'text', '', 'not_equals', 'yes', true],
    ['text not_equals different', 'text', 'no', 'not_equals', 'yes', true],
    ['text not_equals same', 'text', 'yes', 'not_equals', 'yes', false],
    ['text equals_any list', 'text', 'b', 'equals_any', ['a', 'b'], true],
    ['text equals_any comma string', 'text', 'c', 'equals_any', 'a, b', false],
    ['is_empty on whitespace', 'text', '   ', 'is_empty', null, true],
    ['is_not_empty', 'textarea', 'x', 'is_not_empty', null, true],
    // numbers
    ['number greater_than', 'number', '10', 'greater_than', 5, true],
    ['number less_than', 'number', 3, 'less_than', '5', true],
    ['empty number never greater', 'number', '', 'greater_than', 5, false],
    ['empty number never less', 'number', null, 'less_than', 5, false],
    ['non-numeric never greater', 'text', 'abc', 'greater_than', 1, false],
    // dropdown {id, text}
    ['dropdown equals by text', 'dropdown', { id: 2, text: 'Urgent', value: null }, 'equals', 'Urgent', true],
    ['dropdown equals by option id', 'dropdown', { id: 2, text: 'Urgent' }, 'equals', 2, true],
    ['dropdown not_equals other', 'dropdown', { id: 1, text: 'Low' }, 'not_equals', 'Urgent', true],
    ['dropdown equals_any ids', 'dropdown', { id: 3, text: 'High' }, 'equals_any', [2, 3], true],
    ['dropdown contains', 'dropdown', { id: 2, text: 'Urgent' }, 'contains', 'urg', true],
    // radio: the text
    ['radio equals text', 'radio', 'High', 'equals', 'High', true],
    ['radio equals option id', 'radio', 'High', 'equals', '3', true],
    // multiselect
    [
      'multiselect equals a selected option',
      'multiselect',
      [
        { id: 1, text: 'Low', selected: true },
        { id: 3, text: 'High', selected: true },
      ],
      'equals',
      'High',
      true,
    ],
    [
      'multiselect ignores unselected',
      'multiselect',
      [{ id: 3, text: 'High', selected: false }],
      'equals',
      'High',
      false,
    ],
    ['empty list never contains', 'multiselect', [], 'contains', 'High', false],
    ['empty list never equals', 'multiselect', [], 'equals', 'High', false],
    // date
    ['date contains', 'date', '2025-03-01T00:00:00.000Z', 'contains', '2025-03', true],
    // assignee picker
    [
      'assignee picker empty',
      'assignees_form',
      { users: [], guests: [], groups: [] },
      'is_empty',
      null,
      true,
    ],
    [
      'assignee picker not empty',
      'assignees_form',
      { users: [4], guests: [], groups: [] },
      'is_not_empty',
      null,
      true,
    ],
    // file
    ['file name contains', 'file', [{ id: 'a', filename: 'contract.pdf' }], 'contains', '.pdf', true],
    // unknown operation
    ['unknown operation never holds', 'text', 'x', 'matches', 'x', false],
  ])('%s', (_title, type, value, operation, statement, expected) => {
    expect(fieldConditionHolds(cond(operation, statement), value, field(type))).toBe(expected);
  });

  it('table contains searches every cell, or one column by name', () => {
    const table = field('table');
    const value = [
      ['Ann', 'Engineer'],
      ['Bob', 'Manager'],
    ];
    expect(fieldConditionHolds(cond('contains', 'manager'), value, table)).toBe(true);
    expect(fieldConditionHolds(cond('contains', 'manager', 'Role'), value, table)).toBe(true);
    expect(fieldConditionHolds(cond('contains', 'manager', 'Name'), value, table)).toBe(false);
    expect(fieldConditionHolds(cond('contains', 'ann', 'Missing column'), value, table)).toBe(false);
    // A single flat row, as Tallyfy stores a one-row table.
    expect(fieldConditionHolds(cond('contains', 'Ann', 'Name'), ['Ann', 'Engineer'], table)).toBe(true);
  });
});

function task(overrides: Partial<RuleTask> = {}): RuleTask {
  return {
    id: 't1',
    stepId: 's1',
    taskType: 'task',
    status: 'completed',
    manualVisibility: null,
    owners: { users: [1], guests: [], groups: [] },
    deadline: '2025-01-10T17:00:00.000Z',
    completedAt: '2025-01-10T12:00:00.000Z',
    isApproved: null,
    reopenedAt: null,
    ...overrides,
  };
}

describe('step outcomes', () => {
  it.each<[string, Partial<RuleTask>, string, unknown, boolean]>([
    ['completed any_time', {}, 'completed', 'any_time', true],
    ['a null clause never matches', {}, 'completed', null, false],
    ['not completed', { status: 'in-progress', completedAt: null }, 'completed', 'any_time', false],
    ['hidden never counts as completed', { status: 'auto-skipped' }, 'completed', 'any_time', false],
    ['on-time', {}, 'completed', 'on-time', true],
    ['late is not on-time', { completedAt: '2025-01-11T12:00:00.000Z' }, 'completed', 'on-time', false],
    ['no deadline is on-time', { deadline: null }, 'completed', 'on-time', true],
    ['early_24 needs a day to spare', {}, 'completed', 'early_24', false],
    ['early_24', { completedAt: '2025-01-09T16:00:00.000Z' }, 'completed', 'early_24', true],
    ['late_24', { completedAt: '2025-01-11T18:00:00.000Z' }, 'completed', 'late_24', true],
    [
      'late by less than a day is not late_24',
      { completedAt: '2025-01-11T16:00:00.000Z' },
      'completed',
      'late_24',
      false,
    ],
    ['approved', { taskType: 'approval', isApproved: true }, 'approved', 'any_time', true],
    ['rejected is not approved', { taskType: 'approval', isApproved: false }, 'approved', 'any_time', false],
    ['rejected', { taskType: 'approval', isApproved: false }, 'rejected', 'any_time', true],
    ['acknowledged', { taskType: 'expiring', isApproved: true }, 'acknowledged', 'any_time', true],
    ['expired', { taskType: 'expiring', isApproved: false }, 'expired', 'any_time', true],
    [
      'expired is not acknowledged',
      { taskType: 'expiring_email', isApproved: false },
      'acknowledged',
      'any_time',
      false,
    ],
    [
      'reopened',
      { status: 'in-progress', completedAt: null, reopenedAt: '2025-01-11T00:00:00.000Z' },
      'reopened',
      'any_time',
      true,
    ],
    ['never reopened', { status: 'in-progress', completedAt: null }, 'reopened', 'any_time', false],
    [
      'not_assigned',
      { status: 'not-started', completedAt: null, owners: { users: [], guests: [], groups: [] } },
      'not_assigned',
      'any_time',
      true,
    ],
    ['assigned', { status: 'not-started', completedAt: null }, 'not_assigned', 'any_time', false],
  ])('%s', (_title, overrides, operation, statement, expected) => {
    expect(stepConditionHolds(task(overrides), operation, statement)).toBe(expected);
  });

  it('a missing task never matches', () => {
    expect(stepConditionHolds(undefined, 'completed', 'any_time')).toBe(false);
  });
});

describe('combining conditions', () => {
  it('combines left to right without AND-over-OR precedence', () => {
    // true OR false AND false → (true OR false) AND false = false (precedence would give true)
    expect(
      combineConditions([
        { holds: true, logic: 'and' },
        { holds: false, logic: 'or' },
        { holds: false, logic: 'and' },
      ]),
    ).toBe(false);
    // false AND true OR true → (false AND true) OR true = true
    expect(
      combineConditions([
        { holds: false, logic: 'and' },
        { holds: true, logic: 'and' },
        { holds: true, logic: 'or' },
      ]),
    ).toBe(true);
    expect(combineConditions([])).toBe(false);
  });
});
