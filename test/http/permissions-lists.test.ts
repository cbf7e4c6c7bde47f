/**
 * Permission lists in the answers that gather many objects: organization task lists, another
 * member's tasks, search, and the includes that embed a template. What a member may not read
 * is left out in the query (pages and totals stay right), and an include of it is null.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, apiClient } from '../helpers/api.js';
import { createTestContext, type TestContext } from '../helpers/context.js';
import { addMember, createOrgWithAdmin, type TestMember, type TestOrg } from '../helpers/factories.js';
import { launchTemplate } from '../helpers/templates.js';

let t: TestContext;
let org: TestOrg;
let admin: Api;
let ann: TestMember;
let bob: TestMember;
let counter = 0;

beforeAll(async () => {
  t = await createTestContext();
  org = await createOrgWithAdmin(t.ctx, 'Permission Lists Co');
  admin = apiClient(t.app, org.admin.token);
  ann = await addMember(t.ctx, org.orgId, 'standard');
  bob = await addMember(t.ctx, org.orgId, 'standard');
});
afterAll(() => t.close());

const base = () => `/organizations/${org.orgId}`;
const as = (m: TestMember) => apiClient(t.app, m.token);

/** A word no other object of the organization carries, for search. */
const uniqueWord = () => `zq${++counter}${'x'.repeat(counter)}`;

async function taskPage(api: Api, path: string) {
  const res = await api.get(`${base()}${path}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return {
    ids: (res.body.data as Array<{ id: string }>).map((x) => x.id),
    total: res.body.meta.pagination.total as number,
  };
}

/** A process launched by the admin whose one task (`title`) is assigned to `owners`. */
async function launched(title: string, owners: number[] = []) {
  const run = await launchTemplate(admin, org.orgId, {
    title: `Template ${title}`,
    steps: [{ title, assignees: owners }],
  });
  const taskId = run.tasks[title];
  expect(taskId).toBeDefined();
  return { runId: run.runId, templateId: run.template.id, taskId: taskId as string };
}

async function restrictProcess(runId: string, readers: number[]) {
  const res = await admin.put(`${base()}/runs/${runId}/permissions`, { process_read: readers });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}

describe('organization task lists honour process read lists', () => {
  it("leaves a process's task out of the organization list and its total for a member the list does not admit", async () => {
    const bobBefore = await taskPage(as(bob), '/tasks?per_page=1');
    const annBefore = await taskPage(as(ann), '/tasks?per_page=1');
    const { runId, taskId } = await launched(`Secret task ${uniqueWord()}`);
    await restrictProcess(runId, [ann.userId]);
    const bobAll = await taskPage(as(bob), '/tasks?per_page=100');
    expect(bobAll.ids).not.toContain(taskId);
    expect((await taskPage(as(bob), '/tasks?per_page=1')).total).toBe(bobBefore.total);
    const annAll = await taskPage(as(ann), '/tasks?per_page=100');
    expect(annAll.ids).toContain(taskId);
    expect((await taskPage(as(ann), '/tasks?per_page=1')).total).toBe(annBefore.total + 1);
    expect((await taskPage(admin, '/tasks?per_page=100')).ids).toContain(taskId);
  });

  it("hides the tasks of processes whose template's process_read list leaves the member out", async () => {
    const { runId, templateId, taskId } = await launched(`Template-read task ${uniqueWord()}`);
    const put = await admin.put(`${base()}/checklists/${templateId}/permissions`, {
      process_read: [ann.userId],
    });
    expect(put.status).toBe(200);
    expect((await taskPage(as(bob), '/tasks?per_page=100')).ids).not.toContain(taskId);
    expect((await taskPage(as(ann), '/tasks?per_page=100')).ids).toContain(taskId);
    expect((await taskPage(as(bob), `/runs/${runId}/tasks`)).ids).toEqual([]);
    expect((await taskPage(as(bob), `/runs/${runId}/tasks`)).total).toBe(0);
  });

  it('keeps a task in the list of its assignee whom the process read list does not name', async () => {
    const { runId, taskId } = await launched(`Assigned task ${uniqueWord()}`, [bob.userId]);
    await restrictProcess(runId, [ann.userId]);
    expect((await taskPage(as(bob), '/tasks?per_page=100')).ids).toContain(taskId);
    expect((await taskPage(as(bob), '/me/tasks?per_page=100')).ids).toContain(taskId);
  });

  it("leaves a restricted process's task out of another member's task list and its total", async () => {
    const before = await taskPage(as(bob), `/users/${ann.userId}/tasks?per_page=1`);
    const { runId, taskId } = await launched(`Ann's secret ${uniqueWord()}`, [ann.userId]);
    await restrictProcess(runId, [ann.userId]);
    const list = await taskPage(as(bob), `/users/${ann.userId}/tasks?per_page=100`);
    expect(list.ids).not.toContain(taskId);
    expect((await taskPage(as(bob), `/users/${ann.userId}/tasks?per_page=1`)).total).toBe(before.total);
    expect((await taskPage(admin, `/users/${ann.userId}/tasks?per_page=100`)).ids).toContain(taskId);
  });
});

describe('search honours permission lists', () => {
  it('finds neither the task nor the process of a process whose read list leaves the member out', async () => {
    const word = uniqueWord();
    const { runId, taskId } = await launched(`Audit ${word}`);
    await restrictProcess(runId, [ann.userId]);
    const url = `${base()}/search?search=${word}&on=task,process`;
    const bobs = await as(bob).get(url);
    expect(bobs.status).toBe(200);
    expect(bobs.body.task.data).toEqual([]);
    expect(bobs.body.task.meta.pagination.total).toBe(0);
    const anns = await as(ann).get(url);
    expect(anns.body.task.data.map((x: { id: string }) => x.id)).toEqual([taskId]);
    const name = await as(bob).get(`${base()}/search?search=template&on=process&per_page=100`);
    expect(name.status).toBe(200);
    expect(name.body.process.data.map((x: { id: string }) => x.id)).not.toContain(runId);
  });

  it('finds no template whose read list leaves the member out', async () => {
    const word = uniqueWord();
    const { templateId } = await launched(`Playbook ${word}`);
    const put = await admin.put(`${base()}/checklists/${templateId}/permissions`, {
      checklist_read: [ann.userId],
    });
    expect(put.status).toBe(200);
    const url = `${base()}/search?search=${word}&on=blueprint`;
    const bobs = await as(bob).get(url);
    expect(bobs.status).toBe(200);
    expect(bobs.body.blueprint.data).toEqual([]);
    expect(bobs.body.blueprint.meta.pagination.total).toBe(0);
    const anns = await as(ann).get(url);
    expect(anns.body.blueprint.data.map((x: { id: string }) => x.id)).toEqual([templateId]);
  });
});
