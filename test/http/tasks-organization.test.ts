/** `GET /organizations/{org}/tasks`, `GET /me/tasks` and `GET /users/{id}/tasks` (+ `/completed`). */
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
let groupId: string;
let alpha: LaunchedProcess;
let beta: LaunchedProcess;
let oneOffId: string;
let tagId: string;
let folderId: string;

const days = (value: number) => ({ value, unit: 'days', option: 'from', step: 'start_run' });

beforeAll(async () => {
  t = await createTestContext();
  org = await createOrgWithAdmin(t.ctx);
  api = apiClient(t.app, org.admin.token);
  bob = await addMember(t.ctx, org.orgId, 'standard');
  light = await addMember(t.ctx, org.orgId, 'light');
  groupId = (
    await api.post(`/organizations/${org.orgId}/groups`, {
      name: 'G',
      description: 'g',
      members: [bob.userId],
    })
  ).body.data.id;
  tagId = (await api.post(`/organizations/${org.orgId}/tags`, { title: 'Alpha' })).body.data.id;
  folderId = (await api.post(`/organizations/${org.orgId}/folders`, { name: 'Beta', folder_type: 'run' }))
    .body.data.id;
  alpha = await launchTemplate(
    api,
    org.orgId,
    {
      steps: [
        { title: 'Alpha one', deadline: days(1), assignees: [bob.userId] },
        { title: 'Alpha two', deadline: days(3), groups: [groupId], assign_run_starter: false },
      ],
    },
    { name: 'Alpha process', tags: [tagId] },
  );
  t.clock.advance(3_600_000);
  beta = await launchTemplate(
    api,
    org.orgId,
    { steps: [{ title: 'Beta one', deadline: days(2), assignees: [light.userId] }] },
    { name: 'Beta process', folders: [folderId] },
  );
  t.clock.advance(3_600_000);
  const oneOff = await api.post(`/organizations/${org.orgId}/tasks`, {
    title: 'Call the bank',
    task_type: 'task',
    deadline: '2025-01-08T11:00:00Z',
    owners: { users: [bob.userId] },
  });
  oneOffId = oneOff.body.data.id;
  await api.post(`/organizations/${org.orgId}/runs/${alpha.runId}/completed-tasks`, {
    task_id: alpha.tasks['Alpha one'],
  });
  await api.post(`/organizations/${org.orgId}/tasks/${beta.tasks['Beta one']}/problem`, { content: 'Help' });
  t.clock.set('2025-01-07T12:00:00.000Z');
});
afterAll(() => t.close());

async function titles(query: string, client: Api = api, path = 'tasks'): Promise<string[]> {
  const res = await client.get(`/organizations/${org.orgId}/${path}${query ? `?${query}` : ''}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.data.map((task: { title: string }) => task.title);
}

describe('GET /organizations/{org}/tasks', () => {
  it('lists process and one-off tasks, by deadline, with overdue and due-soon counts', async () => {
    const res = await api.get(`/organizations/${org.orgId}/tasks`);
    expect(res.body.data.map((task: { title: string }) => task.title)).toEqual([
      'Alpha one',
      'Beta one',
      'Call the bank',
      'Alpha two',
    ]);
    expect(res.body.data[2]).toMatchObject({ is_oneoff_task: true, run_id: null, step_id: null });
    expect(res.body.meta).toMatchObject({ overdue_tasks: 0, tasks_due_soon: 2 });
  });

  it.each([
    ['q=beta', ['Beta one']],
    ['q=bank', ['Call the bank']],
    ['status=complete', ['Alpha one']],
    ['status=hasproblem', ['Beta one']],
    ['status=due_soon', ['Call the bank', 'Beta one']],
    ['is_oneoff=true', ['Call the bank']],
    ['is_oneoff=false', ['Alpha one', 'Beta one', 'Alpha two']],
    ['sort=newest', ['Call the bank', 'Beta one', 'Alpha two', 'Alpha one']],
    ['sort=-deadline', ['Alpha two', 'Call the bank', 'Beta one', 'Alpha one']],
    ['sort=problems', ['Beta one', 'Alpha one', 'Call the bank', 'Alpha two']],
    ['tag={tag}', ['Alpha one', 'Alpha two']],
    ['folder={folder}', ['Beta one']],
    ['created=2025-01-06', ['Alpha one', 'Call the bank', 'Beta one', 'Alpha two']],
    ['created=2025-01-07:2025-01-09', []],
  ])('%s', async (raw, expected) => {
    const query = raw.replace('{tag}', tagId).replace('{folder}', folderId);
    expect((await titles(query)).sort()).toEqual([...expected].sort());
    if (query.startsWith('sort=')) expect(await titles(query)).toEqual(expected);
  });

  it('owners / groups / guests / unassigned work as on a process', async () => {
    expect(await titles(`owners=${bob.userId}`)).toEqual(['Alpha one', 'Call the bank']);
    expect(await titles(`groups=${groupId}`)).toEqual(['Alpha two']);
    expect(await titles('unassigned=true')).toEqual([]);
  });

  it('archived=true includes archived tasks; archived=only lists only them', async () => {
    await api.delete(`/organizations/${org.orgId}/tasks/${oneOffId}`);
    expect(await titles('')).not.toContain('Call the bank');
    expect(await titles('archived=only')).toEqual(['Call the bank']);
    expect(await titles('archived=true')).toContain('Call the bank');
    await api.put(`/organizations/${org.orgId}/tasks/${oneOffId}/restore`);
  });

  it.each(['roles=abc', 'created=yesterday', 'sort=priority', 'archived=maybe'])(
    'answers 422 for %s',
    async (query) => {
      const res = await api.get(`/organizations/${org.orgId}/tasks?${query}`);
      expect(res.status).toBe(422);
      expect(Object.keys(res.body.errors)).toEqual([query.split('=')[0]]);
    },
  );

  it('shows a light member only their own tasks', async () => {
    expect(await titles('', apiClient(t.app, light.token))).toEqual(['Beta one']);
  });

  it('takes the organization list includes (run, run.checklist, step, form_fields, threads)', async () => {
    const res = await api.get(`/organizations/${org.orgId}/tasks?with=run,run.checklist,step,threads&q=beta`);
    expect(res.body.data[0].run.data).toMatchObject({
      id: beta.runId,
      name: 'Beta process',
      status: 'problem',
    });
    expect(res.body.data[0].run.data.checklist.data.id).toBe(beta.template.id);
    expect(res.body.data[0].threads.data[0]).toMatchObject({ label: 'problem', content: 'Help' });
  });
});

describe('GET /me/tasks and /users/{id}/tasks', () => {
  it("lists the caller's open tasks, their groups' included", async () => {
    expect(await titles('', apiClient(t.app, bob.token), 'me/tasks')).toEqual(['Call the bank', 'Alpha two']);
  });

  it('lists completed ones under /completed', async () => {
    expect(await titles('', api, `users/${bob.userId}/tasks/completed`)).toEqual(['Alpha one']);
    expect(await titles('', apiClient(t.app, bob.token), 'me/tasks/completed')).toEqual(['Alpha one']);
  });

  it("lists another member's tasks for a standard member, but not for a light one", async () => {
    expect(await titles('', apiClient(t.app, bob.token), `users/${light.userId}/tasks`)).toEqual([
      'Beta one',
    ]);
    const res = await apiClient(t.app, light.token).get(
      `/organizations/${org.orgId}/users/${bob.userId}/tasks`,
    );
    expect(res.status).toBe(403);
  });

  it('answers 404 MEMBER_NOT_FOUND for someone who is not a member', async () => {
    const other = await createOrgWithAdmin(t.ctx);
    const res = await api.get(`/organizations/${org.orgId}/users/${other.admin.userId}/tasks`);
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('MEMBER_NOT_FOUND');
  });
});
