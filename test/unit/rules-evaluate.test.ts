import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultWorkingDays } from '../../src/domain/identity.js';
import { evaluateRules, rulesUseCalendar } from '../../src/domain/rules/evaluate.js';
import type { RuleContext, RuleTask, RuleTrigger } from '../../src/domain/rules/types.js';
import type {
  FieldDefinition,
  RuleAction,
  RuleCondition,
  RuleDefinition,
  StepDefinition,
} from '../../src/domain/templates/definition.js';

const NOW = new Date('2025-01-06T09:00:00.000Z'); // a Monday
const ORG = { timezone: 'UTC', workingDays: defaultWorkingDays() };

function step(id: string, position: number, fields: FieldDefinition[] = []): StepDefinition {
  return {
    id,
    alias: id,
    title: id,
    summary: null,
    stepType: 'task',
    position,
    deadline: null,
    startDate: null,
    assignees: [],
    guests: [],
    groups: [],
    assignRunStarter: true,
    canCompleteOnlyAssignees: false,
    everyoneMustComplete: false,
    allowGuestOwners: false,
    preventGuestComment: false,
    skipStartProcess: false,
    isSoftStartDate: false,
    topSecret: false,
    maxAssignable: 0,
    webhook: null,
    fields,
    settings: {},
  };
}

function dropdown(id: string, stepId: string | null): FieldDefinition {
  return {
    id,
    alias: id,
    stepId,
    label: id,
    fieldType: 'dropdown',
    guidance: null,
    required: false,
    position: 1,
    options: [
      { id: 1, text: 'Normal' },
      { id: 2, text: 'Urgent' },
    ],
    columns: [],
    defaultValue: null,
    defaultValueEnabled: false,
    settings: {},
  };
}

let seq = 0;
const stepCond = (stepId: string, operation: string, logic: 'and' | 'or' = 'and'): RuleCondition => ({
  id: `c${++seq}`,
  conditionableId: stepId,
  conditionableType: 'Step',
  operation,
  statement: 'any_time',
  logic,
  position: seq,
  columnContainsName: null,
});
const fieldCond = (
  fieldId: string,
  operation: string,
  statement: unknown,
  type: 'Capture' | 'Prerun' = 'Capture',
) => ({
  id: `c${++seq}`,
  conditionableId: fieldId,
  conditionableType: type,
  operation,
  statement,
  logic: 'and' as const,
  position: seq,
  columnContainsName: null,
});
const action = (
  actionType: RuleAction['actionType'],
  actionVerb: string,
  targetStepId: string,
  extra: Partial<RuleAction> = {},
): RuleAction => ({
  id: `a${++seq}`,
  actionType,
  actionVerb,
  targetStepId,
  deadline: null,
  assignees: null,
  actionableId: null,
  actionableType: null,
  webhookUrl: null,
  aliasName: null,
  position: seq,
  ...extra,
});
const rule = (conditions: RuleCondition[], actions: RuleAction[]): RuleDefinition => ({
  id: `r${++seq}`,
  alias: `rule ${seq}`,
  conditions,
  actions,
  createdAt: NOW.toISOString(),
  lastUpdated: NOW.toISOString(),
});

function taskFor(stepId: string, overrides: Partial<RuleTask> = {}): RuleTask {
  return {
    id: `task-${stepId}`,
    stepId,
    taskType: 'task',
    status: 'not-started',
    manualVisibility: null,
    owners: { users: [1], guests: [], groups: [] },
    deadline: '2025-01-10T17:00:00.000Z',
    completedAt: null,
    isApproved: null,
    reopenedAt: null,
    ...overrides,
  };
}

function context(
  steps: StepDefinition[],
  rules: RuleDefinition[],
  tasks: RuleTask[],
  trigger: RuleTrigger,
  values: Record<string, unknown> = {},
  kickoffFields: FieldDefinition[] = [],
): RuleContext {
  return { definition: { steps, rules, kickoffFields }, tasks, values, trigger, now: NOW, organization: ORG };
}

const done = { status: 'completed' as const, completedAt: '2025-01-06T09:00:00.000Z' };

describe('evaluateRules', () => {
  it('shows the next hidden step when the previous one completes (sequential workflow)', () => {
    const steps = [step('A', 1), step('B', 2), step('C', 3)];
    const rules = [
      rule([stepCond('A', 'completed')], [action('visibility', 'show', 'B')]),
      rule([stepCond('B', 'completed')], [action('visibility', 'show', 'C')]),
    ];
    const tasks = [
      taskFor('A', done),
      taskFor('B', { status: 'auto-skipped' }),
      taskFor('C', { status: 'auto-skipped' }),
    ];
    const result = evaluateRules(context(steps, rules, tasks, { kind: 'completed', taskId: 'task-A' }));
    expect([...result.changes.keys()]).toEqual(['task-B']);
    expect(result.changes.get('task-B')?.status).toEqual({ from: 'auto-skipped', to: 'not-started' });
    expect(result.executions).toHaveLength(1);
  });

  it('only runs rules that watch the step whose task changed', () => {
    const steps = [step('A', 1), step('B', 2), step('C', 3)];
    // B is already completed; completing A must not re-run the rule on B.
    const rules = [
      rule(
        [stepCond('B', 'completed')],
        [action('deadline', 'deadline', 'C', { deadline: { value: 1, unit: 'days', option: 'from' } })],
      ),
    ];
    const tasks = [taskFor('A', done), taskFor('B', done), taskFor('C')];
    const result = evaluateRules(context(steps, rules, tasks, { kind: 'completed', taskId: 'task-A' }));
    expect(result.changes.size).toBe(0);
  });

  it('needs the organization calendar only for rules that move a deadline', () => {
    const steps = [step('A', 1), step('B', 2)];
    const hide = rule([stepCond('A', 'completed')], [action('visibility', 'hide', 'B')]);
    const shift = rule(
      [stepCond('A', 'completed')],
      [action('deadline', 'deadline', 'B', { deadline: { value: 1, unit: 'days', option: 'from' } })],
    );
    expect(rulesUseCalendar({ rules: [hide] })).toBe(false);
    expect(rulesUseCalendar({ rules: [hide, shift] })).toBe(true);

    const tasks = [taskFor('A', done), taskFor('B')];
    const trigger = { kind: 'completed' as const, taskId: 'task-A' };
    const { organization: _calendar, ...withoutCalendar } = context(steps, [hide], tasks, trigger);
    expect(evaluateRules(withoutCalendar).changes.get('task-B')).toEqual({
      taskId: 'task-B',
      status: { from: 'not-started', to: 'auto-skipped' },
    });
    const shifting = { ...context(steps, [shift], tasks, trigger), organization: undefined };
    expect(() => evaluateRules(shifting)).toThrow('the evaluation needs the organization calendar');
  });

  it('runs an approval loop: reject reopens the draft, completing the draft reopens the approval', () => {
    const steps = [step('Draft', 1), step('Approve', 2), step('Publish', 3)];
    const rules = [
      rule([stepCond('Approve', 'rejected')], [action('status', 'reopen', 'Draft')]),
      rule([stepCond('Draft', 'completed')], [action('status', 'reopen', 'Approve')]),
      rule([stepCond('Approve', 'approved')], [action('visibility', 'show', 'Publish')]),
    ];
    const rejected = { ...done, taskType: 'approval' as const, isApproved: false };
    const tasks = [
      taskFor('Draft', done),
      taskFor('Approve', rejected),
      taskFor('Publish', { status: 'auto-skipped' }),
    ];
    const afterReject = evaluateRules(
      context(steps, rules, tasks, { kind: 'rejected', taskId: 'task-Approve' }),
    );
    expect([...afterReject.changes.keys()]).toEqual(['task-Draft']);
    expect(afterReject.changes.get('task-Draft')).toMatchObject({
      reopened: true,
      status: { from: 'completed', to: 'in-progress' },
    });

    // The draft is completed again: the approval reopens for a new decision, the draft stays done.
    const redone = afterReject.tasks.map((t) =>
      t.id === 'task-Draft' ? { ...t, ...done, reopenedAt: null } : t,
    );
    const afterRedo = evaluateRules(
      context(steps, rules, redone, { kind: 'completed', taskId: 'task-Draft' }),
    );
    expect([...afterRedo.changes.keys()]).toEqual(['task-Approve']);
    expect(afterRedo.loopDetected).toBe(false);

    const approved = afterRedo.tasks.map((t) =>
      t.id === 'task-Approve' ? { ...t, ...done, isApproved: true, reopenedAt: null } : t,
    );
    const afterApprove = evaluateRules(
      context(steps, rules, approved, { kind: 'approved', taskId: 'task-Approve' }),
    );
    expect(afterApprove.changes.get('task-Publish')?.status?.to).toBe('not-started');
  });

  it('never reopens the task that set the rule off, nor an open task', () => {
    const steps = [step('A', 1), step('B', 2)];
    const rules = [
      rule([stepCond('A', 'completed')], [action('status', 'reopen', 'A'), action('status', 'reopen', 'B')]),
    ];
    const result = evaluateRules(
      context(steps, rules, [taskFor('A', done), taskFor('B')], { kind: 'completed', taskId: 'task-A' }),
    );
    expect(result.changes.size).toBe(0);
  });

  it('hides two steps and assigns a group on a form answer', () => {
    const f = dropdown('kind', 'A');
    const steps = [step('A', 1, [f]), step('B', 2), step('C', 3), step('D', 4)];
    const rules = [
      rule(
        [fieldCond('kind', 'equals', 'Urgent')],
        [
          action('visibility', 'hide', 'B'),
          action('visibility', 'hide', 'C'),
          action('assignment', 'assign', 'D', { assignees: { users: [], guests: [], groups: ['g1'] } }),
        ],
      ),
    ];
    const tasks = [taskFor('A'), taskFor('B'), taskFor('C', { status: 'in-progress' }), taskFor('D')];
    const values = { kind: { id: 2, text: 'Urgent', value: null } };
    const result = evaluateRules(
      context(steps, rules, tasks, { kind: 'values_changed', fieldIds: ['kind'] }, values),
    );
    expect(result.changes.get('task-B')?.status).toEqual({ from: 'not-started', to: 'auto-skipped' });
    expect(result.changes.get('task-C')?.status).toEqual({ from: 'in-progress', to: 'auto-skipped' });
    expect(result.changes.get('task-D')?.owners?.to).toEqual({ users: [1], guests: [], groups: ['g1'] });
    // Unrelated value changes do not run the rule.
    const other = evaluateRules(
      context(steps, rules, tasks, { kind: 'values_changed', fieldIds: ['other'] }, values),
    );
    expect(other.changes.size).toBe(0);
  });

  it('a hidden task shown again returns to the status it had', () => {
    const f = dropdown('kind', 'A');
    const steps = [step('A', 1, [f]), step('B', 2)];
    const rules = [rule([fieldCond('kind', 'equals', 'Normal')], [action('visibility', 'show', 'B')])];
    const tasks = [taskFor('A'), taskFor('B', { status: 'auto-skipped', statusBeforeHidden: 'in-progress' })];
    const result = evaluateRules(
      context(steps, rules, tasks, { kind: 'values_changed', fieldIds: ['kind'] }, { kind: 'Normal' }),
    );
    expect(result.changes.get('task-B')?.status).toEqual({ from: 'auto-skipped', to: 'in-progress' });
  });

  it('pulls a deadline in on an urgent choice, pushed to working time', () => {
    const f = dropdown('priority', null);
    const steps = [step('A', 1), step('B', 2)];
    // Due Monday 13th 17:00; three days before is Friday 10th 17:00.
    const rules = [
      rule(
        [fieldCond('priority', 'equals', 'Urgent', 'Prerun')],
        [action('deadline', 'deadline', 'B', { deadline: { value: 3, unit: 'days', option: 'before' } })],
      ),
    ];
    const tasks = [taskFor('A'), taskFor('B', { deadline: '2025-01-13T17:00:00.000Z' })];
    const result = evaluateRules(
      context(steps, rules, tasks, { kind: 'launch' }, { priority: { id: 2, text: 'Urgent' } }, [f]),
    );
    expect(result.changes.get('task-B')?.deadline).toEqual({
      from: '2025-01-13T17:00:00.000Z',
      to: '2025-01-10T17:00:00.000Z',
    });
    // Four days before lands on a Thursday; two days after Friday lands on Sunday → Monday.
    const weekend = [
      rule(
        [fieldCond('priority', 'equals', 'Urgent', 'Prerun')],
        [action('deadline', 'deadline', 'B', { deadline: { value: 2, unit: 'days', option: 'from' } })],
      ),
    ];
    const fri = [taskFor('A'), taskFor('B', { deadline: '2025-01-10T17:00:00.000Z' })];
    const pushed = evaluateRules(
      context(steps, weekend, fri, { kind: 'launch' }, { priority: 'Urgent' }, [f]),
    );
    expect(pushed.changes.get('task-B')?.deadline?.to).toBe('2025-01-13T00:00:00.000Z');
  });

  it('sets a deadline from another step or a date field', () => {
    const steps = [step('A', 1), step('B', 2)];
    const fromStep = [
      rule(
        [stepCond('A', 'completed')],
        [
          action('deadline', 'deadline', 'B', {
            deadline: { value: 1, unit: 'days', option: 'from' },
            actionableId: 'A',
            actionableType: 'Step',
          }),
        ],
      ),
    ];
    const tasks = [
      taskFor('A', { ...done, deadline: '2025-01-07T10:00:00.000Z' }),
      taskFor('B', { deadline: null }),
    ];
    expect(
      evaluateRules(context(steps, fromStep, tasks, { kind: 'completed', taskId: 'task-A' })).changes.get(
        'task-B',
      )?.deadline?.to,
    ).toBe('2025-01-08T10:00:00.000Z');
    const fromField = [
      rule(
        [stepCond('A', 'completed')],
        [
          action('deadline', 'deadline', 'B', {
            deadline: { value: 2, unit: 'hours', option: 'from' },
            actionableId: 'meeting',
            actionableType: 'Capture',
          }),
        ],
      ),
    ];
    const result = evaluateRules(
      context(
        steps,
        fromField,
        tasks,
        { kind: 'completed', taskId: 'task-A' },
        { meeting: '2025-01-08T09:00:00.000Z' },
      ),
    );
    expect(result.changes.get('task-B')?.deadline?.to).toBe('2025-01-08T11:00:00.000Z');
  });

  it('assigns from an assignee picker, falling back to the listed people when it is empty', () => {
    const steps = [step('A', 1), step('B', 2)];
    const rules = [
      rule(
        [stepCond('A', 'completed')],
        [
          action('assignment', 'assign_only', 'B', {
            actionableId: 'who',
            actionableType: 'Capture',
            assignees: { users: [9], guests: [], groups: [] },
          }),
        ],
      ),
    ];
    const tasks = [taskFor('A', done), taskFor('B')];
    const picked = evaluateRules(
      context(
        steps,
        rules,
        tasks,
        { kind: 'completed', taskId: 'task-A' },
        { who: { users: [5], guests: ['x@y.z'], groups: [] } },
      ),
    );
    expect(picked.changes.get('task-B')?.owners?.to).toEqual({ users: [5], guests: ['x@y.z'], groups: [] });
    const empty = evaluateRules(
      context(
        steps,
        rules,
        tasks,
        { kind: 'completed', taskId: 'task-A' },
        { who: { users: [], guests: [], groups: [] } },
      ),
    );
    expect(empty.changes.get('task-B')?.owners?.to).toEqual({ users: [9], guests: [], groups: [] });
  });

  it('unassigns and clears assignees; completed tasks keep theirs', () => {
    const steps = [step('A', 1), step('B', 2), step('C', 3)];
    const rules = [
      rule(
        [stepCond('A', 'completed')],
        [
          action('assignment', 'unassign', 'B', { assignees: { users: [1], guests: [], groups: [] } }),
          action('assignment', 'clear_assignees', 'C'),
        ],
      ),
    ];
    const tasks = [
      taskFor('A', done),
      taskFor('B', { owners: { users: [1, 2], guests: [], groups: [] } }),
      taskFor('C', done),
    ];
    const result = evaluateRules(context(steps, rules, tasks, { kind: 'completed', taskId: 'task-A' }));
    expect(result.changes.get('task-B')?.owners?.to.users).toEqual([2]);
    expect(result.changes.has('task-C')).toBe(false);
  });

  it('leaves tasks shown or hidden by a person alone', () => {
    const steps = [step('A', 1), step('B', 2)];
    const rules = [rule([stepCond('A', 'completed')], [action('visibility', 'show', 'B')])];
    const tasks = [taskFor('A', done), taskFor('B', { status: 'auto-skipped', manualVisibility: 'hide' })];
    expect(
      evaluateRules(context(steps, rules, tasks, { kind: 'completed', taskId: 'task-A' })).changes.size,
    ).toBe(0);
  });

  it('emits webhooks for emit_webhook actions', () => {
    const steps = [step('A', 1)];
    const rules = [
      rule(
        [stepCond('A', 'completed')],
        [
          action('webhook', 'emit_webhook', 'A', {
            webhookUrl: 'https://hooks.example.com/x',
            aliasName: 'done',
          }),
        ],
      ),
    ];
    const result = evaluateRules(
      context(steps, rules, [taskFor('A', done)], { kind: 'completed', taskId: 'task-A' }),
    );
    expect(result.webhooks).toEqual([
      { ruleId: rules[0]!.id, url: 'https://hooks.example.com/x', alias: 'done', targetTaskId: 'task-A' },
    ]);
  });

  it('stops a reopen loop at the round bound and reports it', () => {
    const steps = [step('A', 1), step('B', 2)];
    // Each reopen is an event that makes the other rule reopen again.
    const rules = [
      rule([stepCond('A', 'reopened')], [action('status', 'reopen', 'B')]),
      rule([stepCond('B', 'reopened')], [action('status', 'reopen', 'A')]),
    ];
    const tasks = [
      taskFor('A', { status: 'in-progress', reopenedAt: NOW.toISOString() }),
      taskFor('B', done),
    ];
    const ctx = context(steps, rules, tasks, { kind: 'reopened', taskId: 'task-A' });
    const result = evaluateRules({ ...ctx, maxRounds: 5 });
    expect(result.changes.get('task-B')?.reopened).toBe(true);
    // B reopened → rule 2 wants to reopen A, but A is open: nothing more to do, no loop.
    expect(result.loopDetected).toBe(false);
  });
});

describe('evaluateRules properties', () => {
  const stepIds = ['A', 'B', 'C', 'D'];
  const statusArb = fc.constantFrom(
    'not-started',
    'in-progress',
    'completed',
    'auto-skipped',
  ) as fc.Arbitrary<RuleTask['status']>;
  const opArb = fc.constantFrom('completed', 'reopened', 'approved', 'rejected', 'not_assigned');
  const actionArb = fc.record({
    type: fc.constantFrom(
      'show',
      'hide',
      'assign',
      'assign_only',
      'unassign',
      'clear_assignees',
      'reopen',
      'deadline',
    ),
    target: fc.constantFrom(...stepIds),
  });
  const ruleArb = fc.record({
    conds: fc.array(fc.record({ step: fc.constantFrom(...stepIds), op: opArb, or: fc.boolean() }), {
      minLength: 1,
      maxLength: 3,
    }),
    acts: fc.array(actionArb, { minLength: 1, maxLength: 3 }),
  });
  const scenarioArb = fc.record({
    statuses: fc.tuple(statusArb, statusArb, statusArb, statusArb),
    rules: fc.array(ruleArb, { maxLength: 6 }),
    trigger: fc.constantFrom(...stepIds),
  });

  type Scenario = typeof scenarioArb extends fc.Arbitrary<infer T> ? T : never;

  function build(s: Scenario): RuleContext {
    const steps = stepIds.map((id, i) => step(id, i + 1));
    const rules = s.rules.map((r) =>
      rule(
        r.conds.map((c) => stepCond(c.step, c.op, c.or ? 'or' : 'and')),
        r.acts.map((a) => {
          if (a.type === 'show' || a.type === 'hide') return action('visibility', a.type, a.target);
          if (a.type === 'reopen') return action('status', 'reopen', a.target);
          if (a.type === 'deadline')
            return action('deadline', 'deadline', a.target, {
              deadline: { value: 1, unit: 'days', option: 'from' },
            });
          return action('assignment', a.type, a.target, {
            assignees: { users: [7], guests: [], groups: [] },
          });
        }),
      ),
    );
    const tasks = stepIds.map((id, i) => {
      const status = s.statuses[i] as RuleTask['status'];
      return taskFor(id, { status, completedAt: status === 'completed' ? NOW.toISOString() : null });
    });
    return context(steps, rules, tasks, { kind: 'completed', taskId: `task-${s.trigger}` });
  }

  it('is deterministic', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const a = evaluateRules(build(s));
        const b = evaluateRules(build(s));
        expect([...a.changes.entries()]).toEqual([...b.changes.entries()]);
        expect(a.webhooks).toEqual(b.webhooks);
      }),
    );
  });

  it("never changes a completed task's visibility or owners, and always terminates", () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const ctx = build(s);
        const result = evaluateRules({ ...ctx, maxRounds: 50 });
        for (const [taskId, change] of result.changes) {
          const before = ctx.tasks.find((t) => t.id === taskId);
          if (before?.status !== 'completed') continue;
          // The only way a completed task changes at all is a reopen rule; once reopened it is
          // an open task again and later actions in the cascade may apply to it.
          if (!change.reopened) {
            expect(change.owners).toBeUndefined();
            expect(change.status).toBeUndefined();
          }
        }
      }),
    );
  });
});
