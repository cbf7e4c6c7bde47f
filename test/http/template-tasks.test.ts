/**
 * `GET /checklists/{id}/tasks` and `…/tasks/completed`: the tasks of one template's
 * processes, through the organization task list (filters, pages, visibility).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, apiClient } from '../helpers/api.js';
import { createTestContext, type TestContext } from '../helpers/context.js';
import { addMember, createOrgWithAdmin, type TestMember, type TestOrg } from '../helpers/factories.js';
import { type LaunchedProcess, launchTemplate } from '../helpers/templates.js';

let t: TestContext;
let org: TestOrg;
let other: TestOrg;
let api: Api;
let light: TestMember;
let a1: LaunchedProcess;
let a2Run: string;
let b: LaunchedProcess;

beforeAll(async () => {
  t = await createTestContext();
  org = await createOrgWithAdmin(t.ctx, 'Template Tasks Co');
  other = await createOrgWithAdmin(t.ctx, 'Other Template Tasks Co');
  api = apiClient(t.app, org.admin.token);
  light = await addMember(t.ctx, org.orgId, 'light');
  a1 = await launchTemplate(
    api,
    org.orgId,
    { title: 'Template A', steps: [{ title: 'A one', assignees: [light.userId] }, { title: 'A two' }] },
    { name: 'A run 1' },
  );
  const again = await api.post(`/organizations/${org.orgId}/runs`, {
    checklist_id: a1.template.id,
    name: 'A run 2',
  });
  a2Run = again.body.data.id;
  b = await launchTemplate(
    api,
    org.orgId,
    { title: 'Template B', steps: [{ title: 'B one' }] },
    { name: 'B run' },
  );
  t.clock.advance(60_000);
  const done = await api.post(`/organizations/${org.orgId}/runs/${a1.runId}/completed-tasks`, {
    task_id: a1.tasks['A two'],
  });
  expect(done.status).toBeLessThan(300);
});
afterAll(() => t.close());

const path = (id: string, suffix = '', o = org.orgId) =>
  `/organizations/${o}/checklists/${id}/tasks${suffix}`;
const runsAndTitles = (body: { data: Array<{ run_id: string; title: string }> }) =>
  body.data
    .map((x) => `${x.run_id === a1.runId ? 'run1' : x.run_id === a2Run ? 'run2' : 'other'}:${x.title}`)
    .sort();

describe("a template's tasks", () => {
  it("lists the tasks of the template's processes only, with the list's pagination", async () => {
    const res = await api.get(`${path(a1.template.id)}?status=active`);
    expect(res.status).toBe(200);
    expect(runsAndTitles(res.body)).toEqual(['run1:A one', 'run2:A one', 'run2:A two']);
    expect(res.body.meta.pagination).toMatchObject({ total: 3, per_page: 10, current_page: 1 });
    const paged = await api.get(`${path(a1.template.id)}?status=active&per_page=2&page=2`);
    expect(paged.body.data).toHaveLength(1);
    const onlyB = await api.get(path(b.template.id));
    expect(onlyB.body.data.map((x: { title: string }) => x.title)).toEqual(['B one']);
  });

  it("lists the template's completed tasks on /tasks/completed", async () => {
    const res = await api.get(path(a1.template.id, '/completed'));
    expect(res.status).toBe(200);
    expect(runsAndTitles(res.body)).toEqual(['run1:A two']);
  });

  it('applies the organization list filters (q)', async () => {
    const res = await api.get(`${path(a1.template.id)}?q=A%20run%202`);
    expect(runsAndTitles(res.body)).toEqual(['run2:A one', 'run2:A two']);
  });

  it('shows light members only the tasks assigned to them', async () => {
    const res = await apiClient(t.app, light.token).get(path(a1.template.id));
    expect(res.status).toBe(200);
    expect(runsAndTitles(res.body)).toEqual(['run1:A one', 'run2:A one']);
  });

  it('answers 422 for an out-of-range page and a bad status, never 500', async () => {
    const page = await api.get(`${path(a1.template.id)}?page=99999999999999999999`);
    expect(page.status).toBe(422);
    expect(page.body.code).toBe('VALIDATION_FAILED');
    const status = await api.get(`${path(a1.template.id)}?status=sleeping`);
    expect(status.status).toBe(422);
  });

  it('answers 404 TEMPLATE_NOT_FOUND for an unknown template and for another organization', async () => {
    const unknown = await api.get(path('f'.repeat(32)));
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('TEMPLATE_NOT_FOUND');
    const foreign = await apiClient(t.app, other.admin.token).get(path(a1.template.id, '', other.orgId));
    expect(foreign.status).toBe(404);
    expect(foreign.body.code).toBe('TEMPLATE_NOT_FOUND');
  });
});
