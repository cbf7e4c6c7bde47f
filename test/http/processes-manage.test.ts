/** Processes after launch: list, get, update, archive, activate, delete, kick-off form, form fields, activity. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, apiClient } from '../helpers/api.js';
import { createTestContext, type TestContext } from '../helpers/context.js';
import { addMember, createOrgWithAdmin, type TestMember, type TestOrg } from '../helpers/factories.js';
import { createTemplate, type LaunchedProcess, launchTemplate, plainSteps } from '../helpers/templates.js';

let t: TestContext;
let org: TestOrg;
let api: Api;
let bob: TestMember;
let light: TestMember;
let hiring: LaunchedProcess;
let sales: LaunchedProcess;
let done: LaunchedProcess;
let gone: LaunchedProcess;
let TAG: string;

beforeAll(async () => {
  t = await createTestContext();
  org = await createOrgWithAdmin(t.ctx);
  api = apiClient(t.app, org.admin.token);
  bob = await addMember(t.ctx, org.orgId, 'standard');
  light = await addMember(t.ctx, org.orgId, 'light');
  TAG = (await api.post(`/organizations/${org.orgId}/tags`, { title: 'Hiring' })).body.data.id;
  hiring = await launchTemplate(
    api,
    org.orgId,
    {
      title: 'Hiring',
      prerun: [{ label: 'Candidate', field_type: 'text' }],
      steps: [
        { title: 'Screen', assignees: [bob.userId], captures: [{ label: 'Score', field_type: 'text' }] },
        { title: 'Offer' },
      ],
    },
    { name: 'Hire Ada', tags: [TAG] },
  );
  t.clock.advance(60_000);
  sales = await launchTemplate(
    api,
    org.orgId,
    { title: 'Sales', steps: [{ title: 'Call', assignees: [light.userId] }] },
    { name: 'Sell to Acme', starred: true },
  );
  t.clock.advance(60_000);
  done = await launchTemplate(
    api,
    org.orgId,
    { title: 'Quick', steps: plainSteps(1) },
    { name: 'Quick win' },
  );
  await api.post(`/organizations/${org.orgId}/runs/${done.runId}/completed-tasks`, {
    task_id: done.tasks['Step 1'],
  });
  t.clock.advance(60_000);
  gone = await launchTemplate(api, org.orgId, { title: 'Old', steps: plainSteps(1) }, { name: 'Old thing' });
  await api.delete(`/organizations/${org.orgId}/runs/${gone.runId}`);
  await api.post(`/organizations/${org.orgId}/tasks/${sales.tasks.Call}/problem`, { content: 'No answer' });
});
afterAll(() => t.close());

const runs = () => `/organizations/${org.orgId}/runs`;
async function names(query: string, client: Api = api): Promise<string[]> {
  const res = await client.get(`${runs()}${query ? `?${query}` : ''}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.data.map((p: { name: string }) => p.name);
}

describe('GET /runs', () => {
  it('lists processes newest first, archived ones left out', async () => {
    expect(await names('')).toEqual(['Quick win', 'Sell to Acme', 'Hire Ada']);
  });

  it.each([
    ['q=acme', ['Sell to Acme']],
    ['status=active', ['Hire Ada']],
    ['status=problem', ['Sell to Acme']],
    ['status=complete', ['Quick win']],
    ['status=archived', ['Old thing']],
    ['archived=only', ['Old thing']],
    ['status=starred', ['Sell to Acme']],
    ['tag={tag}', ['Hire Ada']],
    ['sort=name', ['Hire Ada', 'Quick win', 'Sell to Acme']],
    ['sort=created_at', ['Hire Ada', 'Sell to Acme', 'Quick win']],
  ])('%s', async (raw, expected) => {
    const query = raw.replace('{tag}', TAG);
    expect(await names(query)).toEqual(expected);
  });

  it('filters by template and by people (owner, launcher or assignee)', async () => {
    expect(await names(`checklist_id=${hiring.template.id}`)).toEqual(['Hire Ada']);
    expect(await names(`owners=${bob.userId}`)).toEqual(['Hire Ada']);
  });

  it('pages and includes checklist, tasks, next_task and form_fields', async () => {
    const res = await api.get(`${runs()}?per_page=1&page=3&with=checklist,tasks,next_task,form_fields`);
    expect(res.body.meta.pagination).toMatchObject({ total: 3, per_page: 1, current_page: 3 });
    const run = res.body.data[0];
    expect(run.name).toBe('Hire Ada');
    expect(run.checklist.data).toMatchObject({ id: hiring.template.id, title: 'Hiring' });
    expect(run.tasks.data.map((x: { title: string }) => x.title)).toEqual(['Screen', 'Offer']);
    expect(run.next_task.data[0]).toMatchObject({ title: 'Screen' });
    expect(run.form_fields.data.map((x: { label: string }) => x.label)).toEqual(['Score']);
  });

  it('shows a light member only processes they take part in', async () => {
    expect(await names('', apiClient(t.app, light.token))).toEqual(['Sell to Acme']);
  });

  it.each(['status=sleeping', 'sort=colour', 'owners=x'])('answers 422 for %s', async (query) => {
    expect((await api.get(`${runs()}?${query}`)).status).toBe(422);
  });
});

describe('GET /runs/{id}', () => {
  it('answers 404 for a process of another organization', async () => {
    const other = await createOrgWithAdmin(t.ctx);
    const res = await apiClient(t.app, other.admin.token).get(
      `/organizations/${other.orgId}/runs/${hiring.runId}`,
    );
    expect(res.status).toBe(404);
  });

  it('answers 404 to a light member who takes no part in it', async () => {
    expect((await apiClient(t.app, light.token).get(`${runs()}/${hiring.runId}`)).status).toBe(404);
  });
});

describe('PUT /runs/{id}', () => {
  it('updates name, summary, flags, collaborators and kick-off values, with activity', async () => {
    const field = hiring.template.prerun[0]!;
    const res = await api.put(`${runs()}/${hiring.runId}`, {
      name: 'Hire Ada Lovelace',
      summary: 'Senior role',
      starred: true,
      users: [bob.userId],
      prerun: { [field.id]: 'Ada Lovelace' },
    });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({
      name: 'Hire Ada Lovelace',
      summary: 'Senior role',
      starred: true,
      users: [bob.userId],
      prerun: { [field.id]: 'Ada Lovelace' },
    });
    const feed = await api.get(`${runs()}/${hiring.runId}/activity`);
    const fields = feed.body.data
      .filter((a: { action: string }) => a.action === 'updated')
      .map((a: { field: string }) => a.field);
    expect(fields.sort()).toEqual(['name', 'prerun.' + field.id, 'starred', 'summary', 'users'].sort());
  });

  it.each([
    [{ name: '' }, 'name'],
    [{ users: [999999] }, 'users'],
  ])('answers 422 for %j', async (body, field) => {
    const res = await api.put(`${runs()}/${hiring.runId}`, body);
    expect(res.status).toBe(422);
    expect(res.body.errors[field]).toBeDefined();
  });
});

describe('archive, activate, delete', () => {
  it('archives with DELETE (tasks too), activates with PUT …/activate and the status comes back', async () => {
    const p = await launchTemplate(api, org.orgId, { steps: plainSteps(2) });
    const archived = await api.delete(`${runs()}/${p.runId}`);
    expect(archived.status).toBe(200);
    expect(archived.body.data).toMatchObject({
      status: 'archived',
      archived_at: t.clock.now().toISOString(),
    });
    const tasks = await api.get(`${runs()}/${p.runId}/tasks`);
    expect(tasks.body.data.every((x: { archived_at: string | null }) => x.archived_at !== null)).toBe(true);
    expect(
      (await api.get(`/organizations/${org.orgId}/tasks?q=${encodeURIComponent(p.body.data.name)}`)).body
        .data,
    ).toEqual([]);
    const activated = await api.put(`${runs()}/${p.runId}/activate`);
    expect(activated.body.data).toMatchObject({ status: 'active', archived_at: null });
    const events = await t.db.kysely
      .selectFrom('outbox_events')
      .select('name')
      .where('process_id', '=', p.runId)
      .execute();
    expect(events.map((e) => e.name)).toContain('process.archived');
  });

  it('refuses to change an archived process (422 PROCESS_ARCHIVED)', async () => {
    const res = await api.put(`${runs()}/${gone.runId}`, { name: 'Revived' });
    expect(res.body.code).toBe('PROCESS_ARCHIVED');
  });

  it('deletes permanently only an archived process, and only for administrators', async () => {
    const p = await launchTemplate(api, org.orgId, { steps: plainSteps(1) });
    expect((await api.delete(`${runs()}/${p.runId}/delete`)).body.code).toBe('PROCESS_NOT_ARCHIVED');
    await api.delete(`${runs()}/${p.runId}`);
    expect((await apiClient(t.app, bob.token).delete(`${runs()}/${p.runId}/delete`)).status).toBe(403);
    expect((await api.delete(`${runs()}/${p.runId}/delete`)).status).toBe(200);
    expect((await api.get(`${runs()}/${p.runId}`)).status).toBe(404);
    expect((await api.get(`/organizations/${org.orgId}/tasks/${p.tasks['Step 1']}`)).status).toBe(404);
  });
});

describe('kick-off form, form fields, activity', () => {
  it('a process is not complete while its kick-off form is reopened', async () => {
    const template = await createTemplate(api, org.orgId, {
      prerun: [{ label: 'Client', field_type: 'text', required: true }],
      steps: plainSteps(1),
    });
    const field = template.prerun[0]!;
    const run = await api.post(runs(), { checklist_id: template.id, prerun: { [field.id]: 'Acme' } });
    const id = run.body.data.id;
    const reopened = await api.delete(`${runs()}/${id}/complete-prerun`);
    expect(reopened.body.data).toMatchObject({ prerun_status: 'pending', prerun_completed_at: null });
    const task = (await api.get(`${runs()}/${id}/tasks`)).body.data[0];
    await api.post(`${runs()}/${id}/completed-tasks`, { task_id: task.id });
    expect((await api.get(`${runs()}/${id}`)).body.data.status).toBe('active');
    const submitted = await api.post(`${runs()}/${id}/complete-prerun`);
    expect(submitted.body.data).toMatchObject({ prerun_status: 'completed', status: 'complete' });
  });

  it('lists every kick-off and task field with its value under data.form_fields', async () => {
    const score = hiring.template.steps[0]!.captures[0]!;
    await api.put(`${runs()}/${hiring.runId}/tasks/${hiring.tasks.Screen}`, {
      taskdata: { [score.id]: '9' },
    });
    const res = await api.get(`${runs()}/${hiring.runId}/form-fields`);
    expect(res.status).toBe(200);
    expect(
      res.body.data.form_fields.map((x: { label: string; field_value: unknown }) => [x.label, x.field_value]),
    ).toEqual([
      ['Candidate', 'Ada Lovelace'],
      ['Score', '9'],
    ]);
  });

  it('answers the activity feed newest first, 20 per page', async () => {
    const res = await api.get(`${runs()}/${hiring.runId}/activity`);
    expect(res.body.meta.pagination.per_page).toBe(20);
    const actions = res.body.data.map((a: { action: string }) => a.action);
    expect(actions[actions.length - 1]).toBe('launched');
    expect(res.body.data[0].created_at >= res.body.data[res.body.data.length - 1].created_at).toBe(true);
  });
});
