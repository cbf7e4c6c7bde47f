import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient } from '../helpers/api.js';
import { createTestContext, type TestContext } from '../helpers/context.js';
import { addMember, createOrgWithAdmin, type TestOrg } from '../helpers/factories.js';

/** How people changes carry over to the tasks people are assigned to. */
let t: TestContext;
let org: TestOrg;

beforeAll(async () => {
  t = await createTestContext();
  org = await createOrgWithAdmin(t.ctx, 'People at work');
});
afterAll(() => t.close());

const admin = () => apiClient(t.app, org.admin.token);
const base = () => `/organizations/${org.orgId}`;

/** A launched one-step process whose task is assigned to `owners`. */
async function taskAssignedTo(owners: { users?: number[]; guests?: string[]; groups?: string[] }) {
  const template = await admin().post(`${base()}/checklists-with-steps`, {
    title: `Work ${Math.random()}`,
    steps: [{ title: 'Do it' }],
  });
  expect(template.status).toBe(201);
  const run = await admin().post(`${base()}/runs`, { checklist_id: template.body.data.id, name: 'Run' });
  expect(run.status).toBe(201);
  const tasks = await admin().get(`${base()}/runs/${run.body.data.id}/tasks`);
  const taskId: string = tasks.body.data[0].id;
  const put = await admin().put(`${base()}/runs/${run.body.data.id}/tasks/${taskId}`, {
    owners: { users: [], guests: [], groups: [], ...owners },
  });
  expect(put.status).toBe(200);
  return taskId;
}

async function ownersOf(taskId: string) {
  const rows = await t.db.kysely
    .selectFrom('task_owners')
    .select(['kind', 'owner_id'])
    .where('task_id', '=', taskId)
    .orderBy('kind')
    .orderBy('owner_id')
    .execute();
  return rows.map((r) => `${r.kind}:${r.owner_id}`);
}

describe('people changes and task assignments', () => {
  it('a member converted to a guest keeps their tasks, as the guest', async () => {
    const member = await addMember(t.ctx, org.orgId, 'standard');
    const taskId = await taskAssignedTo({ users: [member.userId] });
    expect((await admin().put(`${base()}/users/${member.userId}/to/guest`)).status).toBe(201);
    expect(await ownersOf(taskId)).toEqual([`guest:${member.email}`]);
  });

  it('a guest converted to a member keeps their tasks, as the member', async () => {
    await admin().post(`${base()}/guests`, { email: 'worker@example.com' });
    const taskId = await taskAssignedTo({ guests: ['worker@example.com'] });
    const res = await admin().post(`${base()}/guests/worker%40example.com/to/member`, { role: 'light' });
    expect(res.status).toBe(201);
    expect(await ownersOf(taskId)).toEqual([`user:${res.body.data.id}`]);
  });

  it('removing a member with reassignment moves their tasks to the member named', async () => {
    const leaver = await addMember(t.ctx, org.orgId, 'standard');
    const heir = await addMember(t.ctx, org.orgId, 'standard');
    const taskId = await taskAssignedTo({ users: [leaver.userId, heir.userId] });
    const other = await taskAssignedTo({ users: [leaver.userId] });
    const bad = await admin().delete(`${base()}/users/${leaver.userId}?with_reassignment=true&to=999999`);
    expect(bad.status).toBe(422);
    expect(await ownersOf(other)).toEqual([`user:${leaver.userId}`]);
    const res = await admin().delete(
      `${base()}/users/${leaver.userId}?with_reassignment=true&to=${heir.userId}`,
    );
    expect(res.status).toBe(200);
    expect(res.body.data.status).toBe('disabled');
    expect(await ownersOf(taskId)).toEqual([`user:${heir.userId}`]);
    expect(await ownersOf(other)).toEqual([`user:${heir.userId}`]);
  });

  it('deleting a guest or a group takes them off their tasks', async () => {
    await admin().post(`${base()}/guests`, { email: 'temp@example.com' });
    const group = await admin().post(`${base()}/groups`, { name: 'Temps' });
    const taskId = await taskAssignedTo({ guests: ['temp@example.com'], groups: [group.body.data.id] });
    expect((await admin().delete(`${base()}/guests/temp%40example.com`)).status).toBe(200);
    expect((await admin().delete(`${base()}/groups/${group.body.data.id}`)).status).toBe(200);
    expect(await ownersOf(taskId)).toEqual([]);
  });

  it('counts assigned and completed tasks in with=stats for members and guests', async () => {
    const member = await addMember(t.ctx, org.orgId, 'standard');
    await admin().post(`${base()}/guests`, { email: 'counted@example.com' });
    const taskId = await taskAssignedTo({ users: [member.userId], guests: ['counted@example.com'] });
    await taskAssignedTo({ users: [member.userId] });
    const before = await admin().get(`${base()}/users/${member.userId}?with=stats`);
    expect(before.body.data.stats.data).toMatchObject({ assigned_tasks: 2, tasks_completed: 0 });
    const guest = await admin().get(`${base()}/guests?with=stats&q=counted`);
    expect(guest.body.data[0].stats.data).toMatchObject({ assigned_tasks: 1, tasks_completed: 0 });
    const task = await admin().get(`${base()}/tasks/${taskId}`);
    const runId = task.body.data.run_id;
    const done = await apiClient(t.app, member.token).post(`${base()}/runs/${runId}/completed-tasks`, {
      task_id: taskId,
    });
    expect(done.status).toBe(200);
    const after = await admin().get(`${base()}/users?with=stats&q=${encodeURIComponent(member.email)}`);
    expect(after.body.data[0].stats.data).toMatchObject({
      assigned_tasks: 1,
      tasks_completed: 1,
      last_task_completed_at: t.clock.now().toISOString(),
    });
  });

  it('a task assigned to a group is its members’ task in GET /me/tasks', async () => {
    const member = await addMember(t.ctx, org.orgId, 'light');
    const group = await admin().post(`${base()}/groups`, { name: 'Crew', members: [member.userId] });
    const taskId = await taskAssignedTo({ groups: [group.body.data.id] });
    const mine = await apiClient(t.app, member.token).get(`${base()}/me/tasks`);
    expect(mine.status).toBe(200);
    expect(mine.body.data.map((task: { id: string }) => task.id)).toContain(taskId);
  });
});
