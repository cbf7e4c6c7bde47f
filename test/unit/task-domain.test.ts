import { describe, expect, it } from 'vitest';
import type { AppError } from '../../src/domain/errors.js';
import { defaultProcessName } from '../../src/domain/processes/naming.js';
import { deriveStatus, progressOf } from '../../src/domain/processes/process.js';
import { checkFieldValue, isEmptyValue, missingRequiredFields } from '../../src/domain/tasks/form-values.js';
import {
  isDueSoon,
  isOverdue,
  parseStatusFilter,
  statusCondition,
} from '../../src/domain/tasks/status-filters.js';
import { completionOutcome } from '../../src/domain/tasks/task.js';
import type { FieldDefinition, FieldType } from '../../src/domain/templates/definition.js';

const field = (fieldType: FieldType, extra: Partial<FieldDefinition> = {}): FieldDefinition => ({
  id: 'f1',
  alias: 'f1',
  stepId: null,
  label: 'Field',
  fieldType,
  guidance: null,
  required: true,
  position: 1,
  options: [
    { id: 1, text: 'One' },
    { id: 2, text: 'Two' },
  ],
  columns: [
    { id: 1, label: 'A' },
    { id: 2, label: 'B' },
  ],
  defaultValue: null,
  defaultValueEnabled: false,
  settings: {},
  ...extra,
});

const code = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return (e as AppError).code;
  }
  return undefined;
};

describe('status filters', () => {
  const now = new Date('2025-01-06T09:00:00.000Z');
  it.each([
    ['complete', { statuses: ['completed'] }],
    ['active', { statuses: ['not-started', 'in-progress', 'auto-skipped'] }],
    ['active_visible', { statuses: ['not-started', 'in-progress'] }],
    ['hasproblem', { hasProblem: true }],
    ['overdue', { statuses: ['not-started', 'in-progress'], deadlineBefore: '2025-01-06T09:00:00.000Z' }],
    [
      'due_soon',
      {
        statuses: ['not-started', 'in-progress'],
        deadlineFrom: '2025-01-06T09:00:00.000Z',
        deadlineBefore: '2025-01-07T09:00:00.000Z',
      },
    ],
    ['upcoming', { statuses: ['not-started', 'in-progress'], deadlineFrom: '2025-01-07T09:00:00.000Z' }],
  ] as const)('%s compiles to its columns', (name, expected) => {
    expect(statusCondition(name, now)).toEqual(expected);
  });

  it('parses comma lists and aliases, refuses auto-skipped and unknown values', () => {
    expect(parseStatusFilter('overdue, due-soon,completed')).toEqual(['overdue', 'due_soon', 'complete']);
    expect(parseStatusFilter('all')).toBeUndefined();
    expect(parseStatusFilter('')).toBeUndefined();
    expect(code(() => parseStatusFilter('auto-skipped'))).toBe('STATUS_FILTER_NOT_ALLOWED');
    expect(code(() => parseStatusFilter('later'))).toBe('INVALID_STATUS_FILTER');
  });

  it('flags overdue one second late, and due soon within a day', () => {
    expect(isOverdue('not-started', '2025-01-06T08:59:59.000Z', now)).toBe(true);
    expect(isOverdue('completed', '2025-01-06T08:59:59.000Z', now)).toBe(false);
    expect(isOverdue('auto-skipped', '2025-01-06T08:59:59.000Z', now)).toBe(false);
    expect(isDueSoon('in-progress', '2025-01-07T08:59:59.000Z', now)).toBe(true);
    expect(isDueSoon('in-progress', '2025-01-07T09:00:00.000Z', now)).toBe(false);
  });
});

describe('form values', () => {
  it.each([
    ['text', 'hello', 'hello'],
    ['text', 42, '42'],
    ['textarea', 'x'.repeat(30_000), 'x'.repeat(30_000)],
    ['email', 'a@b.co', 'a@b.co'],
    ['date', '2025-01-06 10:00:00', '2025-01-06T10:00:00.000Z'],
    ['radio', 'Two', 'Two'],
    ['radio', { id: 1, text: 'One' }, 'One'],
    ['dropdown', { id: 2 }, { id: 2, text: 'Two', value: null }],
    ['dropdown', 'One', { id: 1, text: 'One', value: null }],
    [
      'multiselect',
      [{ id: 1, text: 'One', selected: true }],
      [{ id: 1, text: 'One', value: null, selected: true }],
    ],
    ['table', ['a', 'b'], ['a', 'b']],
    [
      'table',
      [
        ['a', 'b'],
        ['c', 'd'],
      ],
      [
        ['a', 'b'],
        ['c', 'd'],
      ],
    ],
    ['number', '12.5', 12.5],
    ['assignees_form', { users: [1] }, { users: [1], guests: [], groups: [] }],
    ['text', null, null],
  ] as Array<[FieldType, unknown, unknown]>)('%s accepts %j', (type, value, expected) => {
    expect(checkFieldValue(field(type), value)).toEqual({ value: expected });
  });

  it.each([
    ['text', 'x'.repeat(201)],
    ['textarea', 'x'.repeat(30_001)],
    ['email', 'nope'],
    ['date', '2025-02-30'],
    ['radio', 'Three'],
    ['dropdown', { id: 1, text: 'Two' }],
    ['multiselect', 'One'],
    ['table', ['a']],
    ['number', 'ten'],
    ['assignees_form', { users: ['me'] }],
    ['file', 'x.pdf'],
  ] as Array<[FieldType, unknown]>)('%s refuses %j', (type, value) => {
    expect(checkFieldValue(field(type), value)).toHaveProperty('error');
  });

  it('applies text validation settings', () => {
    const numeric = field('text', { settings: { field_validation: ['numeric'] } });
    expect(checkFieldValue(numeric, '12')).toEqual({ value: '12' });
    expect(checkFieldValue(numeric, 'twelve')).toHaveProperty('error');
  });

  it('knows what an empty required value is', () => {
    expect(isEmptyValue(field('text'), '  ')).toBe(true);
    expect(isEmptyValue(field('multiselect'), [{ id: 1, text: 'One', selected: false }])).toBe(true);
    expect(isEmptyValue(field('assignees_form'), { users: [], guests: [], groups: [] })).toBe(true);
    expect(isEmptyValue(field('dropdown'), { id: 1, text: 'One', value: null })).toBe(false);
    const fields = [field('text', { id: 'a', required: true }), field('text', { id: 'b', required: false })];
    expect(missingRequiredFields(fields, {}).map((f) => f.id)).toEqual(['a']);
  });
});

describe('completion outcomes', () => {
  it('approvals need a decision; expiring tasks are acknowledged unless false; others record null', () => {
    expect(code(() => completionOutcome('approval', undefined))).toBe('APPROVAL_DECISION_REQUIRED');
    expect(completionOutcome('approval', false)).toEqual({ isApproved: false, outcome: 'rejected' });
    expect(completionOutcome('expiring', undefined)).toEqual({ isApproved: true, outcome: 'acknowledged' });
    expect(completionOutcome('expiring_email', false)).toEqual({ isApproved: false, outcome: 'expired' });
    expect(completionOutcome('task', true)).toEqual({ isApproved: null, outcome: 'completed' });
  });
});

describe('process status and naming', () => {
  const counters = { visible: 2, completed: 2, all: 3, openProblems: 0, latestDeadline: null };
  it('is complete when every visible task is done and the kick-off form submitted; problem wins', () => {
    expect(deriveStatus(counters, true)).toBe('complete');
    expect(deriveStatus(counters, false)).toBe('active');
    expect(deriveStatus({ ...counters, openProblems: 1 }, true)).toBe('problem');
    expect(deriveStatus({ ...counters, visible: 0, completed: 0 }, true)).toBe('active');
    expect(deriveStatus({ ...counters, visible: 0, completed: 0, all: 0 }, true)).toBe('complete');
    expect(deriveStatus({ ...counters, visible: 0, completed: 0, all: 0 }, false)).toBe('active');
    expect(progressOf(1, 3)).toEqual({ complete: 1, total: 3, percent: 33 });
  });

  it('names a process from the format, kick-off values and the date in the organization zone', () => {
    const input = {
      templateTitle: 'Onboarding',
      launchedAt: new Date('2025-01-06T23:30:00.000Z'),
      timezone: 'Asia/Tokyo',
      launcherName: 'Ada Admin',
      kickoffFields: [field('text', { id: 'k', alias: 'client', label: 'Client name' })],
      prerun: { k: 'Acme' },
    };
    expect(defaultProcessName({ ...input, format: null })).toBe('Onboarding - Jan 7, 2025');
    expect(
      defaultProcessName({ ...input, format: '{{client}} / {{Client name}} by {{launcher}} {{unknown}}' }),
    ).toBe('Acme / Acme by Ada Admin {{unknown}}');
  });
});
