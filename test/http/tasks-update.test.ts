/** Getting and updating tasks: form values, deadline, owners, details, form-field/value, force-action. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, apiClient } from '../helpers/api.js';
import { createTestContext, type TestContext } from '../helpers/context.js';
import { addMember, createOrgWithAdmin, type TestMember, type TestOrg } from '../helpers/factories.js';
import { type LaunchedProcess, launchTemplate } from '../helpers/templates.js';

let t: TestContext;
let org: TestOrg;
let api: Api;
let bob: TestMember;
let light: TestMember;
let p: LaunchedProcess;
/** Field ids by label. */
const f: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestContext();
  org = await createOrgWithAdmin(t.ctx);
  api = apiClient(t.app, org.admin.token);
  bob = await addMember(t.ctx, org.orgId, 'standard');
  light = await addMember(t.ctx, org.orgId, 'light');
  p = await launchTemplate(api, org.orgId, {
    steps: [
      {
        title: 'Form',
        summary: '<b>Fill it</b>',
        assignees: [light.userId],
        captures: [
          { label: 'Name', field_type: 'text' },
          { label: 'Story', field_type: 'textarea' },
          { label: 'Mail', field_type: 'email' },
          { label: 'When', field_type: 'date' },
          {
            label: 'Plan',
            field_type: 'dropdown',
            options: [
              { id: 1, text: 'Gold' },
              { id: 2, text: 'Silver' },
            ],
          },
          {
            label: 'Pick',
            field_type: 'radio',
            options: [
              { id: 1, text: 'Yes' },
              { id: 2, text: 'No' },
            ],
          },
          {
            label: 'Extras',
            field_type: 'multiselect',
            options: [
              { id: 1, text: 'A' },
              { id: 2, text: 'B' },
            ],
          },
          {
            label: 'Grid',
            field_type: 'table',
            columns: [
              { id: 1, label: 'Item' },
              { id: 2, label: 'Qty' },
            ],
          },
          { label: 'Who', field_type: 'assignees_form' },
        ],
      },
      { title: 'Other' },
      { title: 'Done' },
    ],
  });
  for (const field of p.template.steps[0]!.captures) f[field.label] = field.id;
  await api.post(`/organizations/${org.orgId}/runs/${p.runId}/completed-tasks`, { task_id: p.tasks.Done });
});
afterAll(() => t.close());

const runTask = (title: string) => `/organizations/${org.orgId}/runs/${p.runId}/tasks/${p.tasks[title]}`;
const orgTask = (title: string) => `/organizations/${org.orgId}/tasks/${p.tasks[title]}`;

async function outboxNames(taskId: string) {
  const rows = await t.db.kysely
    .selectFrom('outbox_events')
    .select('name')
    .where('task_id', '=', taskId)
    .orderBy('sequence')
    .execute();
  return rows.map((r) => r.name);
}

describe('GET a task', () => {
  it('answers the task with its summary under /runs/{run}/tasks/{task} and /tasks/{task}', async () => {
    const a = await api.get(runTask('Form'));
    expect(a.status).toBe(200);
    expect(a.body.data).toMatchObject({
      id: p.tasks.Form,
      run_id: p.runId,
      summary: '<b>Fill it</b>',
      run_status: 'active',
    });
    const b = await api.get(`${orgTask('Form')}?with=step,form_fields,run`);
    expect(b.body.data).toMatchObject({ id: p.tasks.Form, run_id: p.runId });
    expect(b.body.data.form_fields.data).toHaveLength(9);
    expect(b.body.data.run.data.id).toBe(p.runId);
  });

  it('answers 404 for a task under another process, or of another organization', async () => {
    const q = await launchTemplate(api, org.orgId, { steps: [{ title: 'Elsewhere' }] });
    expect((await api.get(`/organizations/${org.orgId}/runs/${q.runId}/tasks/${p.tasks.Form}`)).status).toBe(
      404,
    );
    const other = await createOrgWithAdmin(t.ctx);
    const res = await apiClient(t.app, other.admin.token).get(
      `/organizations/${other.orgId}/tasks/${p.tasks.Form}`,
    );
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('TASK_NOT_FOUND');
  });
});

describe('PUT taskdata', () => {
  it('stores values by field id in their answer shapes, drops unknown keys, records each change', async () => {
    const res = await api.put(runTask('Form'), {
      taskdata: {
        [f.Name!]: 'Ada',
        [f.Mail!]: 'ada@example.com',
        [f.When!]: '2025-03-01',
        [f.Plan!]: { id: 1, text: 'Gold' },
        [f.Pick!]: 'No',
        [f.Extras!]: [{ id: 2, text: 'B', selected: true }],
        [f.Grid!]: [
          ['Pen', '2'],
          ['Ink', '1'],
        ],
        [f.Who!]: { users: [bob.userId] },
        not_a_field: 'dropped',
      },
    });
    expect(res.status).toBe(200);
    expect(res.body.data.taskdata).toEqual({
      [f.Name!]: 'Ada',
      [f.Mail!]: 'ada@example.com',
      [f.When!]: '2025-03-01T00:00:00.000Z',
      [f.Plan!]: { id: 1, text: 'Gold', value: null },
      [f.Pick!]: 'No',
      [f.Extras!]: [{ id: 2, text: 'B', value: null, selected: true }],
      [f.Grid!]: [
        ['Pen', '2'],
        ['Ink', '1'],
      ],
      [f.Who!]: { users: [bob.userId], guests: [], groups: [] },
    });
    expect(res.body.data.status).toBe('in-progress');
    const stored = await api.get(`${runTask('Form')}?with=activities,form_fields`);
    const changes = stored.body.data.activities.data.filter((a: { field: string }) =>
      a.field?.startsWith('taskdata.'),
    );
    expect(changes).toHaveLength(8);
    expect(changes.find((a: { field: string }) => a.field === `taskdata.${f.Name}`)).toMatchObject({
      old_value: null,
      new_value: 'Ada',
    });
    const name = stored.body.data.form_fields.data.find((x: { label: string }) => x.label === 'Name');
    expect(name.field_value).toBe('Ada');
  });

  it('merges: fields not sent keep their values; null clears one', async () => {
    const res = await api.put(runTask('Form'), { taskdata: { [f.Name!]: null } });
    expect(res.body.data.taskdata[f.Name!]).toBeNull();
    expect(res.body.data.taskdata[f.Pick!]).toBe('No');
  });

  it.each([
    ['text over 200 characters', 'Name', 'x'.repeat(201)],
    ['long text over 30,000 characters', 'Story', 'x'.repeat(30_001)],
    ['a malformed e-mail', 'Mail', 'not-mail'],
    ['an impossible date', 'When', '2025-13-01'],
    ['a dropdown option that does not exist', 'Plan', { id: 3, text: 'Bronze' }],
    ['a dropdown id with the wrong text', 'Plan', { id: 1, text: 'Silver' }],
    ['a radio text that is not an option', 'Pick', 'Maybe'],
    ['a multiselect option that does not exist', 'Extras', [{ id: 9, text: 'Z' }]],
    ['a table row with the wrong column count', 'Grid', [['Pen']]],
    ['an assignee field with bad ids', 'Who', { users: ['x'] }],
    ['an object for a text field', 'Name', { text: 'Ada' }],
  ])('answers 422 for %s and keeps the old values', async (_what, label, value) => {
    const before = (await api.get(runTask('Form'))).body.data.taskdata;
    const res = await api.put(runTask('Form'), { taskdata: { [f.Pick!]: 'Yes', [f[label]!]: value } });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(Object.keys(res.body.errors)).toEqual([`taskdata.${f[label]}`]);
    expect((await api.get(runTask('Form'))).body.data.taskdata).toEqual(before);
  });

  it('says which table columns are wrong', async () => {
    const res = await api.put(runTask('Form'), { taskdata: { [f.Grid!]: ['only one'] } });
    expect(res.body.errors[`taskdata.${f.Grid}`][0]).toContain(
      'Number of columns does not match required columns',
    );
  });

  it('lets an assigned light member fill in values', async () => {
    const res = await apiClient(t.app, light.token).put(runTask('Form'), {
      taskdata: { [f.Name!]: 'Light' },
    });
    expect(res.status).toBe(200);
  });
});

describe('PUT deadline, owners, title', () => {
  it('pushes a deadline to working time, records it and emits task.deadline_changed', async () => {
    const res = await api.put(runTask('Other'), { deadline: '2025-01-18 10:00:00' });
    expect(res.status).toBe(200);
    expect(res.body.data.deadline).toBe('2025-01-20T00:00:00.000Z');
    expect(await outboxNames(p.tasks.Other!)).toContain('task.deadline_changed');
    const run = await api.get(`/organizations/${org.orgId}/runs/${p.runId}`);
    expect(run.body.data.due_date).toBe('2025-01-20T00:00:00.000Z');
  });

  it('replaces owners (a missing bucket is empty) and emits task.assigned', async () => {
    const res = await api.put(orgTask('Other'), {
      owners: { users: [bob.userId], guests: ['Guest@Example.com'] },
    });
    expect(res.status).toBe(200);
    expect(res.body.data.owners).toEqual({
      users: [bob.userId],
      guests: ['guest@example.com'],
      groups: [],
      roles: [],
    });
    const again = await api.put(orgTask('Other'), { owners: { guests: [] } });
    expect(again.body.data.owners).toEqual({ users: [], guests: [], groups: [], roles: [] });
    expect(await outboxNames(p.tasks.Other!)).toContain('task.assigned');
    const stored = await api.get(`${orgTask('Other')}?with=activities`);
    expect(stored.body.data.activities.data.map((a: { action: string }) => a.action)).toContain(
      'owners_updated',
    );
  });

  it('changes the title and leaves keys it was not sent alone', async () => {
    const res = await api.put(runTask('Other'), { title: 'Renamed' });
    expect(res.body.data).toMatchObject({
      title: 'Renamed',
      original_title: 'Other',
      deadline: '2025-01-20T00:00:00.000Z',
    });
    await api.put(runTask('Other'), { title: 'Other' });
  });

  it.each([
    [{ deadline: 'next week' }, 'deadline'],
    [{ owners: { users: [999999] } }, 'owners.users'],
    [{ owners: { groups: ['nope'] } }, 'owners.groups'],
    [{ title: '   ' }, 'title'],
    [{ task_type: 'meeting' }, 'task_type'],
  ])('answers 422 for %j', async (body, field) => {
    const res = await api.put(runTask('Other'), body);
    expect(res.status).toBe(422);
    expect(res.body.errors[field]).toBeDefined();
  });

  it('answers 422 TASK_COMPLETED_READ_ONLY for a completed task', async () => {
    const res = await api.put(runTask('Done'), { title: 'Too late' });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('TASK_COMPLETED_READ_ONLY');
  });

  it('answers 403 to a light member changing owners', async () => {
    const res = await apiClient(t.app, light.token).put(runTask('Form'), {
      owners: { users: [light.userId] },
    });
    expect(res.status).toBe(403);
  });
});

describe('PUT /form-field/value', () => {
  it('sets one value of a task field', async () => {
    const res = await api.put(`/organizations/${org.orgId}/form-field/value`, {
      id: f.Pick,
      task_id: p.tasks.Form,
      form_value: 'Yes',
    });
    expect(res.status).toBe(200);
    expect((await api.get(runTask('Form'))).body.data.taskdata[f.Pick!]).toBe('Yes');
  });

  it('validates the value like taskdata', async () => {
    const res = await api.put(`/organizations/${org.orgId}/form-field/value`, {
      id: f.Pick,
      task_id: p.tasks.Form,
      form_value: 'Maybe',
    });
    expect(res.status).toBe(422);
  });

  it('answers 404 FORM_FIELD_NOT_FOUND for a field the task does not have, 422 without task_id or run_id', async () => {
    const unknown = await api.put(`/organizations/${org.orgId}/form-field/value`, {
      id: 'a'.repeat(32),
      task_id: p.tasks.Form,
      form_value: 'x',
    });
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('FORM_FIELD_NOT_FOUND');
    const bare = await api.put(`/organizations/${org.orgId}/form-field/value`, {
      id: f.Pick,
      form_value: 'Yes',
    });
    expect(bare.status).toBe(422);
  });
});

describe('PUT /runs/{run}/tasks/{task}/force-action', () => {
  it('hides a task (auto-skipped, out of the progress total) and shows it again with its old status', async () => {
    const hide = await api.put(`${runTask('Form')}/force-action`, { action: 'hide' });
    expect(hide.status).toBe(200);
    expect(hide.body.data.status).toBe('auto-skipped');
    expect((await api.get(`/organizations/${org.orgId}/runs/${p.runId}`)).body.data.progress.total).toBe(2);
    const show = await api.put(`${runTask('Form')}/force-action`, { action: 'show' });
    expect(show.body.data.status).toBe('in-progress');
    expect((await api.get(`/organizations/${org.orgId}/runs/${p.runId}`)).body.data.progress.total).toBe(3);
  });

  it('refuses completed tasks (422) and unknown actions (422)', async () => {
    expect((await api.put(`${runTask('Done')}/force-action`, { action: 'hide' })).body.code).toBe(
      'TASK_COMPLETED_READ_ONLY',
    );
    expect((await api.put(`${runTask('Form')}/force-action`, { action: 'toggle' })).status).toBe(422);
  });
});
