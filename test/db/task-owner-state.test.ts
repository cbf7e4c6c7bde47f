/**
 * The task state copied onto `task_owners` (migration 0700) by database triggers
 * stays equal to the task's through every write path, and the lists of one owner that read
 * it answer exactly what the general query answers.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { deadlineKeySql } from '../../src/db/dialect.js';
import { type Api, apiClient } from '../helpers/api.js';
import { createTestContext, type TestContext } from '../helpers/context.js';
import { addMember, createOrgWithAdmin, type TestMember, type TestOrg } from '../helpers/factories.js';
import { act, on, rule } from '../helpers/rules.js';
import { createTemplate, type LaunchedProcess } from '../helpers/templates.js';

let t: TestContext;
let org: TestOrg;
let api: Api;
let bob: TestMember;
let carol: TestMember;
/** Owns no task: `owners=bob,nobody` takes the general query and must answer as `owners=bob`. */
let nobody: TestMember;
let p: LaunchedProcess;
let template: LaunchedProcess['template'];
/** The instant every test starts at (the test context's Monday morning). */
const START = '2025-01-06T09:00:00.000Z';

const hours = (value: number) => ({ value, unit: 'hours', option: 'from', step: 'start_run' });
const days = (value: number) => ({ value, unit: 'days', option: 'from', step: 'start_run' });
const base = () => `/organizations/${org.orgId}`;
const runTask = (title: string) => `${base()}/runs/${p.runId}/tasks/${p.tasks[title]}`;
const complete = (title: string) =>
  api.post(`${base()}/runs/${p.runId}/completed-tasks`, { task_id: p.tasks[title] });

/** Owner rows whose copied state differs from their task's (as readable values). */
async function outOfSync() {
  const rows = await t.db.kysely
    .selectFrom('task_owners as o')
    .innerJoin('tasks as t', 't.id', 'o.task_id')
    .select(['o.task_id', 'o.kind', 'o.owner_id', 'o.task_status', 't.status', 't.archived_at'])
    .select(['o.task_completed', 'o.task_archived'])
    // deadline_key is compared in SQL: PostgreSQL's `infinity` is not a JavaScript date.
    .select(
      sql<number>`case when o.deadline_key = coalesce(t.deadline, ${sql.raw(deadlineKeySql(t.db.dialect))})
        then 1 else 0 end`.as('deadline_ok'),
    )
    .where('o.organization_id', '=', org.orgId)
    .execute();
  expect(rows.length).toBeGreaterThan(0);
  return rows.filter(
    (r) =>
      r.task_status !== r.status ||
      Boolean(r.task_completed) !== (r.status === 'completed') ||
      Boolean(r.task_archived) !== (r.archived_at !== null) ||
      Number(r.deadline_ok) !== 1,
  );
}

async function ownerState(title: string, ownerId: number) {
  return t.db.kysely
    .selectFrom('task_owners')
    .select(['task_status', 'task_completed', 'task_archived'])
    .where('task_id', '=', p.tasks[title] ?? '')
    .where('kind', '=', 'user')
    .where('owner_id', '=', String(ownerId))
    .executeTakeFirst();
}

beforeAll(async () => {
  t = await createTestContext();
  org = await createOrgWithAdmin(t.ctx);
  api = apiClient(t.app, org.admin.token);
  bob = await addMember(t.ctx, org.orgId, 'standard');
  carol = await addMember(t.ctx, org.orgId, 'standard');
  nobody = await addMember(t.ctx, org.orgId, 'standard');
  const tpl = await createTemplate(api, org.orgId, {
    title: 'Sync',
    steps: [
      {
        title: 'Draft',
        deadline: hours(1),
        assignees: [bob.userId, carol.userId],
        assign_run_starter: false,
      },
      { title: 'Review', deadline: days(1), assignees: [bob.userId], skip_start_process: true },
      { title: 'Ship', deadline: days(2), assignees: [bob.userId], assign_run_starter: false },
      { title: 'Later', assignees: [bob.userId], assign_run_starter: false },
      { title: 'Same time', deadline: days(2), assignees: [bob.userId], assign_run_starter: false },
    ],
  });
  const [draft, review] = tpl.steps;
  const created = await api.post(
    `${base()}/checklists/${tpl.id}/automated-actions`,
    rule(
      'Show Review after Draft',
      [on(draft?.id ?? '', 'Step', 'completed')],
      [act('visibility', 'show', review?.id ?? '')],
    ),
  );
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  template = tpl;
  // A one-off task of bob's too, and a second process so the lists hold more than one run.
  const oneoff = await api.post(`${base()}/tasks`, {
    title: 'Call the bank',
    task_type: 'task',
    owners: { users: [bob.userId] },
    deadline: '2025-01-07 12:00:00',
  });
  expect(oneoff.status, JSON.stringify(oneoff.body)).toBe(201);
  const other = await api.post(`${base()}/runs`, { checklist_id: tpl.id, name: 'Other run' });
  expect(other.status).toBe(201);
});
afterAll(() => t.close());

/**
 * Each test changes a process of its own, launched at the same instant (the clock goes back
 * to the start), so no test sees what another did to its process, in any order.
 */
beforeEach(async () => {
  t.clock.set(START);
  const run = await api.post(`${base()}/runs`, { checklist_id: template.id, name: 'Sync run' });
  expect(run.status, JSON.stringify(run.body)).toBe(201);
  const list = await api.get(`${base()}/runs/${run.body.data.id}/tasks?without_pagination=true`);
  const tasks: Record<string, string> = {};
  for (const task of list.body.data) tasks[task.title] = task.id;
  p = { runId: run.body.data.id, template, tasks, body: run.body };
});

describe('task_owners keeps a copy of its task’s state (triggers)', () => {
  it('fills new owner rows at launch, hidden steps included', async () => {
    expect(await outOfSync()).toEqual([]);
    expect(await ownerState('Review', bob.userId)).toMatchObject({ task_status: 'auto-skipped' });
  });

  it('follows completion, rules showing a step, and reopening', async () => {
    expect((await complete('Draft')).status).toBe(200);
    expect(await ownerState('Draft', carol.userId)).toMatchObject({ task_status: 'completed' });
    expect((await ownerState('Review', bob.userId))?.task_status).not.toBe('auto-skipped');
    expect(await outOfSync()).toEqual([]);
    const reopened = await api.delete(`${base()}/runs/${p.runId}/completed-tasks/${p.tasks.Draft}`);
    expect(reopened.status).toBe(200);
    expect((await ownerState('Draft', bob.userId))?.task_status).not.toBe('completed');
    expect(await outOfSync()).toEqual([]);
  });

  it('follows a forced hide and show', async () => {
    expect((await api.put(`${runTask('Ship')}/force-action`, { action: 'hide' })).status).toBe(200);
    expect(await ownerState('Ship', bob.userId)).toMatchObject({ task_status: 'auto-skipped' });
    expect((await api.put(`${runTask('Ship')}/force-action`, { action: 'show' })).status).toBe(200);
    expect(await outOfSync()).toEqual([]);
  });

  it('follows deadline changes, to a date and back', async () => {
    expect((await api.put(runTask('Later'), { deadline: '2025-01-08 10:00:00' })).status).toBe(200);
    expect(await outOfSync()).toEqual([]);
    expect((await api.put(runTask('Ship'), { deadline: '2025-01-09 10:00:00' })).status).toBe(200);
    expect(await outOfSync()).toEqual([]);
  });

  it('follows owners added and removed', async () => {
    const res = await api.put(runTask('Ship'), { owners: { users: [carol.userId] } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(await ownerState('Ship', carol.userId)).toMatchObject({ task_status: res.body.data.status });
    expect(await ownerState('Ship', bob.userId)).toBeUndefined();
    expect((await complete('Ship')).status).toBe(200);
    expect(await ownerState('Ship', carol.userId)).toMatchObject({ task_status: 'completed' });
    expect(await outOfSync()).toEqual([]);
  });

  it('follows archiving and restoring the process', async () => {
    expect((await api.delete(`${base()}/runs/${p.runId}`)).status).toBe(200);
    const archived = await ownerState('Later', bob.userId);
    expect(Boolean(archived?.task_archived)).toBe(true);
    expect(await outOfSync()).toEqual([]);
    expect((await api.put(`${base()}/runs/${p.runId}/activate`)).status).toBe(200);
    expect(Boolean((await ownerState('Later', bob.userId))?.task_archived)).toBe(false);
    expect(await outOfSync()).toEqual([]);
  });
});

describe('the one-owner lists answer as the general query', () => {
  const STATUSES = ['', 'active', 'active_visible', 'overdue', 'due_soon', 'complete', 'hasproblem'];
  const SORTS = ['deadline', '-deadline', 'newest', 'position', 'title', 'problems', 'completed_newest'];

  async function compare(query: string) {
    const one = await api.get(`${base()}/tasks?owners=${bob.userId}&${query}`);
    const general = await api.get(`${base()}/tasks?owners=${bob.userId},${nobody.userId}&${query}`);
    expect(one.status, JSON.stringify(one.body)).toBe(200);
    expect(general.status).toBe(200);
    // The pagination links repeat each request's own owners; everything else must match.
    const meta = (body: { meta: { pagination: { links: unknown } } }) => ({
      ...body.meta,
      pagination: { ...body.meta.pagination, links: undefined },
    });
    expect(meta(one.body)).toEqual(meta(general.body));
    expect(one.body.data).toEqual(general.body.data);
    return one.body;
  }

  it('answers the same items, order, totals and deadline counts for every status and sort', async () => {
    // Tuesday 10:00: Draft (Monday 10:00) is overdue, Review (Tuesday 09:00+) is near.
    // A completed task, so the `complete` status lists something.
    expect((await complete('Ship')).status).toBe(200);
    t.clock.set('2025-01-07T10:00:00.000Z');
    let nonEmpty = 0;
    for (const status of STATUSES) {
      for (const sort of SORTS) {
        const body = await compare(`status=${status}&sort=${sort}`);
        if (body.data.length > 0) nonEmpty++;
      }
    }
    expect(nonEmpty).toBeGreaterThan(20);
  });

  it('answers the same pages, archived filters and other filters', async () => {
    for (const page of [1, 2, 3]) await compare(`status=active&sort=deadline&per_page=2&page=${page}`);
    await api.delete(`${base()}/runs/${p.runId}`);
    for (const archived of ['true', 'only', 'false']) {
      await compare(`status=active&sort=deadline&archived=${archived}`);
      await compare(`archived=${archived}`);
    }
    await api.put(`${base()}/runs/${p.runId}/activate`);
    await compare('status=active&q=bank');
    await compare('status=active&is_oneoff=true');
    await compare('status=overdue&deadline_before=2025-01-09');
    const problem = await api.post(`${base()}/tasks/${p.tasks['Same time']}/problem`, { content: 'Stuck' });
    expect(problem.status).toBe(201);
    const withProblem = await compare('status=hasproblem,overdue&sort=deadline');
    expect(withProblem.data.length).toBeGreaterThan(0);
  });

  it('answers /me/tasks as the member’s open tasks of the organization list', async () => {
    const mine = await apiClient(t.app, bob.token).get(`${base()}/me/tasks?per_page=100`);
    expect(mine.status).toBe(200);
    const listed = await compare('status=active_visible&sort=deadline&per_page=100');
    expect(mine.body.data.map((x: { id: string }) => x.id)).toEqual(
      listed.data.map((x: { id: string }) => x.id),
    );
    expect(mine.body.meta.pagination.total).toBe(listed.meta.pagination.total);
  });
});
