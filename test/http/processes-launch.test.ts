/** Launching a process: `POST /organizations/{org}/runs`. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, apiClient } from '../helpers/api.js';
import { createTestContext, type TestContext } from '../helpers/context.js';
import { addMember, createOrgWithAdmin, type TestMember, type TestOrg } from '../helpers/factories.js';
import { createTemplate, launchTemplate, plainSteps } from '../helpers/templates.js';

let t: TestContext;
let org: TestOrg;
let api: Api;
let bob: TestMember;

beforeAll(async () => {
  t = await createTestContext();
  org = await createOrgWithAdmin(t.ctx);
  api = apiClient(t.app, org.admin.token);
  bob = await addMember(t.ctx, org.orgId, 'standard');
});
afterAll(() => t.close());

const runs = () => `/organizations/${org.orgId}/runs`;
const countProcesses = async () =>
  (await t.db.kysely.selectFrom('processes').select('id').where('organization_id', '=', org.orgId).execute())
    .length;
const from = (value: number, unit: string, step = 'start_run', option = 'from') => ({
  value,
  unit,
  option,
  step,
});

describe('POST /runs', () => {
  it('launches a 10-step template into 10 tasks with deadlines from the step rules and working days', async () => {
    // Launched Monday 2025-01-06 09:00 UTC; the organization works Monday to Friday.
    const p = await launchTemplate(api, org.orgId, {
      title: 'Ten steps',
      steps: [
        { id: 's1', title: 'T1', deadline: from(30, 'minutes') },
        { id: 's2', title: 'T2', deadline: from(2, 'hours') },
        { id: 's3', title: 'T3', deadline: from(1, 'day') },
        { id: 's4', title: 'T4', deadline: from(5, 'days') },
        { id: 's5', title: 'T5', deadline: from(1, 'week') },
        { id: 's6', title: 'T6', deadline: from(1, 'month') },
        { id: 's7', title: 'T7', deadline: from(2, 'days', 's3') },
        { id: 's8', title: 'T8', deadline: from(1, 'days', 's6', 'prior_to') },
        { id: 's9', title: 'T9' },
        { id: 's10', title: 'T10', deadline: from(4, 'days') },
      ],
    });
    const res = await api.get(`${runs()}/${p.runId}/tasks?per_page=20`);
    expect(res.body.data).toHaveLength(10);
    const deadlines = Object.fromEntries(
      res.body.data.map((task: { title: string; deadline: string }) => [task.title, task.deadline]),
    );
    expect(deadlines).toEqual({
      T1: '2025-01-06T09:30:00.000Z',
      T2: '2025-01-06T11:00:00.000Z',
      T3: '2025-01-07T09:00:00.000Z',
      T4: '2025-01-13T00:00:00.000Z', // Saturday 11th pushed to Monday
      T5: '2025-01-13T09:00:00.000Z',
      T6: '2025-02-06T09:00:00.000Z',
      T7: '2025-01-09T09:00:00.000Z', // two days after T3
      T8: '2025-02-05T09:00:00.000Z', // a day before T6
      T9: '2025-01-13T00:00:00.000Z', // the organization default: 5 days, pushed to Monday
      T10: '2025-01-10T09:00:00.000Z',
    });
    expect(res.body.data.map((task: { position: number }) => task.position)).toEqual([
      1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
    ]);
    expect(p.body.data).toMatchObject({
      due_date: '2025-02-06T09:00:00.000Z',
      progress: { complete: 0, total: 10 },
    });
  });

  it("answers 201 with the spec's Run, the launch recorded as activity and event", async () => {
    const template = await createTemplate(api, org.orgId, {
      title: 'Onboarding',
      webhook: 'https://hooks.example.com/onboarding',
      steps: plainSteps(2),
    });
    const before = await countProcesses();
    const res = await api.post(runs(), { checklist_id: template.id, summary: 'For Acme' });
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({
      checklist_id: template.id,
      checklist_title: 'Onboarding',
      name: 'Onboarding - Jan 6, 2025',
      summary: 'For Acme',
      status: 'active',
      started_by: org.admin.userId,
      owner_id: org.admin.userId,
      progress: { complete: 0, total: 2, percent: 0 },
      prerun: {},
      created_at: '2025-01-06T09:00:00.000Z',
      completed_at: null,
      archived_at: null,
    });
    expect(await countProcesses()).toBe(before + 1);
    const activity = await api.get(`${runs()}/${res.body.data.id}/activity`);
    expect(activity.body.data.map((a: { action: string }) => a.action)).toEqual(['launched']);
    const events = await t.db.kysely
      .selectFrom('outbox_events')
      .selectAll()
      .where('process_id', '=', res.body.data.id)
      .execute();
    expect(events.map((e) => e.name)).toEqual(['process.launched']);
    const payload =
      typeof events[0]!.payload === 'string' ? JSON.parse(events[0]!.payload) : events[0]!.payload;
    expect(payload).toMatchObject({
      id: res.body.data.id,
      name: 'Onboarding - Jan 6, 2025',
      launcher: { id: org.admin.userId },
    });
    expect(Object.keys(payload['process-tasks'])).toEqual(['step-1', 'step-2']);
  });

  it('uses the given name, or the template naming format with kick-off values', async () => {
    const template = await createTemplate(api, org.orgId, {
      title: 'Hiring',
      default_process_name_format: '{{template_title}} for {{candidate}}',
      prerun: [{ label: 'Candidate', field_type: 'text', alias: 'candidate' }],
      steps: plainSteps(1),
    });
    const field = template.prerun[0]!;
    const named = await api.post(runs(), { checklist_id: template.id, prerun: { [field.id]: 'Ada' } });
    expect(named.body.data.name).toBe(`Hiring for Ada`);
    const given = await api.post(runs(), { checklist_id: template.id, name: 'Custom name' });
    expect(given.body.data.name).toBe('Custom name');
  });

  it('numbers processes and tasks per organization', async () => {
    const a = await launchTemplate(api, org.orgId, { steps: plainSteps(2) });
    const b = await launchTemplate(api, org.orgId, { steps: plainSteps(1) });
    expect(b.body.data.increment_id).toBe(a.body.data.increment_id + 1);
    const tasks = await api.get(`${runs()}/${b.runId}/tasks`);
    const first = await api.get(`${runs()}/${a.runId}/tasks`);
    expect(tasks.body.data[0].increment_id).toBe(first.body.data[1].increment_id + 1);
  });
});

describe('kick-off values (prerun)', () => {
  let template: Awaited<ReturnType<typeof createTemplate>>;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    template = await createTemplate(api, org.orgId, {
      prerun: [
        { label: 'Client', field_type: 'text', required: true },
        {
          label: 'Tier',
          field_type: 'dropdown',
          options: [
            { id: 1, text: 'Gold' },
            { id: 2, text: 'Silver' },
          ],
        },
        {
          label: 'Extras',
          field_type: 'multiselect',
          options: [
            { id: 1, text: 'Wifi' },
            { id: 2, text: 'Desk' },
          ],
        },
        {
          label: 'Size',
          field_type: 'radio',
          options: [
            { id: 1, text: 'S' },
            { id: 2, text: 'L' },
          ],
        },
        { label: 'Start', field_type: 'date' },
      ],
      steps: plainSteps(1),
    });
    for (const f of template.prerun) ids[f.label] = f.id;
  });

  it('stores values by field id in their answer shapes and drops unknown keys', async () => {
    const res = await api.post(runs(), {
      checklist_id: template.id,
      prerun: {
        [ids.Client!]: 'Acme',
        [ids.Tier!]: { id: 2, text: 'Silver' },
        [ids.Extras!]: [{ id: 1, text: 'Wifi', selected: true }],
        [ids.Size!]: 'L',
        [ids.Start!]: '2025-02-01 10:00:00',
        unknown: 'dropped',
      },
    });
    expect(res.status).toBe(201);
    const got = await api.get(`${runs()}/${res.body.data.id}?with=prerun`);
    expect(got.body.data.prerun).toEqual({
      [ids.Client!]: 'Acme',
      [ids.Tier!]: { id: 2, text: 'Silver', value: null },
      [ids.Extras!]: [{ id: 1, text: 'Wifi', value: null, selected: true }],
      [ids.Size!]: 'L',
      [ids.Start!]: '2025-02-01T10:00:00.000Z',
    });
    expect(got.body.data.prerun_status).toBe('completed');
  });

  it('accepts the list form of prerun from the spec example', async () => {
    const res = await api.post(runs(), { checklist_id: template.id, prerun: [{ [ids.Client!]: 'Listed' }] });
    expect(res.status).toBe(201);
    expect(res.body.data.prerun[ids.Client!]).toBe('Listed');
  });

  it('answers 422 REQUIRED_FIELDS_MISSING for an empty required kick-off field, and creates nothing', async () => {
    const before = await countProcesses();
    const res = await api.post(runs(), { checklist_id: template.id, prerun: { [ids.Client!]: '  ' } });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('REQUIRED_FIELDS_MISSING');
    expect(res.body.missing_fields.map((f: { label: string }) => f.label)).toEqual(['Client']);
    expect(res.body.errors).toHaveProperty(`prerun.${ids.Client}`);
    expect(await countProcesses()).toBe(before);
  });

  it.each([
    ['an option that does not exist', 'Tier', { id: 9, text: 'Bronze' }],
    ['a radio text that is not an option', 'Size', 'XL'],
    ['an impossible date', 'Start', '2025-02-30'],
    ['text over 200 characters', 'Client', 'x'.repeat(201)],
    ['a single text for a multiselect', 'Extras', 'Wifi'],
  ])('answers 422 VALIDATION_FAILED for %s', async (_what, label, value) => {
    const before = await countProcesses();
    const res = await api.post(runs(), {
      checklist_id: template.id,
      prerun: { [ids.Client!]: 'Acme', [ids[label]!]: value },
    });
    expect(res.status).toBe(422);
    expect(Object.keys(res.body.errors)).toEqual([`prerun.${ids[label]}`]);
    expect(await countProcesses()).toBe(before);
  });
});

describe('assignees and task overrides', () => {
  it('assigns the override, else the step assignees, else the launcher; unassigned when asked', async () => {
    const group = await api.post(`/organizations/${org.orgId}/groups`, {
      name: 'Ops',
      description: 'Ops team',
    });
    const p = await launchTemplate(
      api,
      org.orgId,
      {
        steps: [
          { id: 'a', title: 'Override', assignees: [bob.userId] },
          { title: 'Step assignees', assignees: [bob.userId], guests: ['Ext@Example.com'] },
          { title: 'Launcher' },
          { title: 'Nobody', assign_run_starter: false },
          { title: 'Group', groups: [group.body.data.id] },
        ],
      },
      {},
    );
    const tasks = (await api.get(`${runs()}/${p.runId}/tasks`)).body.data;
    const owners = Object.fromEntries(
      tasks.map((task: { title: string; owners: unknown }) => [task.title, task.owners]),
    );
    expect(owners['Step assignees']).toEqual({
      users: [bob.userId],
      guests: ['ext@example.com'],
      groups: [],
      roles: [],
    });
    expect(owners.Launcher).toEqual({ users: [org.admin.userId], guests: [], groups: [], roles: [] });
    expect(owners.Nobody).toEqual({ users: [], guests: [], groups: [], roles: [] });
    expect(owners.Group).toEqual({
      users: [org.admin.userId],
      guests: [],
      groups: [group.body.data.id],
      roles: [],
    });

    const overridden = await api.post(runs(), {
      checklist_id: p.template.id,
      tasks: {
        [p.template.steps[0]!.id]: {
          owners: { users: [org.admin.userId], guests: ['new@example.com'] },
          deadline: '2025-01-11 12:00:00',
        },
        [p.template.steps[2]!.alias]: { owners: { users: [] } },
      },
    });
    expect(overridden.status).toBe(201);
    const list = (await api.get(`${runs()}/${overridden.body.data.id}/tasks`)).body.data;
    expect(list[0]).toMatchObject({
      owners: { users: [org.admin.userId], guests: ['new@example.com'], groups: [] },
      deadline: '2025-01-13T00:00:00.000Z', // Saturday noon pushed to Monday
    });
    expect(list[2].owners).toEqual({ users: [], guests: [], groups: [], roles: [] });
    const guest = await api.get(
      `/organizations/${org.orgId}/guests/${encodeURIComponent('new@example.com')}`,
    );
    expect(guest.status).toBe(200);
  });

  it('starts steps that are hidden by default as auto-skipped, outside the progress total', async () => {
    const p = await launchTemplate(api, org.orgId, {
      steps: [{ title: 'Visible' }, { title: 'Hidden', skip_start_process: true }],
    });
    const tasks = (await api.get(`${runs()}/${p.runId}/tasks`)).body.data;
    expect(tasks.map((task: { status: string }) => task.status)).toEqual(['not-started', 'auto-skipped']);
    expect(p.body.data.progress).toEqual({ complete: 0, total: 1, percent: 0 });
    expect(p.body.data.whole_progress).toEqual({ complete: 0, total: 2, percent: 0 });
  });

  it.each([
    [
      'an unknown step',
      (_s: string) => ({ ['f'.repeat(32)]: { deadline: '2025-01-08' } }),
      'tasks.ffffffffffffffffffffffffffffffff',
    ],
    ['a user who is not a member', (s: string) => ({ [s]: { owners: { users: [999999] } } }), 'owners.users'],
    ['a malformed guest', (s: string) => ({ [s]: { owners: { guests: ['nope'] } } }), 'owners.guests'],
    ['an unknown group', (s: string) => ({ [s]: { owners: { groups: ['a'.repeat(32)] } } }), 'owners.groups'],
    ['a bad deadline', (s: string) => ({ [s]: { deadline: 'soon' } }), 'deadline'],
  ])('answers 422 for %s and launches nothing', async (_what, overrides, errorKey) => {
    const template = await createTemplate(api, org.orgId, { steps: plainSteps(1) });
    const before = await countProcesses();
    const res = await api.post(runs(), {
      checklist_id: template.id,
      tasks: overrides(template.steps[0]!.id),
    });
    expect(res.status).toBe(422);
    expect(Object.keys(res.body.errors).some((k) => k.endsWith(errorKey))).toBe(true);
    expect(await countProcesses()).toBe(before);
  });
});

describe('refusals', () => {
  it('answers 404 TEMPLATE_NOT_FOUND for an unknown template or one of another organization', async () => {
    expect((await api.post(runs(), { checklist_id: 'a'.repeat(32) })).body.code).toBe('TEMPLATE_NOT_FOUND');
    const other = await createOrgWithAdmin(t.ctx);
    const foreign = await createTemplate(apiClient(t.app, other.admin.token), other.orgId, {
      steps: plainSteps(1),
    });
    const res = await api.post(runs(), { checklist_id: foreign.id });
    expect(res.status).toBe(404);
  });

  it('answers 404 for an archived template', async () => {
    const template = await createTemplate(api, org.orgId, { steps: plainSteps(1) });
    await api.delete(`/organizations/${org.orgId}/checklists/${template.id}`);
    expect((await api.post(runs(), { checklist_id: template.id })).status).toBe(404);
  });

  it('answers 422 when collaborators or the owner are not members, and launches nothing', async () => {
    const template = await createTemplate(api, org.orgId, { steps: plainSteps(1) });
    const before = await countProcesses();
    const res = await api.post(runs(), {
      checklist_id: template.id,
      users: [bob.userId, 999999],
      owner_id: 999998,
    });
    expect(res.status).toBe(422);
    expect(Object.keys(res.body.errors).sort()).toEqual(['owner_id', 'users']);
    expect(await countProcesses()).toBe(before);
  });

  it('answers 422 VALIDATION_FAILED without checklist_id', async () => {
    const res = await api.post(runs(), {});
    expect(res.status).toBe(422);
    expect(res.body.errors.checklist_id).toBeDefined();
  });
});

describe('a template that is only a kick-off form', () => {
  it('launches with no tasks, stores the kick-off values and is complete at once', async () => {
    const template = await createTemplate(api, org.orgId, {
      title: 'Feedback form',
      steps: [],
      prerun: [{ label: 'Rating', field_type: 'text', required: true }],
    });
    const field = template.prerun[0]!;
    const res = await api.post(runs(), { checklist_id: template.id, prerun: { [field.id]: 'Great' } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.data).toMatchObject({
      status: 'complete',
      prerun_status: 'completed',
      prerun: { [field.id]: 'Great' },
    });
    expect(res.body.data.completed_at).not.toBeNull();
    const tasks = await api.get(`${runs()}/${res.body.data.id}/tasks`);
    expect(tasks.body.data).toEqual([]);
  });

  it('still refuses 422 REQUIRED_FIELDS_MISSING when a required kick-off value is empty', async () => {
    const template = await createTemplate(api, org.orgId, {
      steps: [],
      prerun: [{ label: 'Rating', field_type: 'text', required: true }],
    });
    const before = await countProcesses();
    const res = await api.post(runs(), { checklist_id: template.id });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('REQUIRED_FIELDS_MISSING');
    expect(await countProcesses()).toBe(before);
  });

  it('answers 422 TEMPLATE_HAS_NO_STEPS for a template with neither steps nor kick-off fields', async () => {
    const template = await createTemplate(api, org.orgId, { steps: [] });
    const res = await api.post(runs(), { checklist_id: template.id });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('TEMPLATE_HAS_NO_STEPS');
  });
});
