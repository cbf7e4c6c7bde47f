import { describe, expect, it } from 'vitest';
import { findRuleLoop } from '../../src/domain/rules/rule-loops.js';
import type { RuleScope } from '../../src/domain/rules/rule-scope.js';
import { type RuleValidationOptions, validateRule } from '../../src/domain/rules/validate-rule.js';
import {
  FIELD_TYPES,
  type FieldDefinition,
  type FieldType,
  type RuleAction,
  type RuleCondition,
  type RuleDefinition,
} from '../../src/domain/templates/definition.js';

type Body = Record<string, any>;

function field(id: string, fieldType: FieldType, stepId: string | null): FieldDefinition {
  return {
    id,
    alias: id,
    stepId,
    label: id,
    fieldType,
    guidance: null,
    required: false,
    position: 1,
    options: [
      { id: 1, text: 'Low' },
      { id: 2, text: 'Urgent' },
    ],
    columns:
      fieldType === 'table'
        ? [
            { id: 1, label: 'Name' },
            { id: 2, label: 'Role' },
          ]
        : [],
    defaultValue: null,
    defaultValueEnabled: false,
    settings: {},
  };
}

/** Step A has one form field of every type (`f-<type>`); kick-off has a dropdown, a date and a picker. */
const scope: RuleScope = {
  steps: [
    { id: 'step-a', title: 'A' },
    { id: 'step-b', title: 'B' },
    { id: 'step-c', title: 'C' },
  ],
  fields: [
    ...FIELD_TYPES.map((type) => field(`f-${type}`, type, 'step-a')),
    field('k-dropdown', 'dropdown', null),
    field('k-date', 'date', null),
    field('k-picker', 'assignees_form', null),
  ],
};

let n = 0;
const options: RuleValidationOptions = {
  urlPolicy: { webhooks: { allowPrivate: false } },
  newId: () => `id-${++n}`,
};

const stepCondition = (extra: Body = {}): Body => ({
  conditionable_id: 'step-a',
  conditionable_type: 'Step',
  operation: 'completed',
  statement: 'any_time',
  logic: 'and',
  ...extra,
});
const fieldCondition = (type: FieldType, operation: string, statement: unknown = '5', extra: Body = {}) => ({
  conditionable_id: `f-${type}`,
  conditionable_type: 'Capture',
  operation,
  statement,
  logic: 'and',
  ...extra,
});
const show = (target = 'step-b', extra: Body = {}): Body => ({
  action_type: 'visibility',
  action_verb: 'show',
  target_step_id: target,
  ...extra,
});
const rule = (conditions: Body[] = [stepCondition()], actions: Body[] = [show()]): Body => ({
  automated_alias: 'Show B after A',
  conditions,
  then_actions: actions,
});
const check = (body: Body) => validateRule(body, scope, options);

/** Asserts the body is refused with an error at `path` whose message contains `fragment`. */
function expectError(body: Body, path: string, fragment: string) {
  const result = check(body);
  expect(result.rule).toBeUndefined();
  expect(Object.keys(result.errors)).toContain(path);
  expect(result.errors[path]?.join(' ')).toContain(fragment);
}

describe('validateRule: a valid rule', () => {
  it('answers the rule in the domain shape with ids on every condition and action', () => {
    const result = check(
      rule([stepCondition(), fieldCondition('text', 'is_not_empty', null, { logic: 'or' })]),
    );
    expect(result.errors).toEqual({});
    expect(result.rule).toMatchObject({
      alias: 'Show B after A',
      conditions: [
        { conditionableId: 'step-a', conditionableType: 'Step', operation: 'completed', position: 1 },
        {
          conditionableId: 'f-text',
          conditionableType: 'Capture',
          logic: 'or',
          statement: null,
          position: 2,
        },
      ],
      actions: [{ actionType: 'visibility', actionVerb: 'show', targetStepId: 'step-b', deadline: null }],
    });
    for (const item of [...(result.rule?.conditions ?? []), ...(result.rule?.actions ?? [])]) {
      expect(item.id).toMatch(/^id-\d+$/);
    }
  });

  it('keeps the ids of the conditions and actions of the rule it replaces when sent back', () => {
    const previous = { conditions: [{ id: 'c-old' }], actions: [{ id: 'a-old' }] } as unknown as Pick<
      RuleDefinition,
      'conditions' | 'actions'
    >;
    const result = validateRule(
      rule(
        [stepCondition({ id: 'c-old' }), stepCondition({ id: 'c-old', operation: 'reopened' })],
        [show('step-b', { id: 'a-old' }), show('step-c', { id: 'foreign' })],
      ),
      scope,
      { ...options, previous },
    );
    expect(result.rule?.conditions.map((c) => c.id)).toEqual(['c-old', expect.stringMatching(/^id-/)]);
    expect(result.rule?.actions.map((a) => a.id)).toEqual(['a-old', expect.stringMatching(/^id-/)]);
  });

  it.each([null, 'any_time', 'on-time', 'early_24', 'late_24'])(
    'accepts the step time clause %s',
    (clause) => {
      expect(check(rule([stepCondition({ statement: clause })])).errors).toEqual({});
    },
  );

  it.each(['completed', 'reopened', 'approved', 'rejected', 'acknowledged', 'expired', 'not_assigned'])(
    'accepts the step operation %s',
    (operation) => {
      expect(check(rule([stepCondition({ operation })])).errors).toEqual({});
    },
  );

  it('accepts kick-off conditions typed Prerun and table conditions naming a column in any case', () => {
    const result = check(
      rule([
        {
          ...fieldCondition('dropdown', 'equals', 'Urgent'),
          conditionable_id: 'k-dropdown',
          conditionable_type: 'Prerun',
        },
        fieldCondition('table', 'contains', 'Ann', { column_contains_name: 'role' }),
      ]),
    );
    expect(result.errors).toEqual({});
    expect(result.rule?.conditions[1]?.columnContainsName).toBe('role');
  });
});

describe('validateRule: operations by field type (reference §6.8)', () => {
  const OPERATIONS = [
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
  type Operation = (typeof OPERATIONS)[number];
  const TEXT: Operation[] = [
    'contains',
    'not_contains',
    'is_empty',
    'is_not_empty',
    'greater_than',
    'less_than',
  ];
  const CHOICE: Operation[] = ['equals', 'not_equals', 'contains', 'not_contains', 'equals_any'];
  /**
   * Written out from reference §6.8 ("Operators by field type"), not read from the validator:
   * text, textarea and file take contains / not_contains / is_empty / is_not_empty plus
   * greater / less; dropdown the choice operations plus greater / less; radio and multiselect
   * the choice operations; table contains; date contains / not_contains / empty; the assignee
   * field empty / not empty. The reference leaves out e-mail, URL and number fields: Flowlane
   * treats e-mail and URL as text, and a number as text that can also be compared for equality.
   */
  const ALLOWED: Record<FieldType, Operation[]> = {
    text: TEXT,
    textarea: TEXT,
    file: TEXT,
    email: TEXT,
    url: TEXT,
    number: [...TEXT, 'equals', 'not_equals'],
    dropdown: [...CHOICE, 'greater_than', 'less_than'],
    radio: CHOICE,
    multiselect: CHOICE,
    table: ['contains'],
    date: ['contains', 'not_contains', 'is_empty', 'is_not_empty'],
    assignees_form: ['is_empty', 'is_not_empty'],
  };

  it('covers every field type the definition knows', () => {
    expect(Object.keys(ALLOWED).sort()).toEqual([...FIELD_TYPES].sort());
  });

  const cases = FIELD_TYPES.flatMap((type) =>
    OPERATIONS.map((operation) => ({ type, operation, allowed: ALLOWED[type].includes(operation) })),
  );

  it.each(cases)('$operation on a $type field: allowed=$allowed', ({ type, operation, allowed }) => {
    const result = check(rule([fieldCondition(type, operation, '5')]));
    if (allowed) expect(result.errors).toEqual({});
    else
      expect(result.errors).toEqual({
        'conditions.0.operation': [expect.stringContaining(`does not fit a ${type} field`)],
      });
  });

  it.each([
    ['dropdown', 'greater_than', true],
    ['date', 'greater_than', false],
    ['assignees_form', 'is_empty', true],
    ['assignees_form', 'equals', false],
    ['table', 'contains', true],
    ['table', 'equals', false],
    ['radio', 'greater_than', false],
    ['text', 'is_not_empty', true],
  ] as const)('%s + %s → allowed %s', (type, operation, allowed) => {
    expect(Object.keys(check(rule([fieldCondition(type, operation, '5')])).errors).length === 0).toBe(
      allowed,
    );
  });
});

describe('validateRule: refused conditions', () => {
  it.each<[string, Body, string, string]>([
    [
      'an unknown step',
      stepCondition({ conditionable_id: 'nope' }),
      'conditions.0.conditionable_id',
      'not a step, form field or kick-off field',
    ],
    [
      'a missing id',
      stepCondition({ conditionable_id: undefined }),
      'conditions.0.conditionable_id',
      'required',
    ],
    [
      'an unknown type',
      stepCondition({ conditionable_type: 'Field' }),
      'conditions.0.conditionable_type',
      'Step, Capture or Prerun',
    ],
    [
      'a step typed Capture',
      stepCondition({ conditionable_type: 'Capture' }),
      'conditions.0.conditionable_type',
      'must be Step',
    ],
    [
      'a form field typed Step',
      fieldCondition('text', 'contains', 'x', { conditionable_type: 'Step' }),
      'conditions.0.conditionable_type',
      'must be Capture',
    ],
    [
      'a form field typed Prerun',
      fieldCondition('text', 'contains', 'x', { conditionable_type: 'Prerun' }),
      'conditions.0.conditionable_type',
      'must be Capture',
    ],
    [
      'a kick-off field typed Capture',
      { ...fieldCondition('date', 'is_empty'), conditionable_id: 'k-date' },
      'conditions.0.conditionable_type',
      'must be Prerun',
    ],
    [
      'a field operation on a step',
      stepCondition({ operation: 'equals' }),
      'conditions.0.operation',
      'step condition must be one of',
    ],
    [
      'a step operation on a field',
      fieldCondition('text', 'completed'),
      'conditions.0.operation',
      'form field condition must be one of',
    ],
    ['no operation', stepCondition({ operation: '' }), 'conditions.0.operation', 'required'],
    [
      'an unknown time clause',
      stepCondition({ statement: 'yesterday' }),
      'conditions.0.statement',
      'time clause',
    ],
    [
      'a missing statement key',
      stepCondition({ statement: undefined }),
      'conditions.0.statement',
      'must be present',
    ],
    [
      'contains without a value',
      fieldCondition('text', 'contains', null),
      'conditions.0.statement',
      'required for the contains',
    ],
    [
      'equals with a blank value',
      fieldCondition('radio', 'equals', '  '),
      'conditions.0.statement',
      'required for the equals',
    ],
    [
      'greater_than with a word',
      fieldCondition('text', 'greater_than', 'many'),
      'conditions.0.statement',
      'must be a number',
    ],
    [
      'a column on a text field',
      fieldCondition('text', 'contains', 'x', { column_contains_name: 'Name' }),
      'conditions.0.column_contains_name',
      'Only conditions on table fields',
    ],
    [
      'a column on a step',
      stepCondition({ column_contains_name: 'Name' }),
      'conditions.0.column_contains_name',
      'Only conditions on table fields',
    ],
    [
      'a column the table lacks',
      fieldCondition('table', 'contains', 'x', { column_contains_name: 'Salary' }),
      'conditions.0.column_contains_name',
      'no column named "Salary"',
    ],
    ['no logic', stepCondition({ logic: undefined }), 'conditions.0.logic', 'required'],
    ['an unknown logic', stepCondition({ logic: 'xor' }), 'conditions.0.logic', 'and or or'],
    ['a fractional position', stepCondition({ position: 1.5 }), 'conditions.0.position', 'whole number'],
  ])('refuses %s', (_title, condition, path, fragment) => {
    expectError(rule([condition]), path, fragment);
  });

  it('refuses a condition that is not an object, with its index', () => {
    expectError(
      rule([stepCondition(), 'A completed' as unknown as Body]),
      'conditions.1',
      'must be an object',
    );
  });
});

describe('validateRule: actions', () => {
  const deadline = { value: 2, unit: 'days', option: 'from' };
  const assignees = { users: [7], guests: ['Ann@Example.com'], groups: ['a'.repeat(32)] };
  const webhook = { webhook_url: 'https://hooks.example.com/x', alias_name: 'Notify' };

  it.each<[string, string, Body]>([
    ['visibility', 'show', {}],
    ['visibility', 'hide', {}],
    ['deadline', 'deadline', { deadline }],
    ['status', 'reopen', {}],
    ['assignment', 'assign', { assignees }],
    ['assignment', 'assign_only', { assignees }],
    ['assignment', 'unassign', { assignees }],
    ['assignment', 'clear_assignees', {}],
    ['webhook', 'emit_webhook', webhook],
  ])('accepts %s / %s', (type, verb, extra) => {
    const result = check(
      rule(undefined, [{ action_type: type, action_verb: verb, target_step_id: 'step-b', ...extra }]),
    );
    expect(result.errors).toEqual({});
    expect(result.rule?.actions[0]).toMatchObject({ actionType: type, actionVerb: verb });
  });

  it('keeps only the keys the verb uses, normalised', () => {
    const result = check(
      rule(undefined, [
        {
          action_type: 'deadline',
          action_verb: 'deadline',
          target_step_id: 'step-b',
          deadline: { value: '3', unit: 'day', option: 'before' },
          assignees,
          webhook_url: 'https://x.example.com',
        },
        {
          action_type: 'assignment',
          action_verb: 'assign',
          target_step_id: 'step-c',
          assignees: { users: [7, 7], guests: ['Ann@Example.com'] },
        },
      ]),
    );
    expect(result.rule?.actions[0]).toMatchObject({
      deadline: { value: 3, unit: 'days', option: 'before' },
      assignees: null,
      webhookUrl: null,
    });
    expect(result.rule?.actions[1]?.assignees).toEqual({
      users: [7],
      guests: ['ann@example.com'],
      groups: [],
    });
    expect(result.users).toEqual([
      { id: 7, path: 'then_actions.1.assignees.users.0' },
      { id: 7, path: 'then_actions.1.assignees.users.1' },
    ]);
  });

  it('hands back the member and group ids with their paths for the organization check', () => {
    const result = check(
      rule(undefined, [
        { action_type: 'assignment', action_verb: 'assign', target_step_id: 'step-b', assignees },
      ]),
    );
    expect(result.users).toEqual([{ id: 7, path: 'then_actions.0.assignees.users.0' }]);
    expect(result.groups).toEqual([{ id: 'a'.repeat(32), path: 'then_actions.0.assignees.groups.0' }]);
  });

  it('accepts an assignment from an assignee picker without listed people, and infers actionable_type', () => {
    const result = check(
      rule(undefined, [
        {
          action_type: 'assignment',
          action_verb: 'assign_only',
          target_step_id: 'step-b',
          actionable_id: 'k-picker',
        },
      ]),
    );
    expect(result.errors).toEqual({});
    expect(result.rule?.actions[0]).toMatchObject({
      actionableId: 'k-picker',
      actionableType: 'Prerun',
      assignees: null,
    });
  });

  it.each([
    ['step-c', 'Step'],
    ['k-date', 'Prerun'],
    ['f-date', 'Capture'],
  ])('accepts a deadline measured from %s (%s)', (source, type) => {
    const result = check(
      rule(undefined, [
        {
          action_type: 'deadline',
          action_verb: 'deadline',
          target_step_id: 'step-b',
          deadline,
          actionable_id: source,
        },
      ]),
    );
    expect(result.errors).toEqual({});
    expect(result.rule?.actions[0]?.actionableType).toBe(type);
  });

  it('accepts emit_webhook without a target step', () => {
    const result = check(
      rule(undefined, [{ action_type: 'webhook', action_verb: 'emit_webhook', ...webhook }]),
    );
    expect(result.rule?.actions[0]).toMatchObject({
      targetStepId: null,
      webhookUrl: webhook.webhook_url,
      aliasName: 'Notify',
    });
  });

  it('allows one visibility and one deadline action on the same step', () => {
    expect(
      check(
        rule(undefined, [
          show(),
          { action_type: 'deadline', action_verb: 'deadline', target_step_id: 'step-b', deadline },
        ]),
      ).errors,
    ).toEqual({});
  });
});

describe('validateRule: refused actions', () => {
  const act = (extra: Body) => ({ target_step_id: 'step-b', ...extra });
  it.each<[string, Body, string, string]>([
    [
      'an unknown type',
      act({ action_type: 'email', action_verb: 'send' }),
      'then_actions.0.action_type',
      'must be one of visibility',
    ],
    [
      'visibility / assign',
      act({ action_type: 'visibility', action_verb: 'assign' }),
      'then_actions.0.action_verb',
      'The action verb only accepts show, hide.',
    ],
    [
      'status / complete',
      act({ action_type: 'status', action_verb: 'complete' }),
      'then_actions.0.action_verb',
      'The action verb only accepts reopen.',
    ],
    [
      'assignment / show',
      act({ action_type: 'assignment', action_verb: 'show' }),
      'then_actions.0.action_verb',
      'only accepts assign, assign_only, unassign, clear_assignees',
    ],
    [
      'deadline / extend',
      act({ action_type: 'deadline', action_verb: 'extend' }),
      'then_actions.0.action_verb',
      'only accepts deadline',
    ],
    [
      'webhook / post',
      act({ action_type: 'webhook', action_verb: 'post' }),
      'then_actions.0.action_verb',
      'only accepts emit_webhook',
    ],
    [
      'a missing target',
      { action_type: 'visibility', action_verb: 'show' },
      'then_actions.0.target_step_id',
      'required',
    ],
    [
      'an unknown target',
      act({ action_type: 'visibility', action_verb: 'hide', target_step_id: 'zzz' }),
      'then_actions.0.target_step_id',
      'not a step of this template',
    ],
    [
      'a form field as target',
      act({ action_type: 'status', action_verb: 'reopen', target_step_id: 'f-text' }),
      'then_actions.0.target_step_id',
      'names a step form field',
    ],
    [
      'a deadline without its object',
      act({ action_type: 'deadline', action_verb: 'deadline' }),
      'then_actions.0.deadline',
      'required for a deadline action',
    ],
    [
      'a deadline without a unit',
      act({ action_type: 'deadline', action_verb: 'deadline', deadline: { value: 1, option: 'from' } }),
      'then_actions.0.deadline.unit',
      'minutes, hours',
    ],
    [
      'a deadline with prior_to',
      act({
        action_type: 'deadline',
        action_verb: 'deadline',
        deadline: { value: 1, unit: 'days', option: 'prior_to' },
      }),
      'then_actions.0.deadline.option',
      'before or from',
    ],
    [
      'a negative deadline',
      act({
        action_type: 'deadline',
        action_verb: 'deadline',
        deadline: { value: -1, unit: 'days', option: 'from' },
      }),
      'then_actions.0.deadline.value',
      'whole number',
    ],
    [
      'a deadline from a text field',
      act({
        action_type: 'deadline',
        action_verb: 'deadline',
        deadline: { value: 1, unit: 'days', option: 'from' },
        actionable_id: 'f-text',
      }),
      'then_actions.0.actionable_id',
      'step or a date field',
    ],
    [
      'assign without people',
      act({ action_type: 'assignment', action_verb: 'assign' }),
      'then_actions.0.assignees',
      'at least one user, guest or group',
    ],
    [
      'unassign with empty lists',
      act({
        action_type: 'assignment',
        action_verb: 'unassign',
        assignees: { users: [], guests: [], groups: [] },
      }),
      'then_actions.0.assignees',
      'at least one',
    ],
    [
      'assignment from a non-picker',
      act({ action_type: 'assignment', action_verb: 'assign', actionable_id: 'f-text' }),
      'then_actions.0.actionable_id',
      'assignee-picker',
    ],
    [
      'a wrong actionable_type',
      act({
        action_type: 'assignment',
        action_verb: 'assign',
        actionable_id: 'k-picker',
        actionable_type: 'Capture',
      }),
      'then_actions.0.actionable_type',
      'must be Prerun',
    ],
    [
      'an unknown actionable_id',
      act({ action_type: 'visibility', action_verb: 'show', actionable_id: 'ghost' }),
      'then_actions.0.actionable_id',
      'not a step, form field',
    ],
    [
      'a bad member id',
      act({ action_type: 'assignment', action_verb: 'assign', assignees: { users: ['x'] } }),
      'then_actions.0.assignees.users.0',
      'Not a member id',
    ],
    [
      'a bad guest e-mail',
      act({ action_type: 'assignment', action_verb: 'assign', assignees: { guests: ['nobody'] } }),
      'then_actions.0.assignees.guests.0',
      'e-mail',
    ],
    [
      'a bad group id',
      act({ action_type: 'assignment', action_verb: 'assign', assignees: { groups: ['sales'] } }),
      'then_actions.0.assignees.groups.0',
      'Not a group id',
    ],
    [
      'assignees not an object',
      act({ action_type: 'assignment', action_verb: 'assign', assignees: [1] }),
      'then_actions.0.assignees',
      'must be an object',
    ],
    [
      'emit_webhook without a URL',
      act({ action_type: 'webhook', action_verb: 'emit_webhook', alias_name: 'x' }),
      'then_actions.0.webhook_url',
      'required',
    ],
    [
      'a webhook URL without alias',
      act({ action_type: 'webhook', action_verb: 'emit_webhook', webhook_url: 'https://a.example.com' }),
      'then_actions.0.alias_name',
      'required when webhook_url',
    ],
    [
      'a webhook to localhost',
      act({
        action_type: 'webhook',
        action_verb: 'emit_webhook',
        webhook_url: 'http://localhost:5432/',
        alias_name: 'x',
      }),
      'then_actions.0.webhook_url',
      'localhost',
    ],
    [
      'a webhook to a private address',
      act({
        action_type: 'webhook',
        action_verb: 'emit_webhook',
        webhook_url: 'http://10.0.0.8/',
        alias_name: 'x',
      }),
      'then_actions.0.webhook_url',
      'private',
    ],
    [
      'a webhook that is not a URL',
      act({ action_type: 'webhook', action_verb: 'emit_webhook', webhook_url: 'ftp://x', alias_name: 'x' }),
      'then_actions.0.webhook_url',
      'http or https',
    ],
  ])('refuses %s', (_title, action, path, fragment) => {
    expectError(rule(undefined, [action]), path, fragment);
  });

  it('marks refused webhook URLs so the caller can answer WEBHOOK_URL_NOT_ALLOWED', () => {
    const result = check(
      rule(undefined, [
        {
          action_type: 'webhook',
          action_verb: 'emit_webhook',
          webhook_url: 'http://127.0.0.1/',
          alias_name: 'x',
        },
      ]),
    );
    expect(result.webhookPaths).toEqual(['then_actions.0.webhook_url']);
  });

  it('lets private webhook URLs through when the policy allows them', () => {
    const result = validateRule(
      rule(undefined, [
        {
          action_type: 'webhook',
          action_verb: 'emit_webhook',
          webhook_url: 'http://127.0.0.1/',
          alias_name: 'x',
        },
      ]),
      scope,
      { ...options, urlPolicy: { webhooks: { allowPrivate: true } } },
    );
    expect(result.errors).toEqual({});
  });

  it.each([
    ['visibility', [show(), show('step-b', { action_verb: 'hide' })], 'visibility'],
    [
      'deadline',
      [0, 1].map(() => ({
        action_type: 'deadline',
        action_verb: 'deadline',
        target_step_id: 'step-c',
        deadline: { value: 1, unit: 'days', option: 'from' },
      })),
      'deadline',
    ],
  ])('refuses a second %s action on the same step', (_kind, actions, what) => {
    expectError(
      rule(undefined, actions),
      'then_actions.1.target_step_id',
      `change the ${what} of a step only once`,
    );
  });
});

describe('validateRule: the rule itself', () => {
  it.each<[string, Body, string, string]>([
    ['no alias', { ...rule(), automated_alias: undefined }, 'automated_alias', 'required'],
    ['a blank alias', { ...rule(), automated_alias: '   ' }, 'automated_alias', 'required'],
    ['a long alias', { ...rule(), automated_alias: 'x'.repeat(301) }, 'automated_alias', 'greater than 300'],
    ['no conditions', { ...rule(), conditions: undefined }, 'conditions', 'at least one condition'],
    ['empty conditions', { ...rule(), conditions: [] }, 'conditions', 'at least one condition'],
    ['conditions not a list', { ...rule(), conditions: 'x' }, 'conditions', 'must be a list'],
    ['no actions', { ...rule(), then_actions: [] }, 'then_actions', 'at least one action'],
  ])('refuses %s', (_title, body, path, fragment) => {
    expectError(body, path, fragment);
  });

  it('reports every problem at once', () => {
    const result = check({
      automated_alias: '',
      conditions: [stepCondition({ operation: 'x' })],
      then_actions: [show('nowhere')],
    });
    expect(Object.keys(result.errors).sort()).toEqual([
      'automated_alias',
      'conditions.0.operation',
      'then_actions.0.target_step_id',
    ]);
  });
});

describe('findRuleLoop', () => {
  const steps = scope.steps;
  const cond = (stepId: string, operation: string, extra: Partial<RuleCondition> = {}): RuleCondition => ({
    id: `c-${stepId}-${operation}`,
    conditionableId: stepId,
    conditionableType: 'Step',
    operation,
    statement: 'any_time',
    logic: 'and',
    position: 1,
    columnContainsName: null,
    ...extra,
  });
  const action = (actionType: RuleAction['actionType'], actionVerb: string, target: string): RuleAction => ({
    id: `a-${actionVerb}-${target}`,
    actionType,
    actionVerb,
    targetStepId: target,
    deadline: null,
    assignees: null,
    actionableId: null,
    actionableType: null,
    webhookUrl: null,
    aliasName: null,
    position: 1,
  });
  const r = (id: string, conditions: RuleCondition[], actions: RuleAction[]) => ({
    id,
    alias: id,
    conditions,
    actions,
  });
  const reopen = (id: string, from: string, to: string) =>
    r(id, [cond(from, 'reopened')], [action('status', 'reopen', to)]);

  it('finds a reopen cycle of two rules and names both', () => {
    const one = reopen('R1', 'step-a', 'step-b');
    const two = reopen('R2', 'step-b', 'step-a');
    const loop = findRuleLoop(two, [one, two], steps);
    expect(loop).toMatchObject({ kind: 'reopen_cycle', ruleIds: ['R2', 'R1'] });
    expect(loop?.message).toContain('"R2" reopens "A" when "B" is reopened');
    expect(loop?.message).toContain('"R1" reopens "B" when "A" is reopened');
  });

  it('finds a cycle through three rules', () => {
    const rules = [
      reopen('R1', 'step-a', 'step-b'),
      reopen('R2', 'step-b', 'step-c'),
      reopen('R3', 'step-c', 'step-a'),
    ];
    expect(findRuleLoop(rules[2]!, rules, steps)?.ruleIds).toEqual(['R3', 'R1', 'R2']);
  });

  it.each([
    ['a chain that does not close', [reopen('R1', 'step-a', 'step-b'), reopen('R2', 'step-b', 'step-c')]],
    ['a rule reopening its own trigger step', [reopen('R1', 'step-a', 'step-a')]],
    [
      'completion-driven reopens (people close the loop, not rules)',
      [
        r('R1', [cond('step-a', 'completed')], [action('status', 'reopen', 'step-b')]),
        r('R2', [cond('step-b', 'completed')], [action('status', 'reopen', 'step-a')]),
      ],
    ],
    [
      'show and hide on different conditions',
      [
        r('R1', [cond('step-a', 'approved')], [action('visibility', 'show', 'step-c')]),
        r('R2', [cond('step-a', 'rejected')], [action('visibility', 'hide', 'step-c')]),
      ],
    ],
    [
      'two rules showing the same step',
      [
        r('R1', [cond('step-a', 'completed')], [action('visibility', 'show', 'step-c')]),
        r('R2', [cond('step-a', 'completed')], [action('visibility', 'show', 'step-c')]),
      ],
    ],
  ])('finds no loop in %s', (_title, rules) => {
    expect(findRuleLoop(rules[rules.length - 1]!, rules, steps)).toBeUndefined();
  });

  it('does not blame a rule for a loop among the others', () => {
    const rules = [
      reopen('R1', 'step-a', 'step-b'),
      reopen('R2', 'step-b', 'step-a'),
      reopen('R3', 'step-c', 'step-a'),
    ];
    expect(findRuleLoop(rules[2]!, rules, steps)).toBeUndefined();
  });

  it('finds a show/hide pair on the same conditions, in any order when all are joined alike', () => {
    const one = r(
      'R1',
      [cond('step-a', 'completed'), cond('step-b', 'completed', { position: 2 })],
      [action('visibility', 'show', 'step-c')],
    );
    const two = r(
      'R2',
      [cond('step-b', 'completed'), cond('step-a', 'completed', { position: 2 })],
      [action('visibility', 'hide', 'step-c')],
    );
    const loop = findRuleLoop(two, [one, two], steps);
    expect(loop).toMatchObject({ kind: 'visibility_toggle', ruleIds: ['R2', 'R1'] });
    expect(loop?.message).toContain('show and hide step "C"');
  });

  it('tells mixed and/or conditions apart by their order', () => {
    const conds = (first: string, second: string, third: string) => [
      cond(first, 'completed'),
      cond(second, 'completed', { position: 2, logic: 'or' }),
      cond(third, 'completed', { position: 3, logic: 'and' }),
    ];
    const one = r('R1', conds('step-a', 'step-b', 'step-c'), [action('visibility', 'show', 'step-c')]);
    const two = r('R2', conds('step-c', 'step-b', 'step-a'), [action('visibility', 'hide', 'step-c')]);
    expect(findRuleLoop(two, [one, two], steps)).toBeUndefined();
  });
});
