/** Search: grouped answers from the text index, prefixes, index upkeep, visibility and input checks. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, apiClient } from '../helpers/api.js';
import { createTestContext, type TestContext } from '../helpers/context.js';
import { addMember, createOrgWithAdmin, type TestMember, type TestOrg } from '../helpers/factories.js';
import { type LaunchedProcess, launchTemplate } from '../helpers/templates.js';

let t: TestContext;
let org: TestOrg;
let api: Api;
let light: TestMember;
let invoice: LaunchedProcess;
let hiring: LaunchedProcess;

const base = () => `/organizations/${org.orgId}`;
const searchUrl = (text: string, on = 'task,process,blueprint,snippet', extra = '') =>
  `${base()}/search?search=${encodeURIComponent(text)}&on=${on}${extra}`;
const ids = (group: { data: Array<{ id: string }> }) => group.data.map((d) => d.id).sort();

beforeAll(async () => {
  t = await createTestContext();
  org = await createOrgWithAdmin(t.ctx, 'Search Co');
  api = apiClient(t.app, org.admin.token);
  light = await addMember(t.ctx, org.orgId, 'light');
  invoice = await launchTemplate(
    api,
    org.orgId,
    {
      title: 'Invoice approval',
      summary: 'Pay suppliers on time',
      steps: [{ title: 'Check vendor details' }, { title: 'Approve payment' }],
    },
    { name: 'Invoice for ACME' },
  );
  hiring = await launchTemplate(
    api,
    org.orgId,
    { title: 'Hiring', steps: [{ title: 'Interview candidate' }, { title: 'Send offer letter' }] },
    { name: 'Hire a designer', summary: 'Invoices are not involved' },
  );
});
afterAll(() => t.close());

describe('GET /search', () => {
  it('answers one paged group per on value, matching words as prefixes', async () => {
    const res = await api.get(searchUrl('inv'));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(['blueprint', 'process', 'snippet', 'task']);
    expect(ids(res.body.blueprint)).toEqual([invoice.template.id]);
    // The name of one process and the summary of the other match; the name ranks first.
    expect(res.body.process.data.map((p: { id: string }) => p.id)).toEqual([invoice.runId, hiring.runId]);
    expect(res.body.task.data).toEqual([]);
    expect(res.body.snippet).toEqual({
      data: [],
      meta: {
        pagination: {
          total: 0,
          count: 0,
          per_page: 10,
          current_page: 1,
          total_pages: 1,
          has_more_pages: false,
          links: {},
        },
      },
    });
    expect(res.body.process.meta.pagination).toMatchObject({ total: 2, count: 2 });
  });

  it('finds tasks by title and templates by a step title, each template once', async () => {
    const res = await api.get(searchUrl('vend det'));
    expect(res.status).toBe(200);
    expect(ids(res.body.task)).toEqual([invoice.tasks['Check vendor details']]);
    expect(ids(res.body.blueprint)).toEqual([invoice.template.id]);
    expect(res.body.task.data[0]).toMatchObject({ title: 'Check vendor details', run_id: invoice.runId });
    const both = await api.get(searchUrl('invoice', 'template'));
    expect(Object.keys(both.body)).toEqual(['template']);
    expect(ids(both.body.template)).toEqual([invoice.template.id]);
  });

  it('requires every word and ignores punctuation and case', async () => {
    const res = await api.get(searchUrl('"OFFER" -letter*', 'task'));
    expect(ids(res.body.task)).toEqual([hiring.tasks['Send offer letter']]);
    const none = await api.get(searchUrl('offer vendor', 'task'));
    expect(none.body.task.data).toEqual([]);
  });

  it('keeps the index current when a task is renamed, in the same transaction', async () => {
    const taskId = hiring.tasks['Interview candidate'] as string;
    const put = await api.put(`${base()}/runs/${hiring.runId}/tasks/${taskId}`, { title: 'Phone screen' });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    expect(ids((await api.get(searchUrl('phone', 'task'))).body.task)).toEqual([taskId]);
    expect((await api.get(searchUrl('interview', 'task'))).body.task.data).toEqual([]);
  });

  it('leaves archived processes and their tasks out unless withTrashed=true', async () => {
    const other = await launchTemplate(
      api,
      org.orgId,
      { title: 'Quarterly audit', steps: [{ title: 'Audit ledger' }] },
      { name: 'Audit Q3' },
    );
    expect((await api.delete(`${base()}/runs/${other.runId}`)).status).toBe(200);
    const res = await api.get(searchUrl('audit', 'process,task'));
    expect(res.body.process.data).toEqual([]);
    expect(res.body.task.data).toEqual([]);
    const trashed = await api.get(searchUrl('audit', 'process,task', '&withTrashed=true'));
    expect(ids(trashed.body.process)).toEqual([other.runId]);
    expect(ids(trashed.body.task)).toEqual([other.tasks['Audit ledger']]);
  });

  it('pages each group with per_page and page', async () => {
    const first = await api.get(searchUrl('inv', 'process', '&per_page=1'));
    expect(first.body.process.data.map((p: { id: string }) => p.id)).toEqual([invoice.runId]);
    expect(first.body.process.meta.pagination).toMatchObject({ total: 2, per_page: 1, has_more_pages: true });
    const second = await api.get(searchUrl('inv', 'process', '&per_page=1&page=2'));
    expect(second.body.process.data.map((p: { id: string }) => p.id)).toEqual([hiring.runId]);
  });

  it('filters tasks by status', async () => {
    const taskId = invoice.tasks['Approve payment'] as string;
    const done = await api.post(`${base()}/runs/${invoice.runId}/completed-tasks`, { task_id: taskId });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    const completed = await api.get(searchUrl('approve', 'task', '&status=completed'));
    expect(ids(completed.body.task)).toEqual([taskId]);
    const active = await api.get(searchUrl('approve', 'task', '&status=active'));
    expect(active.body.task.data).toEqual([]);
  });

  it('shows a light member only the tasks assigned to them and processes they take part in', async () => {
    const lightApi = apiClient(t.app, light.token);
    expect((await lightApi.get(searchUrl('offer', 'task,process'))).body.task.data).toEqual([]);
    const taskId = hiring.tasks['Send offer letter'] as string;
    const assign = await api.put(`${base()}/runs/${hiring.runId}/tasks/${taskId}`, {
      owners: { users: [light.userId] },
    });
    expect(assign.status, JSON.stringify(assign.body)).toBe(200);
    const res = await lightApi.get(searchUrl('offer', 'task'));
    expect(ids(res.body.task)).toEqual([taskId]);
    const processes = await lightApi.get(searchUrl('hire inv', 'process'));
    expect(ids(processes.body.process)).toEqual([hiring.runId]);
    const templates = await lightApi.get(searchUrl('hiring', 'blueprint'));
    expect(ids(templates.body.blueprint)).toEqual([hiring.template.id]);
  });

  it("never answers another organization's objects", async () => {
    const other = await createOrgWithAdmin(t.ctx, 'Other Co');
    const otherApi = apiClient(t.app, other.admin.token);
    const res = await otherApi.get(
      `/organizations/${other.orgId}/search?search=invoice&on=task,process,blueprint`,
    );
    expect(res.status).toBe(200);
    expect([res.body.task.data, res.body.process.data, res.body.blueprint.data]).toEqual([[], [], []]);
  });

  it.each([
    ['an unknown on value', 'search=invoice&on=widgets', 'on'],
    ['a search without letters or digits', 'search=%22%2A%22&on=task', 'search'],
  ])('answers 422 VALIDATION_FAILED for %s', async (_label, query, field) => {
    const res = await api.get(`${base()}/search?${query}`);
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(Object.keys(res.body.errors)).toEqual([field]);
  });

  it('answers 422 when search or on is missing', async () => {
    const res = await api.get(`${base()}/search?on=task`);
    expect(res.status).toBe(422);
    expect((await api.get(`${base()}/search?search=x`)).status).toBe(422);
  });
});

describe('POST /checklists/search/tasks', () => {
  it("answers run and task ids of one template's matching tasks", async () => {
    const res = await api.post(`${base()}/checklists/search/tasks`, {
      blueprint_id: invoice.template.id,
      search: 'check',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.data).toEqual([
      { run_id: invoice.runId, task_id: invoice.tasks['Check vendor details'] },
    ]);
    const otherTemplate = await api.post(`${base()}/checklists/search/tasks`, {
      blueprint_id: hiring.template.id,
      search_query: 'check',
    });
    expect(otherTemplate.body.data).toEqual([]);
  });

  it('answers 422 VALIDATION_FAILED without a search text or with a malformed id', async () => {
    const res = await api.post(`${base()}/checklists/search/tasks`, { blueprint_id: 'nope', search: '' });
    expect(res.status).toBe(422);
    expect(Object.keys(res.body.errors).sort()).toEqual(['blueprint_id', 'search']);
  });
});
