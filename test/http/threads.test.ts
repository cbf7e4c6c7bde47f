/** Comments, problems and resolutions on tasks. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, apiClient } from '../helpers/api.js';
import { createTestContext, type TestContext } from '../helpers/context.js';
import { addMember, createOrgWithAdmin, type TestMember, type TestOrg } from '../helpers/factories.js';
import { launchTemplate } from '../helpers/templates.js';

let t: TestContext;
let org: TestOrg;
let api: Api;
let bob: TestMember;
let carol: TestMember;

beforeAll(async () => {
  t = await createTestContext();
  org = await createOrgWithAdmin(t.ctx);
  api = apiClient(t.app, org.admin.token);
  bob = await addMember(t.ctx, org.orgId, 'standard');
  carol = await addMember(t.ctx, org.orgId, 'standard');
});
afterAll(() => t.close());

const taskPath = (id: string) => `/organizations/${org.orgId}/tasks/${id}`;
const runPath = (id: string) => `/organizations/${org.orgId}/runs/${id}`;

describe('comments', () => {
  it('adds a comment (201, the spec Thread), lists it with with=threads and records it', async () => {
    const p = await launchTemplate(api, org.orgId, { steps: [{ title: 'A', assignees: [bob.userId] }] });
    const res = await apiClient(t.app, bob.token).post(`${taskPath(p.tasks.A!)}/comment`, {
      content: 'Hello @[1]',
    });
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({
      task_id: p.tasks.A,
      run_id: p.runId,
      label: 'comment',
      content: 'Hello @[1]',
      state: 'hide-for-guests',
      author_id: bob.userId,
      author_type: 'member',
      author: { id: bob.userId, username: bob.email },
      resolve_id: null,
    });
    expect(typeof res.body.data.id).toBe('number');
    const task = await api.get(
      `${runPath(p.runId)}/tasks/${p.tasks.A}?with=threads,threads_count,activities`,
    );
    expect(task.body.data.threads.data.map((th: { id: number }) => th.id)).toEqual([res.body.data.id]);
    expect(task.body.data.threads_count).toBe(1);
    expect(task.body.data.activities.data.map((a: { action: string }) => a.action)).toEqual(['commented']);
    const events = await t.db.kysely
      .selectFrom('outbox_events')
      .select('name')
      .where('task_id', '=', p.tasks.A!)
      .execute();
    expect(events.map((e) => e.name)).toEqual(['task.comment_added']);
  });

  it('lets the author or an admin edit and delete; others get 403 NOT_COMMENT_AUTHOR', async () => {
    const p = await launchTemplate(api, org.orgId, { steps: [{ title: 'A' }] });
    const created = await apiClient(t.app, bob.token).post(`${taskPath(p.tasks.A!)}/comment`, {
      content: 'Draft',
    });
    const id = created.body.data.id;
    const refused = await apiClient(t.app, carol.token).put(`${taskPath(p.tasks.A!)}/comment/${id}`, {
      content: 'Mine',
    });
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('NOT_COMMENT_AUTHOR');
    const edited = await apiClient(t.app, bob.token).put(`${taskPath(p.tasks.A!)}/comment/${id}`, {
      content: 'Final',
    });
    expect(edited.body.data.content).toBe('Final');
    expect((await apiClient(t.app, carol.token).delete(`${taskPath(p.tasks.A!)}/comment/${id}`)).status).toBe(
      403,
    );
    const deleted = await api.delete(`${taskPath(p.tasks.A!)}/comment/${id}`);
    expect(deleted.status).toBe(200);
    expect(deleted.body.data.archived_at).not.toBeNull();
    const task = await api.get(`${taskPath(p.tasks.A!)}?with=comments`);
    expect(task.body.data.comments.data).toEqual([]);
  });

  it.each([
    [{ content: '' }, 'content'],
    [{ content: 'x', label: 'shout' }, 'label'],
    [{ content: 'x', state: 'secret' }, 'state'],
  ])('answers 422 for %j', async (body, field) => {
    const p = await launchTemplate(api, org.orgId, { steps: [{ title: 'A' }] });
    const res = await api.post(`${taskPath(p.tasks.A!)}/comment`, body);
    expect(res.status).toBe(422);
    expect(res.body.errors[field]).toBeDefined();
  });

  it('answers 404 for a comment id of another task and for a task of another organization', async () => {
    const p = await launchTemplate(api, org.orgId, { steps: [{ title: 'A' }, { title: 'B' }] });
    const c = await api.post(`${taskPath(p.tasks.A!)}/comment`, { content: 'on A' });
    expect(
      (await api.put(`${taskPath(p.tasks.B!)}/comment/${c.body.data.id}`, { content: 'x' })).status,
    ).toBe(404);
    const other = await createOrgWithAdmin(t.ctx);
    const res = await apiClient(t.app, other.admin.token).post(
      `/organizations/${other.orgId}/tasks/${p.tasks.A}/comment`,
      {
        content: 'x',
      },
    );
    expect(res.status).toBe(404);
  });
});

describe('problems', () => {
  it('a problem makes the task hasproblem, blocks completion and puts the process in problem status', async () => {
    const p = await launchTemplate(api, org.orgId, { steps: [{ title: 'A' }, { title: 'B' }] });
    const raised = await api.post(`${taskPath(p.tasks.A!)}/problem`, { content: 'Supplier missing' });
    expect(raised.status).toBe(201);
    expect(raised.body.data).toMatchObject({ label: 'problem', resolve_id: null });
    const task = await api.get(taskPath(p.tasks.A!));
    expect(task.body.data).toMatchObject({ problem: true, is_completable: false });
    const run = await api.get(runPath(p.runId));
    expect(run.body.data).toMatchObject({ status: 'problem', has_open_issue: true });
    expect((await api.get(`${runPath(p.runId)}/tasks?status=hasproblem`)).body.data).toHaveLength(1);
    const events = await t.db.kysely
      .selectFrom('outbox_events')
      .select('name')
      .where('task_id', '=', p.tasks.A!)
      .execute();
    expect(events.map((e) => e.name)).toEqual(['task.issue_raised']);
  });

  it('a comment labelled problem raises one too', async () => {
    const p = await launchTemplate(api, org.orgId, { steps: [{ title: 'A' }] });
    await api.post(`${taskPath(p.tasks.A!)}/comment`, { content: 'Broken', label: 'problem' });
    expect((await api.get(taskPath(p.tasks.A!))).body.data.problem).toBe(true);
  });

  it('reporting a problem on a completed task reopens it', async () => {
    const p = await launchTemplate(api, org.orgId, { steps: [{ title: 'A' }, { title: 'B' }] });
    await api.post(`${runPath(p.runId)}/completed-tasks`, { task_id: p.tasks.A });
    await api.post(`${taskPath(p.tasks.A!)}/problem`, { content: 'Wrong' });
    const task = await api.get(taskPath(p.tasks.A!));
    expect(task.body.data).toMatchObject({ status: 'in-progress', completed_at: null, problem: true });
  });

  it('resolving with an explanation lifts the block; the process returns to active', async () => {
    const p = await launchTemplate(api, org.orgId, { steps: [{ title: 'A' }, { title: 'B' }] });
    const problem = await api.post(`${taskPath(p.tasks.A!)}/problem`, { content: 'Stuck' });
    const noExplanation = await api.post(`${taskPath(p.tasks.A!)}/resolved-threads`, {
      thread_id: problem.body.data.id,
      content: '',
    });
    expect(noExplanation.status).toBe(422);
    expect(noExplanation.body.errors.content).toBeDefined();
    const resolved = await api.post(`${taskPath(p.tasks.A!)}/resolved-threads`, {
      thread_id: problem.body.data.id,
      content: 'Supplier found',
    });
    expect(resolved.status).toBe(201);
    expect(resolved.body.data).toMatchObject({ label: 'resolve', resolves_thread_id: problem.body.data.id });
    const threads = (await api.get(`${taskPath(p.tasks.A!)}?with=threads`)).body.data.threads.data;
    expect(threads[0]).toMatchObject({ label: 'problem', resolve_id: org.admin.userId });
    expect((await api.get(taskPath(p.tasks.A!))).body.data.problem).toBe(false);
    expect((await api.get(runPath(p.runId))).body.data.status).toBe('active');
    const again = await api.post(`${taskPath(p.tasks.A!)}/resolved-threads`, {
      thread_id: problem.body.data.id,
      content: 'Twice',
    });
    expect(again.body.code).toBe('PROBLEM_ALREADY_RESOLVED');
  });

  it('answers 404 THREAD_NOT_FOUND when the thread is not a problem of this task', async () => {
    const p = await launchTemplate(api, org.orgId, { steps: [{ title: 'A' }] });
    const comment = await api.post(`${taskPath(p.tasks.A!)}/comment`, { content: 'Just a note' });
    const res = await api.post(`${taskPath(p.tasks.A!)}/resolved-threads`, {
      thread_id: comment.body.data.id,
      content: 'x',
    });
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('THREAD_NOT_FOUND');
  });

  it('a comment labelled resolve on a task with no open problem is just a comment', async () => {
    const p = await launchTemplate(api, org.orgId, { steps: [{ title: 'A' }] });
    const res = await api.post(`${taskPath(p.tasks.A!)}/comment`, { content: 'Fixed', label: 'resolve' });
    expect(res.body.data.label).toBe('resolve');
    expect((await api.get(taskPath(p.tasks.A!))).body.data.problem).toBe(false);
  });
});
