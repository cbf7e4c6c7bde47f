/**
 * `with=` includes load in batches: listing a process's tasks costs the same number of
 * queries whatever the page size.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { apiClient } from '../helpers/api.js';
import { createTestContext, type TestContext } from '../helpers/context.js';
import { createOrgWithAdmin, type TestOrg } from '../helpers/factories.js';
import { launchTemplate, plainSteps } from '../helpers/templates.js';

let t: TestContext;
let org: TestOrg;
let runId: string;

beforeAll(async () => {
  t = await createTestContext();
  org = await createOrgWithAdmin(t.ctx);
  const api = apiClient(t.app, org.admin.token);
  const steps = plainSteps(100).map((s, i) => ({
    ...s,
    captures: [{ label: `Field ${i}`, field_type: 'text' }],
  }));
  const p = await launchTemplate(api, org.orgId, { steps });
  runId = p.runId;
  // Give some tasks threads and activities so every include has rows to load.
  for (const title of ['Step 1', 'Step 50', 'Step 100']) {
    await api.post(`/organizations/${org.orgId}/tasks/${p.tasks[title]}/comment`, { content: `On ${title}` });
    await api.post(`/organizations/${org.orgId}/runs/${runId}/completed-tasks`, { task_id: p.tasks[title] });
  }
}, 120_000);
afterAll(() => t.close());

async function queriesFor(perPage: number): Promise<{ queries: number; count: number }> {
  const api = apiClient(t.app, org.admin.token);
  const before = t.db.stats.queries;
  const res = await api.get(
    `/organizations/${org.orgId}/runs/${runId}/tasks?with=step,form_fields,threads,activities,assets&per_page=${perPage}`,
  );
  expect(res.status).toBe(200);
  const data = res.body.data as Array<Record<string, any>>;
  expect(data.every((task) => task.step.data && task.form_fields.data.length === 1)).toBe(true);
  expect(data.every((task) => Array.isArray(task.assets.data))).toBe(true);
  return { queries: t.db.stats.queries - before, count: data.length };
}

it('lists 100 tasks with step, form_fields, threads, activities and assets in as many queries as 1 or 10', async () => {
  // The template version's definition is read at most once: the completions above may already
  // have cached it, otherwise the first answer reads it and later ones find it cached.
  const first = await queriesFor(1);
  const one = await queriesFor(1);
  expect(first.queries - one.queries).toBeGreaterThanOrEqual(0);
  expect(first.queries - one.queries).toBeLessThanOrEqual(1);
  const ten = await queriesFor(10);
  const hundred = await queriesFor(100);
  expect(hundred.count).toBe(100);
  expect(ten.count).toBe(10);
  expect(one.count).toBe(1);
  expect(hundred.queries).toBe(ten.queries);
  expect(hundred.queries).toBe(one.queries);
  // Auth (token + membership), process, page, owners, count with deadline counts, then one
  // batch per include (definitions: cached; threads + authors, activities, assets).
  expect(hundred.queries).toBeLessThanOrEqual(9);
});

it('the included records are the right ones', async () => {
  const api = apiClient(t.app, org.admin.token);
  const res = await api.get(
    `/organizations/${org.orgId}/runs/${runId}/tasks?with=threads,activities&per_page=100&status=complete`,
  );
  expect(res.body.data.map((task: { title: string }) => task.title)).toEqual([
    'Step 1',
    'Step 50',
    'Step 100',
  ]);
  for (const task of res.body.data) {
    expect(task.threads.data.map((th: { content: string }) => th.content)).toEqual([`On ${task.title}`]);
    expect(task.activities.data.map((a: { action: string }) => a.action)).toEqual(['commented', 'completed']);
  }
});
