import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findTemplateDefinition } from '../../src/db/repositories/template-versions-repository.js';
import { createMember } from '../../src/services/identity/users.js';
import { type Api, apiClient } from '../helpers/api.js';
import { createTestContext, type TestContext } from '../helpers/context.js';
import { addMember, createOrgWithAdmin, type TestMember, type TestOrg } from '../helpers/factories.js';
import {
  countTemplates,
  createTemplateViaApi,
  storedCounts,
  templatePaths,
} from '../helpers/template-api.js';

let t: TestContext;
let org: TestOrg;
let api: Api;
let paths: ReturnType<typeof templatePaths>;
let standard: TestMember;

beforeAll(async () => {
  t = await createTestContext();
  org = await createOrgWithAdmin(t.ctx, 'Acme');
  standard = await addMember(t.ctx, org.orgId, 'standard');
  api = apiClient(t.app, org.admin.token);
  paths = templatePaths(org.orgId);
});
afterAll(() => t.close());

const HEX = /^[0-9a-f]{32}$/;
const VOLATILE = new Set(['created_at', 'last_updated', 'version', 'is_published_state']);

/**
 * A representation with ids replaced by their order of first appearance and timestamps left
 * out, so two templates with the same content compare equal whatever their ids.
 */
function normalize(value: unknown, ids = new Map<string, string>()): unknown {
  if (typeof value === 'string' && HEX.test(value)) {
    if (!ids.has(value)) ids.set(value, `#${ids.size}`);
    return ids.get(value);
  }
  if (Array.isArray(value)) return value.map((v) => normalize(v, ids));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (!VOLATILE.has(k)) out[k] = normalize(v, ids);
    return out;
  }
  return value;
}

/** Builds the "done when" template through the API alone: kick-off form, five mixed steps. */
async function buildFullTemplate() {
  const tpl = await createTemplateViaApi(api, org.orgId, {
    title: 'Vendor onboarding',
    type: 'procedure',
    summary: 'Bring a vendor on board',
    kickoff_title: 'About the vendor',
    prerun: [
      { label: 'Vendor name', field_type: 'text', required: true },
      {
        label: 'Tier',
        field_type: 'dropdown',
        required: true,
        options: [{ text: 'Gold' }, { text: 'Silver' }],
      },
    ],
  });
  const specs = [
    {
      title: 'Collect documents',
      step_type: 'task',
      assignees: [standard.userId],
      deadline: { value: 2, unit: 'days', option: 'from', step: 'start_run' },
    },
    {
      title: 'Approve vendor',
      step_type: 'approval',
      assignees: [org.admin.userId],
      can_complete_only_assignees: true,
    },
    {
      title: 'Confirm bank details',
      step_type: 'expiring',
      guests: ['vendor@example.com'],
      allow_guest_owners: true,
    },
    { title: 'Send welcome', step_type: 'email', skip_start_process: true },
    {
      title: 'Archive contract',
      step_type: 'expiring_email',
      everyone_must_complete: true,
      assignees: [standard.userId, org.admin.userId],
    },
  ];
  const steps: Array<Record<string, any>> = [];
  for (const spec of specs) {
    const res = await api.post(paths.steps(tpl.id), spec);
    expect(res.status).toBe(201);
    steps.push(res.body.data);
  }
  const [collect, approve, confirm, , archive] = steps as [any, any, any, any, any];
  // Relative deadlines: after the documents, and a day before the archive step's deadline.
  await api.put(paths.step(tpl.id, approve.id), {
    title: 'Approve vendor',
    deadline: { value: 1, unit: 'day', option: 'from', step: collect.id },
  });
  await api.put(paths.step(tpl.id, archive.id), {
    title: 'Archive contract',
    deadline: { value: 1, unit: 'weeks', option: 'from', step: approve.id },
  });
  await api.put(paths.step(tpl.id, confirm.id), {
    title: 'Confirm bank details',
    deadline: { value: 1, unit: 'days', option: 'prior_to', step: archive.id },
  });
  await api.post(paths.captures(tpl.id, collect.id), {
    label: 'Tax form',
    field_type: 'file',
    required: true,
  });
  await api.post(paths.captures(tpl.id, collect.id), { label: 'Notes', field_type: 'textarea' });
  await api.post(paths.captures(tpl.id, approve.id), {
    label: 'Decision memo',
    field_type: 'text',
    required: true,
  });
  await api.post(paths.captures(tpl.id, confirm.id), {
    label: 'Account',
    field_type: 'table',
    columns: ['Bank', 'IBAN'],
    required: true,
  });
  return { id: tpl.id as string, steps };
}

describe('a template built through the API alone', () => {
  it('reads back exactly, keeps every version frozen, and survives export and import unchanged', async () => {
    const { id, steps } = await buildFullTemplate();
    const [collect, approve, confirm, welcome, archive] = steps as [any, any, any, any, any];

    const read = await api.get(`${paths.template(id)}?with=steps`);
    expect(read.status).toBe(200);
    const data = read.body.data;
    expect(data).toMatchObject({ title: 'Vendor onboarding', steps_count: 5, version: 13 });
    expect(data.prerun.map((f: any) => [f.label, f.field_type, f.required])).toEqual([
      ['Vendor name', 'text', true],
      ['Tier', 'dropdown', true],
    ]);
    const byTitle = Object.fromEntries(data.steps.data.map((s: any) => [s.title, s]));
    expect(data.steps.data.map((s: any) => [s.position, s.step_type])).toEqual([
      [1, 'task'],
      [2, 'approval'],
      [3, 'expiring'],
      [4, 'email'],
      [5, 'expiring_email'],
    ]);
    expect(byTitle['Collect documents']).toMatchObject({
      id: collect.id,
      assignees: [standard.userId],
      deadline: { value: 2, unit: 'days', option: 'from', step: 'start_run' },
      captures: [
        { label: 'Tax form', field_type: 'file', required: true, position: 1 },
        { label: 'Notes', field_type: 'textarea', required: false, position: 2 },
      ],
    });
    expect(byTitle['Approve vendor']).toMatchObject({
      id: approve.id,
      deadline: { value: 1, unit: 'days', option: 'from', step: collect.id },
      can_complete_only_assignees: true,
    });
    expect(byTitle['Confirm bank details']).toMatchObject({
      id: confirm.id,
      guests: ['vendor@example.com'],
      deadline: { value: 1, unit: 'days', option: 'prior_to', step: archive.id },
      captures: [
        {
          field_type: 'table',
          columns: [
            { id: 1, label: 'Bank' },
            { id: 2, label: 'IBAN' },
          ],
        },
      ],
    });
    expect(byTitle['Send welcome']).toMatchObject({ id: welcome.id, skip_start_process: true });
    expect(byTitle['Archive contract'].assignees).toEqual([standard.userId, org.admin.userId]);

    // Every change made a version; an early one is still there as it was.
    expect((await storedCounts(t, id)).versions).toBe(13);
    const v2 = await api.get(`${paths.template(id)}?version=2&with=steps`);
    expect(v2.body.data.steps.data.map((s: any) => s.title)).toEqual(['Collect documents']);
    const frozen = await findTemplateDefinition(t.db.kysely, org.orgId, id, 13);
    await api.put(paths.step(id, welcome.id), { title: 'Send a warm welcome' });
    expect(await findTemplateDefinition(t.db.kysely, org.orgId, id, 13)).toEqual(frozen);
    expect((await findTemplateDefinition(t.db.kysely, org.orgId, id))?.version).toBe(14);
    expect(frozen?.definition.steps.map((s) => s.id)).toEqual(steps.map((s) => s.id));
    await api.put(paths.step(id, welcome.id), { title: 'Send welcome' });

    // Export, then import: the copy has new ids and is otherwise the same template.
    const exported = await api.get(`${paths.template(id)}/export`);
    expect(exported.status).toBe(200);
    t.clock.advance(3_600_000);
    const imported = await api.post(`${paths.base}/import`, exported.body);
    expect(imported.status).toBe(201);
    expect(imported.body.data.id).not.toBe(id);
    expect(imported.body.data.version).toBe(1);
    const again = await api.get(`${paths.template(imported.body.data.id)}/export`);
    const importedSteps = again.body.data.steps.data;
    expect(importedSteps.map((s: any) => s.id)).not.toContain(collect.id);
    expect(importedSteps[1].deadline.step).toBe(importedSteps[0].id);
    expect(normalize(again.body.data)).toEqual(normalize(exported.body.data));
    expect(importedSteps[0].captures[0].id).not.toBe(exported.body.data.steps.data[0].captures[0].id);
    expect(await storedCounts(t, imported.body.data.id)).toMatchObject({ steps: 5, fields: 6, versions: 1 });
  });
});

const ruledTemplate = (): Record<string, any> => ({
  title: 'Expense claim',
  type: 'form',
  prerun: [{ id: 'amount', label: 'Amount', field_type: 'number', required: true }],
  steps: [
    { id: 'submit', title: 'Submit', captures: [{ id: 'receipt', label: 'Receipt', field_type: 'file' }] },
    {
      id: 'review',
      title: 'Manager review',
      step_type: 'approval',
      skip_start_process: true,
      deadline: { value: 2, unit: 'days', option: 'from', step: 'submit' },
    },
  ],
  automated_actions: [
    {
      automated_alias: 'Large claims need a review',
      conditions: [
        {
          conditionable_id: 'amount',
          conditionable_type: 'Prerun',
          operation: 'greater_than',
          statement: '100',
          logic: 'and',
          position: 1,
        },
        {
          conditionable_id: 'submit',
          conditionable_type: 'Step',
          operation: 'completed',
          statement: 'any_time',
          logic: 'and',
          position: 2,
        },
      ],
      then_actions: [
        { action_type: 'visibility', action_verb: 'show', target_step_id: 'review', position: 1 },
        {
          action_type: 'assignment',
          action_verb: 'assign',
          target_step_id: 'review',
          assignees: { users: [], guests: ['boss@example.com'], groups: [] },
          position: 2,
        },
      ],
    },
  ],
});

describe('POST /organizations/:org/checklists-with-steps', () => {
  it('creates the template, its steps, fields and rules in one call with references rewritten', async () => {
    const res = await api.post(`/organizations/${org.orgId}/checklists-with-steps`, ruledTemplate());
    expect(res.status).toBe(201);
    const data = res.body.data;
    const [submit, review] = data.steps.data;
    const amount = data.prerun[0];
    expect(review.deadline).toEqual({ value: 2, unit: 'days', option: 'from', step: submit.id });
    expect(submit.captures[0]).toMatchObject({ label: 'Receipt', id: expect.stringMatching(HEX) });
    const [rule] = data.automated_actions;
    expect(rule).toMatchObject({
      automated_alias: 'Large claims need a review',
      conditions: [
        {
          conditionable_id: amount.id,
          conditionable_type: 'Prerun',
          operation: 'greater_than',
          statement: '100',
        },
        { conditionable_id: submit.id, conditionable_type: 'Step', operation: 'completed' },
      ],
      then_actions: [
        { action_type: 'visibility', action_verb: 'show', target_step_id: review.id },
        { action_type: 'assignment', assignees: { users: [], guests: ['boss@example.com'], groups: [] } },
      ],
    });
    expect(rule.id).toMatch(HEX);
    const definition = await findTemplateDefinition(t.db.kysely, org.orgId, data.id);
    expect(definition?.definition.rules[0]?.conditions[0]?.conditionableId).toBe(amount.id);
  });

  it('answers 422 with nested field paths and stores nothing', async () => {
    const before = await countTemplates(t, org.orgId);
    const body = ruledTemplate();
    body.steps[1] = { ...body.steps[1], step_type: 'meeting' };
    body.steps[0].captures[0].field_type = 'hologram';
    body.automated_actions[0].then_actions[0].target_step_id = 'nowhere';
    const res = await api.post(`/organizations/${org.orgId}/checklists-with-steps`, body);
    expect(res.status).toBe(422);
    expect(Object.keys(res.body.errors)).toEqual(
      expect.arrayContaining([
        'steps.1.step_type',
        'steps.0.captures.0.field_type',
        'automated_actions.0.then_actions.0.target_step_id',
      ]),
    );
    expect(await countTemplates(t, org.orgId)).toBe(before);
  });

  it('answers 422 for steps whose deadlines depend on each other in a cycle', async () => {
    const res = await api.post(`/organizations/${org.orgId}/checklists-with-steps`, {
      title: 'Loop',
      steps: [
        { id: 'a', title: 'A', deadline: { value: 1, unit: 'days', option: 'from', step: 'b' } },
        { id: 'b', title: 'B', deadline: { value: 1, unit: 'days', option: 'from', step: 'a' } },
      ],
    });
    expect(res.status).toBe(422);
    expect(res.body.errors['steps.0.deadline.step']).toBeDefined();
    expect(res.body.errors['steps.1.deadline.step']).toBeDefined();
  });
});

describe('POST …/checklists/:id/clone', () => {
  it('copies steps, fields and rules under new ids with references pointing at the copies', async () => {
    const source = (await api.post(`/organizations/${org.orgId}/checklists-with-steps`, ruledTemplate())).body
      .data;
    const res = await api.post(`${paths.template(source.id)}/clone`, { title: 'Expense claim (EU)' });
    expect(res.status).toBe(201);
    const copy = res.body.data;
    expect(copy).toMatchObject({
      title: 'Expense claim (EU)',
      alias: 'expense-claim-eu',
      version: 1,
      steps_count: 2,
    });
    const [submit, review] = copy.steps.data;
    expect(submit.id).not.toBe(source.steps.data[0].id);
    expect(review.deadline.step).toBe(submit.id);
    expect(copy.automated_actions[0].conditions[0].conditionable_id).toBe(copy.prerun[0].id);
    expect(copy.automated_actions[0].then_actions[0].target_step_id).toBe(review.id);
    expect(copy.automated_actions[0].id).not.toBe(source.automated_actions[0].id);
    expect(normalize({ ...copy, title: '', alias: '' })).toEqual(
      normalize({ ...source, title: '', alias: '' }),
    );
    // The source is untouched.
    expect((await storedCounts(t, source.id)).versions).toBe(1);
  });

  it('names the copy after the source when no title is given', async () => {
    const source = await createTemplateViaApi(api, org.orgId, { title: 'Leave request' });
    const res = await api.post(`${paths.template(source.id)}/clone`);
    expect(res.status).toBe(201);
    expect(res.body.data.title).toBe('Copy of Leave request');
  });

  it("copies from another organization the caller belongs to, leaving out that organization's people", async () => {
    const home = await createOrgWithAdmin(t.ctx, 'Home');
    const homeOnly = await addMember(t.ctx, home.orgId, 'standard');
    const homeApi = apiClient(t.app, home.admin.token);
    const source = await createTemplateViaApi(homeApi, home.orgId, {
      title: 'Shared',
      users: [homeOnly.userId],
      steps: [{ title: 'Do', assignees: [home.admin.userId, homeOnly.userId], guests: ['g@example.com'] }],
    });
    // The caller is a member of both organizations; homeOnly is not a member here.
    await createMember(t.ctx, {
      organizationId: org.orgId,
      email: home.admin.email,
      role: 'standard',
      firstName: 'Home',
      lastName: 'Admin',
    });
    const res = await homeApi.post(`/organizations/${org.orgId}/checklists/${source.id}/clone`, {
      tenant: home.orgId,
    });
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({ title: 'Copy of Shared', users: [], owner_id: home.admin.userId });
    expect(res.body.data.steps.data[0]).toMatchObject({
      title: 'Do',
      assignees: [home.admin.userId],
      guests: ['g@example.com'],
    });
    const outsider = await createOrgWithAdmin(t.ctx, 'Outsider');
    const refused = await apiClient(t.app, outsider.admin.token).post(
      `/organizations/${outsider.orgId}/checklists/${source.id}/clone`,
      { tenant: home.orgId },
    );
    expect(refused.status).toBe(404);
    const sameOrgMissing = await api.post(`${paths.template(source.id)}/clone`);
    expect(sameOrgMissing.status).toBe(404);
  });

  it('answers 403 to a light member', async () => {
    const source = await createTemplateViaApi(api, org.orgId, { title: 'No copies' });
    const light = await addMember(t.ctx, org.orgId, 'light');
    const res = await apiClient(t.app, light.token).post(`${paths.template(source.id)}/clone`);
    expect(res.status).toBe(403);
  });
});

describe('import', () => {
  it('accepts the document itself or wrapped in data, keeping aliases and rewriting rules', async () => {
    const source = (await api.post(`/organizations/${org.orgId}/checklists-with-steps`, ruledTemplate())).body
      .data;
    const exported = (await api.get(`${paths.template(source.id)}/export`)).body;
    for (const body of [exported, exported.data]) {
      const res = await api.post(`${paths.base}/import`, body);
      expect(res.status).toBe(201);
      expect(normalize(res.body.data)).toEqual(normalize(exported.data));
      expect(res.body.data.steps.data[0].alias).toBe('submit');
    }
  });

  it('accepts a template read back from the API and re-posted, as CLI exports do', async () => {
    const source = (await api.post(`/organizations/${org.orgId}/checklists-with-steps`, ruledTemplate())).body
      .data;
    const read = (await api.get(`${paths.template(source.id)}?with=steps`)).body.data;
    for (const key of [
      'id',
      'owner_id',
      'created_by',
      'alias',
      'steps_count',
      'created_at',
      'last_updated',
      'archived_at',
    ]) {
      delete read[key];
    }
    const res = await api.post(paths.base, read);
    expect(res.status).toBe(201);
    expect(res.body.data.steps.data).toHaveLength(2);
    expect(res.body.data.automated_actions[0].then_actions[0].target_step_id).toBe(
      res.body.data.steps.data[1].id,
    );
  });

  it('answers 422 with paths for a broken document and stores nothing', async () => {
    const before = await countTemplates(t, org.orgId);
    const res = await api.post(`${paths.base}/import`, {
      data: { title: '', steps: [{ title: 'A', step_type: 'x' }] },
    });
    expect(res.status).toBe(422);
    expect(Object.keys(res.body.errors)).toEqual(expect.arrayContaining(['title', 'steps.0.step_type']));
    expect(await countTemplates(t, org.orgId)).toBe(before);
  });

  it('answers 403 to a light member', async () => {
    const light = await addMember(t.ctx, org.orgId, 'light');
    const res = await apiClient(t.app, light.token).post(`${paths.base}/import`, { title: 'X' });
    expect(res.status).toBe(403);
  });
});
