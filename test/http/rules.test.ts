import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, apiClient } from '../helpers/api.js';
import { createTestContext, type TestContext } from '../helpers/context.js';
import { addMember, createOrgWithAdmin, type TestMember, type TestOrg } from '../helpers/factories.js';
import { storedCounts, templatePaths } from '../helpers/template-api.js';
import { type CreatedTemplate, createTemplate } from '../helpers/templates.js';

const HEX = /^[0-9a-f]{32}$/;
const SPELLINGS = ['automated-actions', 'automated_actions'] as const;

let t: TestContext;
let org: TestOrg;
let other: TestOrg;
let api: Api;
let light: TestMember;
let standard: TestMember;
let groupId: string;
let otherGroupId: string;
let paths: ReturnType<typeof templatePaths>;

beforeAll(async () => {
  t = await createTestContext();
  org = await createOrgWithAdmin(t.ctx, 'Acme');
  other = await createOrgWithAdmin(t.ctx, 'Other');
  light = await addMember(t.ctx, org.orgId, 'light');
  standard = await addMember(t.ctx, org.orgId, 'standard');
  api = apiClient(t.app, org.admin.token);
  paths = templatePaths(org.orgId);
  groupId = (
    await api.post(`/organizations/${org.orgId}/groups`, { name: 'Reviewers', members: [standard.userId] })
  ).body.data.id;
  otherGroupId = (
    await apiClient(t.app, other.admin.token).post(`/organizations/${other.orgId}/groups`, { name: 'Theirs' })
  ).body.data.id;
});
afterAll(() => t.close());

type Name =
  | 'Draft'
  | 'Review'
  | 'Publish'
  | 'Archive'
  | 'Notes'
  | 'Items'
  | 'Sent on'
  | 'Urgency'
  | 'Due'
  | 'Approver';
type Ids = Record<Name, string>;

const rulesPath = (templateId: string, spelling: string = SPELLINGS[0]) =>
  `${paths.template(templateId)}/${spelling}`;

/** A template with kick-off fields and four steps; Draft has one form field of several types. */
async function newTemplate(): Promise<CreatedTemplate & { ids: Ids }> {
  const tpl = await createTemplate(api, org.orgId, {
    prerun: [
      {
        label: 'Urgency',
        field_type: 'dropdown',
        options: [
          { id: 1, text: 'Normal' },
          { id: 2, text: 'Urgent' },
        ],
      },
      { label: 'Due', field_type: 'date' },
      { label: 'Approver', field_type: 'assignees_form' },
    ],
    steps: [
      {
        title: 'Draft',
        captures: [
          { label: 'Notes', field_type: 'text' },
          {
            label: 'Items',
            field_type: 'table',
            columns: [
              { id: 1, label: 'Name' },
              { id: 2, label: 'Role' },
            ],
          },
          { label: 'Sent on', field_type: 'date' },
        ],
      },
      { title: 'Review', step_type: 'approval' },
      { title: 'Publish' },
      { title: 'Archive' },
    ],
  });
  const found: Record<string, string> = {};
  for (const s of tpl.steps) {
    found[s.title] = s.id;
    for (const f of s.captures) found[f.label] = f.id;
  }
  for (const f of tpl.prerun) found[f.label] = f.id;
  return { ...tpl, ids: found as Ids };
}

const stepCond = (stepId: string, operation = 'completed', extra: Record<string, unknown> = {}) => ({
  conditionable_id: stepId,
  conditionable_type: 'Step',
  operation,
  statement: 'any_time',
  logic: 'and',
  ...extra,
});
const act = (action_type: string, action_verb: string, target_step_id: string, extra = {}) => ({
  action_type,
  action_verb,
  target_step_id,
  ...extra,
});
const showAfter = (ids: Pick<Ids, 'Draft' | 'Review'>, alias = 'Show Review after Draft') => ({
  automated_alias: alias,
  conditions: [stepCond(ids.Draft)],
  then_actions: [act('visibility', 'show', ids.Review)],
});

async function getTemplate(id: string, query = '') {
  const res = await api.get(`${paths.template(id)}${query}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.data;
}

/** What must not move when a change is refused: the representation, the rows and the versions. */
async function snapshot(id: string) {
  const data = await getTemplate(id);
  return { version: data.version, rules: data.automated_actions, counts: await storedCounts(t, id) };
}

describe('POST …/checklists/:id/automated-actions', () => {
  it.each(SPELLINGS)(
    'creates a rule through %s, answers 201 with ids, and adds a version',
    async (spelling) => {
      const tpl = await newTemplate();
      const before = await getTemplate(tpl.id);
      const res = await api.post(rulesPath(tpl.id, spelling), showAfter(tpl.ids));
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      const rule = res.body.data;
      expect(rule).toMatchObject({
        id: expect.stringMatching(HEX),
        automated_alias: 'Show Review after Draft',
        conditions: [
          {
            id: expect.stringMatching(HEX),
            conditionable_id: tpl.ids.Draft,
            conditionable_type: 'Step',
            operation: 'completed',
            statement: 'any_time',
            logic: 'and',
            position: 1,
            column_contains_name: null,
          },
        ],
        then_actions: [
          {
            id: expect.stringMatching(HEX),
            action_type: 'visibility',
            action_verb: 'show',
            target_step_id: tpl.ids.Review,
            position: 1,
          },
        ],
        created_at: t.clock.now().toISOString(),
        last_updated: t.clock.now().toISOString(),
        archived_at: null,
      });
      const after = await getTemplate(tpl.id);
      expect(after.version).toBe(before.version + 1);
      expect(after.automated_actions).toEqual([rule]);
      expect((await storedCounts(t, tpl.id)).rules).toBe(1);
    },
  );

  it('stores a rule with every kind of action and condition as sent, and shows it inline', async () => {
    const tpl = await newTemplate();
    const { ids } = tpl;
    const body = {
      automated_alias: 'Urgent handling',
      conditions: [
        {
          conditionable_id: ids.Urgency,
          conditionable_type: 'Prerun',
          operation: 'equals',
          statement: 'Urgent',
          logic: 'and',
        },
        {
          conditionable_id: ids.Items,
          conditionable_type: 'Capture',
          operation: 'contains',
          statement: 'Legal',
          logic: 'or',
          column_contains_name: 'Role',
        },
        {
          conditionable_id: ids.Urgency,
          conditionable_type: 'Prerun',
          operation: 'greater_than',
          statement: '1',
          logic: 'and',
        },
      ],
      then_actions: [
        act('deadline', 'deadline', ids.Publish, {
          deadline: { value: 1, unit: 'days', option: 'before' },
          actionable_id: ids.Due,
        }),
        act('assignment', 'assign', ids.Review, {
          assignees: { users: [standard.userId], guests: ['Lawyer@Example.com'], groups: [groupId] },
        }),
        act('assignment', 'assign_only', ids.Publish, {
          actionable_id: ids.Approver,
          actionable_type: 'Prerun',
        }),
        act('status', 'reopen', ids.Draft),
        act('webhook', 'emit_webhook', ids.Review, {
          webhook_url: 'https://hooks.example.com/urgent',
          alias_name: 'Urgent',
        }),
        act('visibility', 'hide', ids.Archive),
      ],
    };
    const res = await api.post(rulesPath(tpl.id), body);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.data.conditions[1]).toMatchObject({ column_contains_name: 'Role', logic: 'or' });
    expect(res.body.data.then_actions).toMatchObject([
      {
        deadline: { value: 1, unit: 'days', option: 'before' },
        actionable_id: ids.Due,
        actionable_type: 'Prerun',
      },
      { assignees: { users: [standard.userId], guests: ['lawyer@example.com'], groups: [groupId] } },
      { actionable_id: ids.Approver, actionable_type: 'Prerun', assignees: null },
      { action_type: 'status', action_verb: 'reopen', target_step_id: ids.Draft },
      { webhook_url: 'https://hooks.example.com/urgent', alias_name: 'Urgent' },
      { action_type: 'visibility', action_verb: 'hide', position: 6 },
    ]);
    const inline = (await getTemplate(tpl.id)).automated_actions;
    expect(inline).toEqual([res.body.data]);
  });

  it('records the change as template activity', async () => {
    const tpl = await newTemplate();
    const res = await api.post(rulesPath(tpl.id), showAfter(tpl.ids));
    const rows = await t.db.kysely
      .selectFrom('activities')
      .selectAll()
      .where('object_id', '=', tpl.id)
      .where('field', '=', 'automated_actions')
      .execute();
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows[0]?.new_value)).toContain(res.body.data.id);
  });
});

describe('PUT …/checklists/:id/automated-actions/:rule', () => {
  it.each(SPELLINGS)(
    'replaces a rule through %s, keeping ids sent back, as a new version',
    async (spelling) => {
      const tpl = await newTemplate();
      const created = (await api.post(rulesPath(tpl.id), showAfter(tpl.ids))).body.data;
      const v1 = (await getTemplate(tpl.id)).version;
      t.clock.advance(60_000);
      const body = {
        automated_alias: 'Show Review and Publish',
        conditions: [{ ...created.conditions[0], statement: 'on-time' }],
        then_actions: [created.then_actions[0], act('visibility', 'show', tpl.ids.Publish)],
      };
      const res = await api.put(`${rulesPath(tpl.id, spelling)}/${created.id}`, body);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body.data).toMatchObject({
        id: created.id,
        automated_alias: 'Show Review and Publish',
        conditions: [{ id: created.conditions[0].id, statement: 'on-time' }],
        then_actions: [
          { id: created.then_actions[0].id },
          { id: expect.stringMatching(HEX), target_step_id: tpl.ids.Publish },
        ],
        created_at: created.created_at,
        last_updated: t.clock.now().toISOString(),
      });
      expect(res.body.data.then_actions[1].id).not.toBe(created.then_actions[0].id);
      const current = await getTemplate(tpl.id);
      expect(current.version).toBe(v1 + 1);
      expect(current.automated_actions).toEqual([res.body.data]);
      const old = await getTemplate(tpl.id, `?version=${v1}`);
      expect(old.version).toBe(v1);
      expect(old.automated_actions).toEqual([created]);
    },
  );

  it('answers 404 RULE_NOT_FOUND for a rule of another template, changing nothing', async () => {
    const a = await newTemplate();
    const b = await newTemplate();
    const rule = (await api.post(rulesPath(a.id), showAfter(a.ids))).body.data;
    const before = await snapshot(b.id);
    const res = await api.put(`${rulesPath(b.id)}/${rule.id}`, showAfter(b.ids));
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('RULE_NOT_FOUND');
    expect(await snapshot(b.id)).toEqual(before);
  });

  it('refuses an invalid replacement with 422 and keeps the rule as it was', async () => {
    const tpl = await newTemplate();
    const created = (await api.post(rulesPath(tpl.id), showAfter(tpl.ids))).body.data;
    const before = await snapshot(tpl.id);
    const res = await api.put(`${rulesPath(tpl.id)}/${created.id}`, {
      ...showAfter(tpl.ids),
      then_actions: [act('visibility', 'reopen', tpl.ids.Review)],
    });
    expect(res.status).toBe(422);
    expect(res.body.errors['then_actions.0.action_verb']).toEqual([
      'The action verb only accepts show, hide.',
    ]);
    expect(await snapshot(tpl.id)).toEqual(before);
  });
});

describe('DELETE …/checklists/:id/automated-actions/:rule', () => {
  it.each(SPELLINGS)(
    'deletes a rule through %s with 204; the older version still shows it',
    async (spelling) => {
      const tpl = await newTemplate();
      const keep = (await api.post(rulesPath(tpl.id), showAfter(tpl.ids, 'Keep'))).body.data;
      const gone = (await api.post(rulesPath(tpl.id), showAfter(tpl.ids, 'Gone'))).body.data;
      const v = (await getTemplate(tpl.id)).version;
      const res = await api.delete(`${rulesPath(tpl.id, spelling)}/${gone.id}`);
      expect(res.status).toBe(204);
      expect(res.body).toBeUndefined();
      const current = await getTemplate(tpl.id);
      expect(current.version).toBe(v + 1);
      expect(current.automated_actions.map((r: { id: string }) => r.id)).toEqual([keep.id]);
      expect(
        (await getTemplate(tpl.id, `?version=${v}`)).automated_actions.map((r: { id: string }) => r.id),
      ).toEqual([keep.id, gone.id]);
      const again = await api.delete(`${rulesPath(tpl.id, spelling)}/${gone.id}`);
      expect(again.status).toBe(404);
      expect(again.body.code).toBe('RULE_NOT_FOUND');
      expect((await storedCounts(t, tpl.id)).rules).toBe(1);
    },
  );
});

describe('refusals: 422 with the field path, nothing stored', () => {
  type Case = [string, (ids: Ids) => Record<string, unknown>, string, string, string?];
  const base = (ids: Ids, patch: Record<string, unknown>) => ({
    ...showAfter(ids),
    ...patch,
  });
  const withCondition = (condition: Record<string, unknown>) => (ids: Ids) =>
    base(ids, { conditions: [condition] });
  const withAction = (action: (ids: Ids) => Record<string, unknown>) => (ids: Ids) =>
    base(ids, { then_actions: [action(ids)] });

  const cases: Case[] = [
    ['a missing alias', (ids) => base(ids, { automated_alias: '' }), 'automated_alias', 'required'],
    [
      'a condition on a step not in the template',
      withCondition(stepCond('f'.repeat(32))),
      'conditions.0.conditionable_id',
      'not a step, form field or kick-off field',
    ],
    [
      'a step id typed Capture',
      (ids) => withCondition(stepCond(ids.Draft, 'contains', { conditionable_type: 'Capture' }))(ids),
      'conditions.0.conditionable_type',
      'must be Step',
    ],
    [
      'a kick-off field typed Capture',
      (ids) =>
        withCondition({
          conditionable_id: ids.Due,
          conditionable_type: 'Capture',
          operation: 'is_empty',
          statement: null,
          logic: 'and',
        })(ids),
      'conditions.0.conditionable_type',
      'must be Prerun',
    ],
    [
      'greater_than on a date field',
      (ids) =>
        withCondition({
          conditionable_id: ids['Sent on'],
          conditionable_type: 'Capture',
          operation: 'greater_than',
          statement: '3',
          logic: 'and',
        })(ids),
      'conditions.0.operation',
      'does not fit a date field',
    ],
    [
      'equals on an assignee picker',
      (ids) =>
        withCondition({
          conditionable_id: ids.Approver,
          conditionable_type: 'Prerun',
          operation: 'equals',
          statement: 'x',
          logic: 'and',
        })(ids),
      'conditions.0.operation',
      'does not fit a assignees_form field',
    ],
    [
      'a step operation on a form field',
      (ids) =>
        withCondition({
          conditionable_id: ids.Notes,
          conditionable_type: 'Capture',
          operation: 'completed',
          statement: null,
          logic: 'and',
        })(ids),
      'conditions.0.operation',
      'form field condition',
    ],
    [
      'a column that is not in the table',
      (ids) =>
        withCondition({
          conditionable_id: ids.Items,
          conditionable_type: 'Capture',
          operation: 'contains',
          statement: 'x',
          logic: 'and',
          column_contains_name: 'Salary',
        })(ids),
      'conditions.0.column_contains_name',
      'no column named',
    ],
    [
      'an unknown time clause',
      (ids) => withCondition(stepCond(ids.Draft, 'completed', { statement: 'whenever' }))(ids),
      'conditions.0.statement',
      'time clause',
    ],
    [
      'a condition without the statement key',
      (ids) =>
        withCondition({
          conditionable_id: ids.Draft,
          conditionable_type: 'Step',
          operation: 'completed',
          logic: 'and',
        })(ids),
      'conditions.0.statement',
      'must be present',
    ],
    [
      'a type/verb pair outside the table',
      withAction((ids) => act('status', 'hide', ids.Review)),
      'then_actions.0.action_verb',
      'The action verb only accepts reopen.',
    ],
    [
      'a target that is not a step',
      withAction((ids) => act('visibility', 'show', ids.Notes)),
      'then_actions.0.target_step_id',
      'must be a step',
    ],
    [
      'a deadline action without its deadline',
      withAction((ids) => act('deadline', 'deadline', ids.Review)),
      'then_actions.0.deadline',
      'required',
    ],
    [
      'an assignment without assignees',
      withAction((ids) => act('assignment', 'assign', ids.Review)),
      'then_actions.0.assignees',
      'at least one',
    ],
    [
      'an assignment from a non-picker field',
      withAction((ids) => act('assignment', 'assign', ids.Review, { actionable_id: ids.Notes })),
      'then_actions.0.actionable_id',
      'assignee-picker',
    ],
    [
      'emit_webhook without a URL',
      withAction((ids) => act('webhook', 'emit_webhook', ids.Review, { alias_name: 'x' })),
      'then_actions.0.webhook_url',
      'required',
    ],
    [
      'a webhook URL without alias',
      withAction((ids) =>
        act('webhook', 'emit_webhook', ids.Review, { webhook_url: 'https://h.example.com' }),
      ),
      'then_actions.0.alias_name',
      'required',
    ],
    [
      'a member of another organization',
      withAction((ids) =>
        act('assignment', 'assign', ids.Review, { assignees: { users: [other.admin.userId] } }),
      ),
      'then_actions.0.assignees.users.0',
      'Not a member of this organization.',
    ],
    [
      'a group of another organization',
      withAction((ids) => act('assignment', 'assign', ids.Review, { assignees: { groups: [otherGroupId] } })),
      'then_actions.0.assignees.groups.0',
      'Not a group of this organization.',
    ],
    [
      'two visibility actions on one step',
      (ids) =>
        base(ids, {
          then_actions: [act('visibility', 'show', ids.Review), act('visibility', 'hide', ids.Review)],
        }),
      'then_actions.1.target_step_id',
      'only once',
    ],
    [
      'a webhook to a private address',
      withAction((ids) =>
        act('webhook', 'emit_webhook', ids.Review, {
          webhook_url: 'http://169.254.169.254/latest',
          alias_name: 'x',
        }),
      ),
      'then_actions.0.webhook_url',
      'private',
      'WEBHOOK_URL_NOT_ALLOWED',
    ],
  ];

  it.each(cases)('refuses %s', async (_title, body, path, fragment, code = 'VALIDATION_FAILED') => {
    const tpl = await newTemplate();
    const before = await snapshot(tpl.id);
    const res = await api.post(rulesPath(tpl.id), body(tpl.ids));
    expect(res.status, JSON.stringify(res.body)).toBe(422);
    expect(res.body.code).toBe(code);
    expect(res.body.errors[path]?.join(' ')).toContain(fragment);
    expect(await snapshot(tpl.id)).toEqual(before);
  });

  it('refuses a malformed list through the schema with its path', async () => {
    const tpl = await newTemplate();
    const res = await api.post(rulesPath(tpl.id, 'automated_actions'), {
      ...showAfter(tpl.ids),
      conditions: ['x'],
    });
    expect(res.status).toBe(422);
    expect(Object.keys(res.body.errors)).toContain('conditions.0');
    expect((await storedCounts(t, tpl.id)).rules).toBe(0);
  });
});

describe('rule loops detectable at save time', () => {
  const reopenRule = (alias: string, from: string, to: string) => ({
    automated_alias: alias,
    conditions: [stepCond(from, 'reopened')],
    then_actions: [act('status', 'reopen', to)],
  });

  it('answers 422 RULE_LOOP for a reopen cycle across rules, naming them, and stores nothing', async () => {
    const tpl = await newTemplate();
    const first = await api.post(rulesPath(tpl.id), reopenRule('Redo review', tpl.ids.Draft, tpl.ids.Review));
    expect(first.status).toBe(201);
    const before = await snapshot(tpl.id);
    const res = await api.post(rulesPath(tpl.id), reopenRule('Redo draft', tpl.ids.Review, tpl.ids.Draft));
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('RULE_LOOP');
    expect(res.body.message).toContain('"Redo draft" reopens "Draft" when "Review" is reopened');
    expect(res.body.message).toContain('"Redo review" reopens "Review" when "Draft" is reopened');
    expect(res.body.rules).toHaveLength(2);
    expect(await snapshot(tpl.id)).toEqual(before);
  });

  it('answers 422 RULE_LOOP when an update closes the cycle', async () => {
    const tpl = await newTemplate();
    const { Draft, Review, Publish } = tpl.ids;
    await api.post(rulesPath(tpl.id), reopenRule('One', Draft, Review));
    const two = (await api.post(rulesPath(tpl.id), reopenRule('Two', Review, Publish))).body.data;
    const res = await api.put(`${rulesPath(tpl.id)}/${two.id}`, reopenRule('Two', Review, Draft));
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('RULE_LOOP');
    expect((await getTemplate(tpl.id)).automated_actions[1].then_actions[0].target_step_id).toBe(Publish);
  });

  it('answers 422 RULE_LOOP for a show/hide pair on the same condition', async () => {
    const tpl = await newTemplate();
    await api.post(rulesPath(tpl.id), showAfter(tpl.ids, 'Show'));
    const res = await api.post(rulesPath(tpl.id), {
      automated_alias: 'Hide',
      conditions: [stepCond(tpl.ids.Draft)],
      then_actions: [act('visibility', 'hide', tpl.ids.Review)],
    });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('RULE_LOOP');
    expect(res.body.message).toContain('show and hide step "Review"');
  });

  it('accepts an approval loop: rejection reopens the draft, approval shows the next step', async () => {
    const tpl = await newTemplate();
    const { Draft, Review, Publish } = tpl.ids;
    for (const body of [
      {
        automated_alias: 'Rejected',
        conditions: [stepCond(Review, 'rejected')],
        then_actions: [act('status', 'reopen', Draft)],
      },
      {
        automated_alias: 'Approved',
        conditions: [stepCond(Review, 'approved')],
        then_actions: [act('visibility', 'show', Publish)],
      },
      {
        automated_alias: 'Reworked',
        conditions: [stepCond(Draft, 'completed')],
        then_actions: [act('status', 'reopen', Review)],
      },
    ]) {
      const res = await api.post(rulesPath(tpl.id), body);
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    }
  });
});

describe('steps and fields that rules use', () => {
  it('refuses to delete a step or a form field a rule made here uses, until the rule is gone', async () => {
    const tpl = await newTemplate();
    const { ids } = tpl;
    const rule = (
      await api.post(rulesPath(tpl.id), {
        automated_alias: 'Uses them',
        conditions: [
          {
            conditionable_id: ids.Notes,
            conditionable_type: 'Capture',
            operation: 'contains',
            statement: 'x',
            logic: 'and',
          },
        ],
        then_actions: [act('assignment', 'assign', ids.Publish, { actionable_id: ids.Approver })],
      })
    ).body.data;
    const step = await api.delete(paths.step(tpl.id, ids.Publish));
    expect(step.status).toBe(422);
    expect(step.body.code).toBe('STEP_HAS_DEPENDENTS');
    const field = await api.delete(paths.capture(tpl.id, ids.Draft, ids.Notes));
    expect(field.body.code).toBe('FORM_FIELD_IN_USE');
    const kickoff = await api.delete(`${paths.template(tpl.id)}/preruns/${ids.Approver}`);
    expect(kickoff.body.code).toBe('FORM_FIELD_IN_USE');
    expect((await storedCounts(t, tpl.id)).steps).toBe(4);

    expect((await api.delete(`${rulesPath(tpl.id)}/${rule.id}`)).status).toBe(204);
    expect((await api.delete(paths.step(tpl.id, ids.Publish))).status).toBe(200);
    expect((await api.delete(`${paths.template(tpl.id)}/preruns/${ids.Approver}`)).status).toBe(204);
  });
});

describe('clone, export and import carry full rules', () => {
  async function ruledTemplate() {
    const tpl = await newTemplate();
    const { ids } = tpl;
    const res = await api.post(rulesPath(tpl.id), {
      automated_alias: 'Everything',
      conditions: [
        {
          conditionable_id: ids.Urgency,
          conditionable_type: 'Prerun',
          operation: 'equals',
          statement: 'Urgent',
          logic: 'and',
        },
        {
          conditionable_id: ids.Items,
          conditionable_type: 'Capture',
          operation: 'contains',
          statement: 'Legal',
          logic: 'or',
          column_contains_name: 'Role',
        },
      ],
      then_actions: [
        act('deadline', 'deadline', ids.Publish, {
          deadline: { value: 2, unit: 'hours', option: 'from' },
          actionable_id: ids.Review,
        }),
        act('assignment', 'assign', ids.Review, {
          assignees: { users: [standard.userId], guests: ['a@example.com'], groups: [groupId] },
          actionable_id: ids.Approver,
        }),
        act('webhook', 'emit_webhook', ids.Publish, {
          webhook_url: 'https://hooks.example.com/x',
          alias_name: 'Hook',
        }),
      ],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return tpl;
  }

  /** The copy's rule must match the source's, with every reference moved to the copy's ids. */
  function expectCopied(copy: any, source: CreatedTemplate & { ids: Ids }) {
    const step = (title: string) => copy.steps.data.find((s: any) => s.title === title);
    const kickoff = (label: string) => copy.prerun.find((f: any) => f.label === label);
    const [rule] = copy.automated_actions;
    expect(rule.id).toMatch(HEX);
    expect(rule.conditions).toMatchObject([
      {
        conditionable_id: kickoff('Urgency').id,
        conditionable_type: 'Prerun',
        operation: 'equals',
        statement: 'Urgent',
      },
      {
        conditionable_id: step('Draft').captures.find((f: any) => f.label === 'Items').id,
        column_contains_name: 'Role',
        logic: 'or',
      },
    ]);
    expect(rule.then_actions).toMatchObject([
      {
        target_step_id: step('Publish').id,
        deadline: { value: 2, unit: 'hours', option: 'from' },
        actionable_id: step('Review').id,
        actionable_type: 'Step',
      },
      {
        target_step_id: step('Review').id,
        assignees: { users: [standard.userId], guests: ['a@example.com'], groups: [groupId] },
        actionable_id: kickoff('Approver').id,
      },
      { target_step_id: step('Publish').id, webhook_url: 'https://hooks.example.com/x', alias_name: 'Hook' },
    ]);
    expect(JSON.stringify(rule)).not.toContain(source.ids.Publish);
  }

  it('clones a template with its rules pointing at the copies', async () => {
    const tpl = await ruledTemplate();
    const res = await api.post(`${paths.template(tpl.id)}/clone`, { title: 'Copy' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expectCopied(res.body.data, tpl);
  });

  it('exports and imports a template with its rules', async () => {
    const tpl = await ruledTemplate();
    const exported = await api.get(`${paths.template(tpl.id)}/export`);
    expect(exported.status).toBe(200);
    const res = await api.post(`${paths.base}/import`, exported.body);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expectCopied(res.body.data, tpl);
  });
});

describe('tenancy and permissions', () => {
  it("answers 404 for another organization's template on every route and spelling", async () => {
    const theirs = await createTemplate(apiClient(t.app, other.admin.token), other.orgId, {
      steps: [{ title: 'X' }],
    });
    for (const spelling of SPELLINGS) {
      const base = `/organizations/${org.orgId}/checklists/${theirs.id}/${spelling}`;
      const created = await api.post(
        base,
        showAfter({ Draft: theirs.steps[0]!.id, Review: theirs.steps[0]!.id }),
      );
      expect(created.status).toBe(404);
      expect(created.body.code).toBe('TEMPLATE_NOT_FOUND');
      expect((await api.put(`${base}/${'a'.repeat(32)}`, {})).status).toBe(404);
      expect((await api.delete(`${base}/${'a'.repeat(32)}`)).status).toBe(404);
    }
    expect((await storedCounts(t, theirs.id)).rules).toBe(0);
  });

  it('answers 404 when the template is archived', async () => {
    const tpl = await newTemplate();
    expect((await api.delete(paths.template(tpl.id))).status).toBeLessThan(300);
    const res = await api.post(rulesPath(tpl.id), showAfter(tpl.ids));
    expect(res.status).toBe(404);
  });

  it('answers 403 to a light member and lets a standard member edit rules', async () => {
    const tpl = await newTemplate();
    const rule = (await api.post(rulesPath(tpl.id), showAfter(tpl.ids))).body.data;
    const before = await snapshot(tpl.id);
    const asLight = apiClient(t.app, light.token);
    for (const res of [
      await asLight.post(rulesPath(tpl.id), showAfter(tpl.ids)),
      await asLight.put(`${rulesPath(tpl.id)}/${rule.id}`, showAfter(tpl.ids)),
      await asLight.delete(`${rulesPath(tpl.id, 'automated_actions')}/${rule.id}`),
    ]) {
      expect(res.status).toBe(403);
    }
    expect(await snapshot(tpl.id)).toEqual(before);
    const asStandard = apiClient(t.app, standard.token);
    expect(
      (await asStandard.put(`${rulesPath(tpl.id)}/${rule.id}`, showAfter(tpl.ids, 'Renamed'))).status,
    ).toBe(200);
  });
});
