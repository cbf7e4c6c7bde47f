/**
 * Rules arriving inside a template document (create, checklists-with-steps, import) pass the
 * same validation as `POST …/automated-actions`: a bad rule is refused with its document path
 * and nothing is stored.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, apiClient } from '../helpers/api.js';
import { createTestContext, type TestContext } from '../helpers/context.js';
import { createOrgWithAdmin, type TestOrg } from '../helpers/factories.js';
import { act, on, rule } from '../helpers/rules.js';
import { countTemplates } from '../helpers/template-api.js';

let t: TestContext;
let org: TestOrg;
let other: TestOrg;
let api: Api;

beforeAll(async () => {
  t = await createTestContext();
  org = await createOrgWithAdmin(t.ctx);
  other = await createOrgWithAdmin(t.ctx);
  api = apiClient(t.app, org.admin.token);
});
afterAll(() => t.close());

const document = (rules: unknown[]) => ({
  title: 'Ruled',
  prerun: [{ id: 'when', label: 'When', field_type: 'date' }],
  steps: [
    { id: 'a', title: 'A', captures: [{ id: 'note', label: 'Note', field_type: 'text' }] },
    { id: 'b', title: 'B' },
  ],
  automated_actions: rules,
});

const cases: Array<[string, unknown, string]> = [
  [
    'an action type and verb outside the allowed table',
    rule('Bad verb', [on('a', 'Step', 'completed')], [act('visibility', 'reopen', 'b')]),
    'automated_actions.0.then_actions.0.action_verb',
  ],
  [
    'a webhook without its alias_name',
    rule(
      'No alias',
      [on('a', 'Step', 'completed')],
      [act('webhook', 'emit_webhook', 'b', { webhook_url: 'https://hooks.example.com/x' })],
    ),
    'automated_actions.0.then_actions.0.alias_name',
  ],
  [
    'an operation that does not fit the field type',
    rule('Bad operation', [on('when', 'Prerun', 'greater_than', '3')], [act('visibility', 'show', 'b')]),
    'automated_actions.0.conditions.0.operation',
  ],
  [
    'a deadline action without its deadline object',
    rule('No deadline', [on('a', 'Step', 'completed')], [act('deadline', 'deadline', 'b')]),
    'automated_actions.0.then_actions.0.deadline',
  ],
  [
    'a condition on a step that is not in the document',
    rule('Nowhere', [on('zz', 'Step', 'completed')], [act('visibility', 'show', 'b')]),
    'automated_actions.0.conditions.0.conditionable_id',
  ],
  [
    'a condition whose type does not match what the id names',
    rule('Wrong type', [on('note', 'Step', 'completed')], [act('visibility', 'show', 'b')]),
    'automated_actions.0.conditions.0.conditionable_type',
  ],
];

describe('POST /checklists with automated_actions', () => {
  it.each(cases)('answers 422 with the path for %s and stores nothing', async (_name, body, path) => {
    const before = await countTemplates(t, org.orgId);
    const res = await api.post(`/organizations/${org.orgId}/checklists`, document([body]));
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(Object.keys(res.body.errors)).toContain(path);
    expect(await countTemplates(t, org.orgId)).toBe(before);
  });

  it('answers 422 for a rule assigning a member of another organization', async () => {
    const assign = act('assignment', 'assign', 'b', {
      assignees: { users: [other.admin.userId], guests: [], groups: [] },
    });
    const res = await api.post(
      `/organizations/${org.orgId}/checklists-with-steps`,
      document([rule('Stranger', [on('a', 'Step', 'completed')], [assign])]),
    );
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual({
      'automated_actions.0.then_actions.0.assignees.users.0': ['Not a member of this organization.'],
    });
  });

  it('answers 422 for document rules that reopen each other in a loop', async () => {
    const res = await api.post(
      `/organizations/${org.orgId}/checklists`,
      document([
        rule('A reopens B', [on('a', 'Step', 'reopened')], [act('status', 'reopen', 'b')]),
        rule('B reopens A', [on('b', 'Step', 'reopened')], [act('status', 'reopen', 'a')]),
      ]),
    );
    expect(res.status).toBe(422);
    expect(Object.keys(res.body.errors)).toEqual(['automated_actions.0']);
    expect(res.body.errors['automated_actions.0'][0]).toContain('in a loop');
  });

  it('stores a valid document rule with its references rewritten to the new ids', async () => {
    const res = await api.post(
      `/organizations/${org.orgId}/checklists?with=steps`,
      document([
        rule('Note shows B', [on('note', 'Capture', 'contains', 'go')], [act('visibility', 'show', 'b')]),
      ]),
    );
    expect(res.status).toBe(201);
    const [a, b] = res.body.data.steps.data;
    expect(res.body.data.automated_actions[0]).toMatchObject({
      automated_alias: 'Note shows B',
      conditions: [
        { conditionable_id: a.captures[0].id, conditionable_type: 'Capture', operation: 'contains' },
      ],
      then_actions: [{ action_type: 'visibility', action_verb: 'show', target_step_id: b.id }],
    });
  });
});

describe('POST /checklists/import', () => {
  it('answers 422 for an imported rule with a bad verb and stores nothing', async () => {
    const before = await countTemplates(t, org.orgId);
    const body = document([rule('Bad verb', [on('a', 'Step', 'completed')], [act('status', 'hide', 'b')])]);
    const res = await api.post(`/organizations/${org.orgId}/checklists/import`, body);
    expect(res.status).toBe(422);
    expect(Object.keys(res.body.errors)).toContain('automated_actions.0.then_actions.0.action_verb');
    expect(await countTemplates(t, org.orgId)).toBe(before);
  });
});
