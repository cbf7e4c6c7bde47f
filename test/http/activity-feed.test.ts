/** The activity feed: filters, who sees which rows, and undoing a change through the normal update. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, apiClient } from '../helpers/api.js';
import { createTestContext, type TestContext } from '../helpers/context.js';
import { addMember, createOrgWithAdmin, type TestMember, type TestOrg } from '../helpers/factories.js';
import { type LaunchedProcess, launchTemplate } from '../helpers/templates.js';

let t: TestContext;
let org: TestOrg;
let api: Api;
let standard: TestMember;
let light: TestMember;
let run: LaunchedProcess;

const base = () => `/organizations/${org.orgId}`;
const feed = (query = '') => api.get(`${base()}/activity-feeds${query ? `?${query}` : ''}`);
const undo = (id: number, client: Api = api) => client.put(`${base()}/activity-feed/${id}/undo`);
const taskUrl = (title: string) => `${base()}/runs/${run.runId}/tasks/${run.tasks[title]}`;

/** The newest activity row of the organization matching the filter. */
async function newest(query: string): Promise<{ id: number } & Record<string, unknown>> {
  const res = await feed(`${query}&per_page=1`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  expect(res.body.data.length).toBe(1);
  return res.body.data[0];
}

beforeAll(async () => {
  t = await createTestContext();
  org = await createOrgWithAdmin(t.ctx, 'Feed Co');
  api = apiClient(t.app, org.admin.token);
  standard = await addMember(t.ctx, org.orgId, 'standard');
  light = await addMember(t.ctx, org.orgId, 'light');
  run = await launchTemplate(
    api,
    org.orgId,
    { title: 'Onboarding', steps: [{ title: 'Sign contract' }, { title: 'Order laptop' }] },
    { name: 'Onboard Ada' },
  );
  t.clock.advance(60_000);
  const renamed = await api.put(taskUrl('Sign contract'), { title: 'Sign the contract' });
  expect(renamed.status, JSON.stringify(renamed.body)).toBe(200);
  t.clock.advance(60_000);
  const assigned = await api.put(taskUrl('Order laptop'), { owners: { users: [light.userId] } });
  expect(assigned.status, JSON.stringify(assigned.body)).toBe(200);
});
afterAll(() => t.close());

describe('GET /activity-feeds', () => {
  it('answers the newest rows first, 20 a page, in the ActivityFeed shape', async () => {
    const res = await feed();
    expect(res.status).toBe(200);
    expect(res.body.meta.pagination.per_page).toBe(20);
    const ids = res.body.data.map((r: { id: number }) => r.id);
    expect(ids).toEqual([...ids].sort((a: number, b: number) => b - a));
    const rename = res.body.data.find((r: { field: string }) => r.field === 'title');
    expect(rename).toMatchObject({
      organization_id: org.orgId,
      verb: 'updated',
      source: 'Member',
      type: 'Task',
      actor_type: 'user',
      actor_id: org.admin.userId,
      actor: { id: org.admin.userId, type: 'user', email: org.admin.email },
      auditable_type: 'Task',
      auditable_id: run.tasks['Sign contract'],
      parentable_type: 'Run',
      parentable_id: run.runId,
      old_value: 'Sign contract',
      new_value: 'Sign the contract',
      undoable: true,
      undone_at: null,
    });
    const asc = await feed('sort=created_at');
    expect(asc.body.data.map((r: { id: number }) => r.id)).toEqual([...ids].reverse());
  });

  it('filters by entity, type, verb, field, actor, source, dates and text', async () => {
    const taskRows = await feed(`entity_type=task&entity_id=${run.tasks['Sign contract']}`);
    expect(taskRows.body.data.length).toBeGreaterThan(0);
    for (const row of taskRows.body.data) expect(row.auditable_id).toBe(run.tasks['Sign contract']);
    const runRows = await feed(`entity_type=run&entity_id=${run.runId}`);
    expect(runRows.body.meta.pagination.total).toBeGreaterThan(taskRows.body.meta.pagination.total);
    const processRows = await feed('type=Process');
    for (const row of processRows.body.data) expect(row.auditable_type).toBe('Run');
    const owners = await feed('verb=owners-updated');
    expect(owners.body.data.map((r: { auditable_id: string }) => r.auditable_id)).toEqual([
      run.tasks['Order laptop'],
    ]);
    expect((await feed('field=title')).body.meta.pagination.total).toBe(1);
    const mine = await feed(`actor_id=${org.admin.userId}&actor_type=user`);
    const all = await feed();
    expect(mine.body.meta.pagination.total).toBe(
      all.body.data.filter((r: { actor_id: number | null }) => r.actor_id === org.admin.userId).length,
    );
    expect((await feed(`actor_email=${encodeURIComponent(standard.email)}`)).body.data).toEqual([]);
    expect((await feed('actor_email=nobody%40example.com')).body.data).toEqual([]);
    expect(
      (await feed(`actor_email=${encodeURIComponent(org.admin.email)}`)).body.meta.pagination.total,
    ).toBe(mine.body.meta.pagination.total);
    expect((await feed('source=Guest')).body.data).toEqual([]);
    // The rename happened a minute after the launch, the assignment a minute later.
    const window = await feed('created_after=2025-01-06T09:01:00Z&created_before=2025-01-06%2009:01:30');
    expect(window.body.data.map((r: { field: string }) => r.field)).toEqual(['title']);
    expect((await feed('created_before=2025-01-05')).body.data).toEqual([]);
    expect((await feed('created_before=2025-01-06')).body.meta.pagination.total).toBe(
      all.body.meta.pagination.total,
    );
    expect((await feed('search=title')).body.meta.pagination.total).toBe(1);
  });

  it.each([
    ['an unknown type', 'type=Widget', 'type'],
    ['a malformed date', 'created_after=yesterday', 'created_after'],
    ['a one-letter search', 'search=a', 'search'],
    ['an entity type without an id', 'entity_type=run', 'entity_id'],
    ['an unknown source', 'source=Robot', 'source'],
  ])('answers 422 VALIDATION_FAILED for %s', async (_label, query, field) => {
    const res = await feed(query);
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(Object.keys(res.body.errors)).toEqual([field]);
  });

  it('answers 422 for an out-of-range page or per_page, never 500', async () => {
    expect((await feed('page=99999999999999999999')).status).toBe(422);
    expect((await feed('per_page=1e30')).status).toBe(422);
  });

  it('shows a light member only rows of their tasks and of what they did', async () => {
    const res = await apiClient(t.app, light.token).get(`${base()}/activity-feeds`);
    expect(res.status).toBe(200);
    expect(res.body.data.length).toBeGreaterThan(0);
    for (const row of res.body.data) expect(row.auditable_id).toBe(run.tasks['Order laptop']);
  });
});

describe('PUT /activity-feed/{id}/undo', () => {
  it("restores a task's old title through the normal update, recorded as a new change", async () => {
    const rename = await newest('field=title');
    const res = await undo(rename.id);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.data).toMatchObject({ id: rename.id, undoable: false });
    expect(res.body.data.undone_at).toMatch(/^2025-01-06T/);
    const task = await api.get(taskUrl('Sign contract'));
    expect(task.body.data.title).toBe('Sign contract');
    const back = await newest('field=title');
    expect(back).toMatchObject({
      old_value: 'Sign the contract',
      new_value: 'Sign contract',
      undoable: true,
    });
    const original = (await feed('field=title')).body.data.find((r: { id: number }) => r.id === rename.id);
    expect(original).toMatchObject({ undoable: false });
  });

  it('refuses to undo a change twice with 422 ACTIVITY_ALREADY_UNDONE', async () => {
    const first = (await feed('field=title&sort=created_at')).body.data[0];
    const res = await undo(first.id);
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('ACTIVITY_ALREADY_UNDONE');
  });

  it('refuses a stale undo with 409 UNDO_STALE and changes nothing', async () => {
    await api.put(taskUrl('Order laptop'), { summary: 'Any model' });
    const first = await newest('field=summary');
    await api.put(taskUrl('Order laptop'), { summary: 'A MacBook' });
    const res = await undo(first.id);
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('UNDO_STALE');
    expect((await api.get(taskUrl('Order laptop'))).body.data.summary).toBe('A MacBook');
    expect((await newest('field=summary')).undone_at).toBeNull();
  });

  it('renames a process back and unarchives an archived one', async () => {
    await api.put(`${base()}/runs/${run.runId}`, { name: 'Onboard Grace' });
    const rename = await newest('field=name');
    expect((await undo(rename.id)).status).toBe(200);
    expect((await api.get(`${base()}/runs/${run.runId}`)).body.data.name).toBe('Onboard Ada');
    expect((await api.delete(`${base()}/runs/${run.runId}`)).status).toBe(200);
    const archive = await newest('verb=archived');
    expect(archive).toMatchObject({ auditable_type: 'Run', undoable: true });
    expect((await undo(archive.id)).status).toBe(200);
    const process = await api.get(`${base()}/runs/${run.runId}`);
    expect(process.body.data.archived_at).toBeNull();
    expect((await newest('verb=unarchived')).auditable_id).toBe(run.runId);
  });

  it('answers 422 UNDO_NOT_AVAILABLE for a change without an undo (an assignment)', async () => {
    const assignment = await newest('verb=owners-updated');
    expect(assignment.undoable).toBe(false);
    const res = await undo(assignment.id);
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('UNDO_NOT_AVAILABLE');
  });

  it("answers 404 ACTIVITY_NOT_FOUND for an unknown id and another organization's row", async () => {
    expect((await undo(2_000_000_000)).body.code).toBe('ACTIVITY_NOT_FOUND');
    const other = await createOrgWithAdmin(t.ctx, 'Other Feed Co');
    const row = await newest('field=title');
    const res = await apiClient(t.app, other.admin.token).put(
      `/organizations/${other.orgId}/activity-feed/${row.id}/undo`,
    );
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('ACTIVITY_NOT_FOUND');
  });

  it('answers 403 to a light member', async () => {
    const row = await newest('field=title');
    const res = await undo(row.id, apiClient(t.app, light.token));
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('ROLE_NOT_PERMITTED');
  });
});
