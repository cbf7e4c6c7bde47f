/** One-off tasks: create, update, archive, restore, delete, clone, link and unlink. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, apiClient } from '../helpers/api.js';
import { createTestContext, type TestContext } from '../helpers/context.js';
import { addMember, createOrgWithAdmin, type TestMember, type TestOrg } from '../helpers/factories.js';
import { launchTemplate } from '../helpers/templates.js';

let t: TestContext;
let org: TestOrg;
let api: Api;
let bob: TestMember;
let light: TestMember;

beforeAll(async () => {
  t = await createTestContext();
  org = await createOrgWithAdmin(t.ctx);
  api = apiClient(t.app, org.admin.token);
  bob = await addMember(t.ctx, org.orgId, 'standard');
  light = await addMember(t.ctx, org.orgId, 'light');
});
afterAll(() => t.close());

const tasks = () => `/organizations/${org.orgId}/tasks`;

async function create(body: Record<string, unknown> = {}) {
  return api.post(tasks(), {
    title: 'Renew insurance',
    task_type: 'task',
    deadline: '2025-01-09 17:00:00',
    owners: { users: [bob.userId], guests: ['broker@example.com'] },
    ...body,
  });
}

describe('POST /tasks', () => {
  it('creates a not-started one-off task (201) with its own form fields', async () => {
    const res = await create({
      description: 'Before Friday',
      form_fields: [
        { label: 'Policy number', field_type: 'text', required: true },
        {
          label: 'Insurer',
          field_type: 'dropdown',
          required: false,
          options: [{ text: 'Acme' }, { text: 'Zeta' }],
        },
      ],
    });
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({
      title: 'Renew insurance',
      summary: 'Before Friday',
      status: 'not-started',
      task_type: 'task',
      is_oneoff_task: true,
      run_id: null,
      step_id: null,
      deadline: '2025-01-09T17:00:00.000Z',
      owners: { users: [bob.userId], guests: ['broker@example.com'], groups: [] },
      owner_id: org.admin.userId,
    });
    const withFields = await api.get(`${tasks()}/${res.body.data.id}?with=form_fields`);
    const fields = withFields.body.data.form_fields.data;
    expect(fields.map((x: { label: string }) => x.label)).toEqual(['Policy number', 'Insurer']);
    const completing = await api.post(`/organizations/${org.orgId}/completed-tasks`, {
      task_id: res.body.data.id,
    });
    expect(completing.body.code).toBe('REQUIRED_FIELDS_MISSING');
    await api.put(`${tasks()}/${res.body.data.id}`, {
      taskdata: { [fields[0].id]: 'P-1', [fields[1].id]: { id: 2, text: 'Zeta' } },
    });
    expect(
      (await api.post(`/organizations/${org.orgId}/completed-tasks`, { task_id: res.body.data.id })).status,
    ).toBe(200);
  });

  it('pushes the deadline to working time', async () => {
    const res = await create({ deadline: '2025-01-11T10:00:00Z' });
    expect(res.body.data.deadline).toBe('2025-01-13T00:00:00.000Z');
  });

  it.each([
    [{ title: '' }, 'title'],
    [{ deadline: undefined }, 'deadline'],
    [{ deadline: 'friday' }, 'deadline'],
    [{ task_type: 'chore' }, 'task_type'],
    [{ owners: { users: [424242] } }, 'owners.users'],
    [{ form_fields: [{ label: 'X', field_type: 'dropdown', required: true }] }, 'form_fields.0.options'],
    [{ form_fields: [{ label: 'X', field_type: 'colour' }] }, 'form_fields.0.field_type'],
  ])('answers 422 for %j and creates nothing', async (body, field) => {
    const before = (await api.get(`${tasks()}?is_oneoff=true&archived=true`)).body.meta.pagination.total;
    const res = await create(body);
    expect(res.status).toBe(422);
    expect(res.body.errors[field]).toBeDefined();
    expect((await api.get(`${tasks()}?is_oneoff=true&archived=true`)).body.meta.pagination.total).toBe(
      before,
    );
  });

  it('attaches to a process with run_id, after its tasks', async () => {
    const p = await launchTemplate(api, org.orgId, { steps: [{ title: 'S1' }, { title: 'S2' }] });
    const res = await create({ run_id: p.runId });
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({ run_id: p.runId, position: 3, is_oneoff_task: true });
    const list = await api.get(`/organizations/${org.orgId}/runs/${p.runId}/tasks`);
    expect(list.body.data.map((x: { title: string }) => x.title)).toEqual(['S1', 'S2', 'Renew insurance']);
    const missing = await create({ run_id: 'a'.repeat(32) });
    expect(missing.status).toBe(404);
  });

  it('answers 403 to a light member', async () => {
    const res = await apiClient(t.app, light.token).post(tasks(), {
      title: 'Mine',
      task_type: 'task',
      deadline: '2025-01-09',
    });
    expect(res.status).toBe(403);
  });
});

describe('update, archive, restore, delete, clone', () => {
  it('updates title (name), summary (description), deadline and owners with PUT /tasks/{id}', async () => {
    const id = (await create()).body.data.id;
    const res = await api.put(`${tasks()}/${id}`, {
      name: 'Renew car insurance',
      description: 'Call the broker',
      deadline: '2025-01-10 09:00:00',
      owners: { users: [org.admin.userId] },
    });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({
      title: 'Renew car insurance',
      summary: 'Call the broker',
      deadline: '2025-01-10T09:00:00.000Z',
      owners: { users: [org.admin.userId], guests: [], groups: [] },
    });
  });

  it('archives (204), restores and deletes permanently (204)', async () => {
    const id = (await create()).body.data.id;
    expect((await api.delete(`${tasks()}/${id}`)).status).toBe(204);
    expect((await api.get(`${tasks()}/${id}`)).body.data.archived_at).not.toBeNull();
    const completing = await api.post(`/organizations/${org.orgId}/completed-tasks`, { task_id: id });
    expect(completing.body.code).toBe('TASK_ARCHIVED');
    const restored = await api.put(`${tasks()}/${id}/restore`);
    expect(restored.body.data.archived_at).toBeNull();
    expect((await api.delete(`${tasks()}/${id}/delete`)).status).toBe(204);
    expect((await api.get(`${tasks()}/${id}`)).status).toBe(404);
  });

  it('refuses to archive or delete a process task on its own (422 NOT_A_ONE_OFF_TASK)', async () => {
    const p = await launchTemplate(api, org.orgId, { steps: [{ title: 'S1' }] });
    expect((await api.delete(`${tasks()}/${p.tasks.S1}`)).body.code).toBe('NOT_A_ONE_OFF_TASK');
    expect((await api.delete(`${tasks()}/${p.tasks.S1}/delete`)).body.code).toBe('NOT_A_ONE_OFF_TASK');
  });

  it('clones a task into a new open one-off task', async () => {
    const id = (await create()).body.data.id;
    await api.post(`/organizations/${org.orgId}/completed-tasks`, { task_id: id });
    const res = await api.post(`${tasks()}/${id}/clone`);
    expect(res.status).toBe(201);
    expect(res.body.data.id).not.toBe(id);
    expect(res.body.data).toMatchObject({
      title: 'Renew insurance',
      status: 'not-started',
      completed_at: null,
    });
  });

  it('links to and unlinks from a process', async () => {
    const p = await launchTemplate(api, org.orgId, { steps: [{ title: 'S1' }] });
    const id = (await create()).body.data.id;
    const linked = await api.post(`${tasks()}/${id}/link-process`, { run_id: p.runId });
    expect(linked.body.data.run_id).toBe(p.runId);
    expect((await api.get(`/organizations/${org.orgId}/runs/${p.runId}`)).body.data.progress.total).toBe(2);
    const unlinked = await api.delete(`${tasks()}/${id}/link-process/${p.runId}`);
    expect(unlinked.body.data.run_id).toBeNull();
    expect((await api.get(`/organizations/${org.orgId}/runs/${p.runId}`)).body.data.progress.total).toBe(1);
    expect((await api.delete(`${tasks()}/${id}/link-process`)).body.code).toBe('TASK_NOT_LINKED');
    const relinked = await api.post(`${tasks()}/${id}/link-process/${p.runId}`);
    expect(relinked.body.data.run_id).toBe(p.runId);
  });
});
