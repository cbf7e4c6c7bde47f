/** Tags: CRUD, statistics, putting them on templates, steps, processes and tasks, and the tag filters. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, apiClient } from '../helpers/api.js';
import { createTestContext, type TestContext } from '../helpers/context.js';
import { addMember, createOrgWithAdmin, type TestMember, type TestOrg } from '../helpers/factories.js';
import { createTemplate, type LaunchedProcess, launchTemplate, plainSteps } from '../helpers/templates.js';

let t: TestContext;
let org: TestOrg;
let api: Api;
let light: TestMember;

beforeAll(async () => {
  t = await createTestContext();
  org = await createOrgWithAdmin(t.ctx, 'Tags Co');
  api = apiClient(t.app, org.admin.token);
  light = await addMember(t.ctx, org.orgId, 'light');
});
afterAll(() => t.close());

const base = () => `/organizations/${org.orgId}`;
const tagsUrl = (suffix = '') => `${base()}/tags${suffix}`;

async function newTag(title: string, color?: string): Promise<string> {
  const res = await api.post(tagsUrl(), { title, ...(color ? { color } : {}) });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.data.id;
}

async function attach(tagId: string, subjectType: string, subjectId: string) {
  return api.post(`${base()}/checklists/tags`, {
    tag_id: tagId,
    subject_type: subjectType,
    subject_id: subjectId,
  });
}

describe('tag records', () => {
  // The title the duplicate case collides with, whatever ran before.
  beforeAll(async () => {
    await newTag('Urgent');
  });

  it('creates a tag with the default colour, recorded as activity and a tag.created event', async () => {
    const res = await api.post(tagsUrl(), { title: '  Pressing ' });
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({
      title: 'Pressing',
      color: '#3fb65b',
      auto_generated: false,
      deleted_at: null,
    });
    expect(res.body.data.id).toMatch(/^[0-9a-f]{32}$/);
    const activity = await t.db.kysely
      .selectFrom('activities')
      .select(['action', 'object_type'])
      .where('object_id', '=', res.body.data.id)
      .execute();
    expect(activity).toEqual([{ action: 'created', object_type: 'tag' }]);
    const events = await t.db.kysely
      .selectFrom('outbox_events')
      .select('name')
      .where('organization_id', '=', org.orgId)
      .where('name', 'like', 'tag.%')
      .execute();
    expect(events.map((e) => e.name)).toContain('tag.created');
  });

  it.each([
    [{ title: 'URGENT' }, 'TAG_TITLE_TAKEN'],
    [{ title: 'x'.repeat(31) }, 'VALIDATION_FAILED'],
    [{ title: '   ' }, 'VALIDATION_FAILED'],
    [{ title: 'Red', color: 'red' }, 'VALIDATION_FAILED'],
    [{ title: 'Red', color: '#ff00zz' }, 'VALIDATION_FAILED'],
  ])('answers 422 for %j and writes nothing', async (body, code) => {
    const count = async () =>
      (await t.db.kysely.selectFrom('tags').select('id').where('organization_id', '=', org.orgId).execute())
        .length;
    const before = await count();
    const res = await api.post(tagsUrl(), body);
    expect(res.status).toBe(422);
    expect(res.body.code).toBe(code);
    expect(await count()).toBe(before);
  });

  it('answers the losers of concurrent creates of one title 422 TAG_TITLE_TAKEN', async () => {
    const results = await Promise.all(
      Array.from({ length: 5 }, () => api.post(tagsUrl(), { title: 'Raced' })),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 422, 422, 422, 422]);
    for (const r of results.filter((x) => x.status === 422)) expect(r.body.code).toBe('TAG_TITLE_TAKEN');
  });

  it('reads, renames and recolours a tag; a title taken by another tag is refused', async () => {
    const id = await newTag('Blue', '#0000FF');
    expect((await api.get(tagsUrl(`/${id}`))).body.data).toMatchObject({ title: 'Blue', color: '#0000ff' });
    const put = await api.put(tagsUrl(`/${id}`), { title: 'Navy', color: '#000080' });
    expect(put.status).toBe(200);
    expect(put.body.data).toMatchObject({ id, title: 'Navy', color: '#000080' });
    const taken = await api.put(tagsUrl(`/${id}`), { title: 'urgent' });
    expect(taken.status).toBe(422);
    expect(taken.body.code).toBe('TAG_TITLE_TAKEN');
    expect((await api.put(tagsUrl(`/${id}`), { title: 'NAVY' })).status).toBe(200);
  });

  it('lists with q, strict and sort; archiving takes a tag out and frees its title', async () => {
    await newTag('Alpha list');
    await newTag('Alpha list two');
    const q = await api.get(tagsUrl('?q=alpha%20list&sort=-title'));
    expect(q.body.data.map((x: { title: string }) => x.title)).toEqual(['Alpha list two', 'Alpha list']);
    const strict = await api.get(tagsUrl('?q=ALPHA%20LIST&strict=true'));
    expect(strict.body.data.map((x: { title: string }) => x.title)).toEqual(['Alpha list']);
    const id = strict.body.data[0].id;
    const del = await api.delete(tagsUrl(`/${id}`));
    expect(del.status).toBe(200);
    expect(del.body.data.deleted_at).not.toBeNull();
    expect((await api.get(tagsUrl(`/${id}`))).status).toBe(404);
    expect((await api.get(tagsUrl('?q=alpha%20list'))).body.data).toHaveLength(1);
    expect((await api.post(tagsUrl(), { title: 'Alpha list' })).status).toBe(201);
    expect((await api.delete(tagsUrl(`/${id}`))).body.code).toBe('TAG_NOT_FOUND');
  });

  it('answers 422 for an unknown sort and 403 ROLE_NOT_PERMITTED for a light member creating one', async () => {
    expect((await api.get(tagsUrl('?sort=nonsense'))).status).toBe(422);
    const res = await apiClient(t.app, light.token).post(tagsUrl(), { title: 'Mine' });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('ROLE_NOT_PERMITTED');
    expect((await apiClient(t.app, light.token).get(tagsUrl())).status).toBe(200);
  });
});

describe('tags on templates, steps, processes and tasks', () => {
  let tagA: string;
  let tagB: string;
  let tagged: LaunchedProcess;
  let plain: LaunchedProcess;

  beforeAll(async () => {
    tagA = await newTag('Finance');
    tagB = await newTag('Legal', '#aa0000');
    tagged = await launchTemplate(
      api,
      org.orgId,
      { title: 'Invoices', steps: plainSteps(2) },
      { name: 'Invoice run', tags: [tagA, tagA] },
    );
    plain = await launchTemplate(
      api,
      org.orgId,
      { title: 'Plain', steps: plainSteps(1) },
      { name: 'Plain run' },
    );
  });

  it('tags a process at launch: with=tags, the tag filter and statistics', async () => {
    const got = await api.get(`${base()}/runs/${tagged.runId}?with=tags`);
    expect(got.body.data.tags.data).toEqual([
      { id: expect.any(Number), tag_id: tagA, title: 'Finance', color: '#3fb65b' },
    ]);
    const names = async (q: string) =>
      (await api.get(`${base()}/runs?${q}`)).body.data.map((p: { name: string }) => p.name).sort();
    expect(await names(`tag=${tagA}`)).toEqual(['Invoice run']);
    expect(await names(`tag_ids=${tagB},${tagA}`)).toEqual(['Invoice run']);
    expect(await names('untagged=true')).toEqual(['Plain run']);
    const stats = await api.get(tagsUrl(`/${tagA}?with=statistics`));
    expect(stats.body.data.statistics).toEqual({
      active_template: 0,
      archived_template: 0,
      active_process: 1,
      archived_process: 0,
    });
  });

  it('answers 422 UNKNOWN_TAGS-free validation for a launch with a tag of another organization, and launches nothing', async () => {
    const other = await createOrgWithAdmin(t.ctx);
    const foreign = await apiClient(t.app, other.admin.token).post(`/organizations/${other.orgId}/tags`, {
      title: 'Theirs',
    });
    const count = async () =>
      (
        await t.db.kysely
          .selectFrom('processes')
          .select('id')
          .where('organization_id', '=', org.orgId)
          .execute()
      ).length;
    const before = await count();
    const res = await api.post(`${base()}/runs`, {
      checklist_id: plain.template.id,
      tags: [foreign.body.data.id],
    });
    expect(res.status).toBe(422);
    expect(res.body.errors.tags).toBeDefined();
    expect(await count()).toBe(before);
  });

  it('puts a tag on a template and a step, shows it with=tags and filters templates by it', async () => {
    const onTemplate = await attach(tagB, 'Checklist', tagged.template.id);
    expect(onTemplate.status).toBe(200);
    expect(onTemplate.body.data).toEqual({
      id: expect.any(Number),
      tag_id: tagB,
      title: 'Legal',
      color: '#aa0000',
    });
    const again = await attach(tagB, 'checklist', tagged.template.id);
    expect(again.body.data.id).toBe(onTemplate.body.data.id);
    const onStep = await attach(tagB, 'Step', tagged.template.steps[0]!.id);
    expect(onStep.status).toBe(200);
    const template = await api.get(`${base()}/checklists/${tagged.template.id}?with=tags`);
    expect(template.body.data.tags.data.map((x: { tag_id: string }) => x.tag_id)).toEqual([tagB]);
    const titles = async (q: string) =>
      (await api.get(`${base()}/checklists?${q}`)).body.data.map((x: { title: string }) => x.title);
    expect(await titles(`tag=${tagB}`)).toEqual(['Invoices']);
    // Other tests of this file add untagged templates of their own: of this block's two, only Plain.
    const ours = ['Invoices', 'Plain'];
    expect((await titles('untagged=true')).filter((title: string) => ours.includes(title))).toEqual([
      'Plain',
    ]);
    const stats = await api.get(tagsUrl(`/${tagB}?with=statistics`));
    expect(stats.body.data.statistics.active_template).toBe(1);
  });

  it('puts a tag on a task and takes it off again; task lists filter by task or process tag', async () => {
    const taskId = plain.tasks['Step 1']!;
    const on = await attach(tagB, 'Task', taskId);
    expect(on.status).toBe(200);
    const listed = await api.get(`${base()}/tasks?tag=${tagB}&with=tags`);
    expect(listed.body.data.map((x: { id: string }) => x.id)).toEqual([taskId]);
    expect(listed.body.data[0].tags.data[0]).toMatchObject({ tag_id: tagB, title: 'Legal' });
    const byProcessTag = await api.get(`${base()}/tasks?tag=${tagA}`);
    expect(byProcessTag.body.data.map((x: { title: string }) => x.title).sort()).toEqual([
      'Step 1',
      'Step 2',
    ]);
    const off = await api.delete(`${base()}/checklists/tags/${on.body.data.id}`);
    expect(off.status).toBe(200);
    expect(off.body.data).toMatchObject({ id: on.body.data.id, tag_id: tagB });
    expect((await api.get(`${base()}/tasks?tag=${tagB}`)).body.data).toEqual([]);
    expect(
      (await api.get(`${base()}/tasks?untagged=true`)).body.data.map((x: { id: string }) => x.id),
    ).toEqual([taskId]);
    const gone = await api.delete(`${base()}/checklists/tags/${on.body.data.id}`);
    expect(gone.status).toBe(404);
    expect(gone.body.code).toBe('TAG_LINK_NOT_FOUND');
    const activity = await t.db.kysely
      .selectFrom('activities')
      .select('action')
      .where('object_id', '=', taskId)
      .where('field', '=', 'tags')
      .orderBy('id')
      .execute();
    expect(activity.map((a) => a.action)).toEqual(['tagged', 'untagged']);
  });

  it('tags a process after launch and keeps its tags list; a process PUT replaces them', async () => {
    const on = await attach(tagB, 'Run', plain.runId);
    expect(on.status).toBe(200);
    expect((await api.get(`${base()}/runs/${plain.runId}`)).body.data.tags).toEqual([tagB]);
    const put = await api.put(`${base()}/runs/${plain.runId}`, { tags: [tagA] });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    const got = await api.get(`${base()}/runs/${plain.runId}?with=tags`);
    expect(got.body.data.tags.data.map((x: { tag_id: string }) => x.tag_id)).toEqual([tagA]);
    await api.put(`${base()}/runs/${plain.runId}`, { tags: [] });
  });

  it('tags a one-off task at creation', async () => {
    const res = await api.post(`${base()}/tasks`, {
      title: 'Tagged one-off',
      task_type: 'task',
      deadline: '2025-01-10T10:00:00Z',
      tags: [tagB],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const listed = await api.get(`${base()}/tasks?tag=${tagB}`);
    expect(listed.body.data.map((x: { title: string }) => x.title)).toEqual(['Tagged one-off']);
    const bad = await api.post(`${base()}/tasks`, {
      title: 'Bad one-off',
      task_type: 'task',
      deadline: '2025-01-10T10:00:00Z',
      tags: ['f'.repeat(32)],
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.tags).toBeDefined();
  });

  it.each([
    [{ subject_type: 'Folder', subject_id: 'x' }, 422, 'VALIDATION_FAILED'],
    [{ subject_type: 'Run', subject_id: 'a'.repeat(32) }, 404, 'TAG_SUBJECT_NOT_FOUND'],
    [{ subject_type: 'Task', subject_id: 'a'.repeat(32) }, 404, 'TAG_SUBJECT_NOT_FOUND'],
    [{ subject_type: 'Step', subject_id: 'a'.repeat(32) }, 404, 'TAG_SUBJECT_NOT_FOUND'],
    [{ subject_type: 'Checklist', subject_id: 'a'.repeat(32) }, 404, 'TAG_SUBJECT_NOT_FOUND'],
  ])('answers the attach of %j with %i %s', async (body, status, code) => {
    const res = await api.post(`${base()}/checklists/tags`, { tag_id: tagA, ...body });
    expect(res.status).toBe(status);
    expect(res.body.code).toBe(code);
  });

  it('answers 404 TAG_NOT_FOUND for an unknown tag and 403 for a light member tagging a template', async () => {
    const unknown = await attach('b'.repeat(32), 'Run', tagged.runId);
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('TAG_NOT_FOUND');
    const template = await createTemplate(api, org.orgId, { steps: plainSteps(1) });
    const res = await apiClient(t.app, light.token).post(`${base()}/checklists/tags`, {
      tag_id: tagA,
      subject_type: 'Checklist',
      subject_id: template.id,
    });
    expect(res.status).toBe(403);
  });
});
