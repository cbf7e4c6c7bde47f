/**
 * Work assigned by job title: steps carry job titles (`roles`), a launch puts them on the
 * tasks as owners, and the members holding a job title work on its tasks like group members.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, apiClient } from '../helpers/api.js';
import { createTestContext, type TestContext } from '../helpers/context.js';
import { addMember, createOrgWithAdmin, type TestMember, type TestOrg } from '../helpers/factories.js';
import { createTemplate, launchTemplate } from '../helpers/templates.js';

let t: TestContext;
let org: TestOrg;
let admin: Api;
let holder: TestMember;
let other: TestMember;
let reviewer: string;

const base = () => `/organizations/${org.orgId}`;

async function newJobTitle(title: string): Promise<string> {
  const res = await admin.post(`${base()}/organization-roles`, { title });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.data.id;
}

async function give(jobTitleId: string, member: TestMember): Promise<number> {
  const res = await admin.post(`${base()}/organization-roles/add-object`, {
    org_role_id: jobTitleId,
    subject_type: 'User',
    subject_id: member.userId,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.data.id;
}

const myTaskIds = async (member: TestMember) =>
  (await apiClient(t.app, member.token).get(`${base()}/me/tasks?per_page=100`)).body.data.map(
    (x: { id: string }) => x.id,
  );

beforeAll(async () => {
  t = await createTestContext();
  org = await createOrgWithAdmin(t.ctx, 'Job Title Work Co');
  admin = apiClient(t.app, org.admin.token);
  holder = await addMember(t.ctx, org.orgId, 'light');
  other = await addMember(t.ctx, org.orgId, 'light');
  reviewer = await newJobTitle('Reviewer');
  await give(reviewer, holder);
});
afterAll(() => t.close());

describe('steps assigned by job title', () => {
  it("keeps a step's job titles as lowercased ids and answers them in roles", async () => {
    const tpl = await createTemplate(admin, org.orgId, {
      steps: [{ title: 'Review', roles: [reviewer.toUpperCase()] }],
    });
    expect(tpl.steps[0]).toMatchObject({ roles: [reviewer] });
    const step = await admin.get(`${base()}/checklists/${tpl.id}/steps/${tpl.steps[0]?.id}`);
    expect(step.body.data.roles).toEqual([reviewer]);
  });

  it('answers 422 VALIDATION_FAILED naming roles.0 for a job title the organization does not have', async () => {
    const tpl = await createTemplate(admin, org.orgId, { steps: [{ title: 'Plain' }] });
    const res = await admin.put(`${base()}/checklists/${tpl.id}/steps/${tpl.steps[0]?.id}`, {
      title: 'Plain',
      roles: ['0123456789abcdef0123456789abcdef'],
    });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(Object.keys(res.body.errors)).toEqual(['roles.0']);
  });

  it("puts the step's job title on the launched task, which its holder sees in /me/tasks", async () => {
    const p = await launchTemplate(admin, org.orgId, {
      steps: [{ title: 'Check', roles: [reviewer], assign_run_starter: false }],
    });
    const taskId = p.tasks.Check as string;
    const task = await admin.get(`${base()}/tasks/${taskId}`);
    expect(task.body.data.owners).toEqual({ users: [], guests: [], groups: [], roles: [reviewer] });
    expect(task.body.data.roles).toEqual([reviewer]);
    expect(await myTaskIds(holder)).toContain(taskId);
    expect(await myTaskIds(other)).not.toContain(taskId);
    // A light member sees only their own tasks: the holder's include it, the other's do not.
    expect((await apiClient(t.app, holder.token).get(`${base()}/tasks/${taskId}`)).status).toBe(200);
    expect((await apiClient(t.app, other.token).get(`${base()}/tasks/${taskId}`)).status).toBe(404);
  });

  it('lets a holder complete a task only its assignees may complete, and refuses others 403 NOT_ASSIGNEE', async () => {
    const standard = await addMember(t.ctx, org.orgId, 'standard');
    const p = await launchTemplate(admin, org.orgId, {
      steps: [
        { title: 'Sign', roles: [reviewer], assign_run_starter: false, can_complete_only_assignees: true },
      ],
    });
    const url = `${base()}/runs/${p.runId}/completed-tasks`;
    const refused = await apiClient(t.app, standard.token).post(url, { task_id: p.tasks.Sign });
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('NOT_ASSIGNEE');
    const done = await apiClient(t.app, holder.token).post(url, { task_id: p.tasks.Sign });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
  });

  it('fills a job title with the people the launch names (roles{}), for that process only', async () => {
    const tpl = await createTemplate(admin, org.orgId, {
      steps: [{ title: 'Fill', roles: [reviewer], assign_run_starter: false }],
    });
    const res = await admin.post(`${base()}/runs`, {
      checklist_id: tpl.id,
      roles: { [reviewer]: { users: [other.userId] } },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const tasks = await admin.get(`${base()}/runs/${res.body.data.id}/tasks`);
    expect(tasks.body.data[0].owners).toEqual({ users: [other.userId], guests: [], groups: [], roles: [] });
    const unknown = await admin.post(`${base()}/runs`, {
      checklist_id: tpl.id,
      roles: { '0123456789abcdef0123456789abcdef': { users: [other.userId] } },
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body.code).toBe('VALIDATION_FAILED');
    expect(Object.keys(unknown.body.errors)).toEqual(['roles.0123456789abcdef0123456789abcdef']);
  });
});

describe('one-off tasks and the roles filter', () => {
  it('assigns a one-off task by job title and filters task lists by roles', async () => {
    const auditor = await newJobTitle('Auditor');
    const created = await admin.post(`${base()}/tasks`, {
      title: 'Audit the books',
      task_type: 'task',
      deadline: '2030-01-01T10:00:00Z',
      roles: [auditor],
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.data.owners.roles).toEqual([auditor]);
    const filtered = await admin.get(`${base()}/tasks?roles=${auditor}&per_page=100`);
    expect(filtered.status).toBe(200);
    expect(filtered.body.data.map((x: { id: string }) => x.id)).toEqual([created.body.data.id]);
    const bad = await admin.get(`${base()}/tasks?roles=not-an-id`);
    expect(bad.status).toBe(422);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    expect(Object.keys(bad.body.errors)).toEqual(['roles']);
  });

  it('answers 422 VALIDATION_FAILED naming owners.roles for an unknown job title on a one-off task', async () => {
    const res = await admin.post(`${base()}/tasks`, {
      title: 'Nobody',
      task_type: 'task',
      deadline: '2030-01-01T10:00:00Z',
      owners: { roles: ['0123456789abcdef0123456789abcdef'] },
    });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(Object.keys(res.body.errors)).toEqual(['owners.roles']);
  });
});

describe('changing who holds a job title', () => {
  it("takes the task out of a member's /me/tasks when the job title is taken off them or deleted", async () => {
    const clerk = await newJobTitle('Clerk');
    const a = await addMember(t.ctx, org.orgId, 'standard');
    const b = await addMember(t.ctx, org.orgId, 'standard');
    const roleObjectOfA = await give(clerk, a);
    await give(clerk, b);
    const p = await launchTemplate(admin, org.orgId, {
      steps: [{ title: 'File', roles: [clerk], assign_run_starter: false }],
    });
    const taskId = p.tasks.File as string;
    expect(await myTaskIds(a)).toContain(taskId);
    expect((await admin.delete(`${base()}/roles-object/${roleObjectOfA}`)).status).toBe(204);
    expect(await myTaskIds(a)).not.toContain(taskId);
    expect(await myTaskIds(b)).toContain(taskId);
    expect((await admin.delete(`${base()}/organization-roles/${clerk}`)).status).toBe(204);
    expect(await myTaskIds(b)).not.toContain(taskId);
    const task = await admin.get(`${base()}/tasks/${taskId}`);
    expect(task.body.data.owners.roles).toEqual([]);
  });
});
