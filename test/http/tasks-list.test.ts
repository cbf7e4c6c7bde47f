/**
 * The seed 000: `GET /organizations/{org_id}/runs/{run_id}/tasks`, every parameter and every
 * refusal, against one process whose tasks are in every state.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, apiClient } from '../helpers/api.js';
import { createTestContext, type TestContext } from '../helpers/context.js';
import { addMember, createOrgWithAdmin, type TestMember, type TestOrg } from '../helpers/factories.js';
import { createTemplate, plainSteps } from '../helpers/templates.js';

let t: TestContext;
let org: TestOrg;
let api: Api;
let bob: TestMember;
let light: TestMember;
let groupId: string;
let runId: string;
/** Task ids by title. */
const ids: Record<string, string> = {};
const GUEST = 'guest.one@example.com';

const hours = (value: number) => ({ value, unit: 'hours', option: 'from', step: 'start_run' });
const days = (value: number) => ({ value, unit: 'days', option: 'from', step: 'start_run' });

beforeAll(async () => {
  t = await createTestContext();
  org = await createOrgWithAdmin(t.ctx);
  api = apiClient(t.app, org.admin.token);
  bob = await addMember(t.ctx, org.orgId, 'standard');
  light = await addMember(t.ctx, org.orgId, 'light');
  const group = await api.post(`/organizations/${org.orgId}/groups`, {
    name: 'Trainers',
    description: 'People who train',
    members: [bob.userId],
  });
  expect(group.status).toBe(201);
  groupId = group.body.data.id;
  const tpl = await createTemplate(api, org.orgId, {
    title: 'Onboarding',
    summary: 'Bring a customer on board',
    steps: [
      {
        title: 'Welcome Call',
        summary: '<p>Call them</p>',
        deadline: hours(1),
        assignees: [bob.userId, light.userId],
        captures: [{ label: 'Notes', field_type: 'text' }],
      },
      { title: 'Setup Account', deadline: days(1) },
      { title: 'Train', deadline: days(3), groups: [groupId], assign_run_starter: false },
      { title: 'Hidden', deadline: days(2), skip_start_process: true },
      { title: 'Review', deadline: days(2), guests: [GUEST], assign_run_starter: false },
      { title: 'Nobody', deadline: days(4), assign_run_starter: false },
    ],
  });
  const run = await api.post(`/organizations/${org.orgId}/runs`, {
    checklist_id: tpl.id,
    name: 'Acme onboarding',
  });
  expect(run.status).toBe(201);
  runId = run.body.data.id;
  const all = await api.get(`/organizations/${org.orgId}/runs/${runId}/tasks`);
  for (const task of all.body.data) ids[task.title] = task.id;
  // Setup Account completed; Train completed then reopened (in progress); a problem on Review.
  const complete = (id: string) =>
    api.post(`/organizations/${org.orgId}/runs/${runId}/completed-tasks`, { task_id: id });
  expect((await complete(ids['Setup Account']!)).status).toBe(200);
  expect((await complete(ids.Train!)).status).toBe(200);
  expect(
    (await api.delete(`/organizations/${org.orgId}/runs/${runId}/completed-tasks/${ids.Train}`)).status,
  ).toBe(200);
  const problem = await api.post(`/organizations/${org.orgId}/tasks/${ids.Review}/problem`, {
    content: 'Blocked',
  });
  expect(problem.status).toBe(201);
  const comment = await api.post(`/organizations/${org.orgId}/tasks/${ids['Welcome Call']}/comment`, {
    content: 'Booked for Tuesday',
  });
  expect(comment.status).toBe(201);
  // Tuesday 10:00: Welcome Call (Mon 10:00) is overdue; Review (Wed 09:00) is due soon.
  t.clock.set('2025-01-07T10:00:00.000Z');
});
afterAll(() => t.close());

const url = (query = '') => `/organizations/${org.orgId}/runs/${runId}/tasks${query ? `?${query}` : ''}`;
async function titles(query: string, client: Api = api): Promise<string[]> {
  const res = await client.get(url(query));
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.data.map((task: { title: string }) => task.title);
}

describe('GET /organizations/{org}/runs/{run_id}/tasks: the response', () => {
  it("answers every task with the seed's fields, hidden tasks as auto-skipped, by position", async () => {
    const res = await api.get(url());
    expect(res.status).toBe(200);
    expect(res.body.data.map((task: { title: string }) => task.title)).toEqual([
      'Welcome Call',
      'Setup Account',
      'Train',
      'Hidden',
      'Review',
      'Nobody',
    ]);
    const [welcome, setup] = res.body.data;
    expect(welcome).toMatchObject({
      id: ids['Welcome Call'],
      run_id: runId,
      alias: 'welcome-call',
      status: 'not-started',
      position: 1,
      owners: { users: [bob.userId, light.userId].sort((a, b) => a - b), guests: [], groups: [] },
      deadline: '2025-01-06T10:00:00.000Z',
      created_at: '2025-01-06T09:00:00.000Z',
      completed_at: null,
      task_type: 'task',
      is_oneoff_task: false,
    });
    expect(typeof welcome.increment_id).toBe('number');
    expect(welcome.checklist_id).toMatch(/^[0-9a-f]{32}$/);
    expect(welcome.step_id).toMatch(/^[0-9a-f]{32}$/);
    expect(typeof welcome.last_updated).toBe('string');
    expect(setup).toMatchObject({ status: 'completed', completed_at: '2025-01-06T09:00:00.000Z' });
    expect(res.body.data[3]).toMatchObject({ title: 'Hidden', status: 'auto-skipped' });
    expect(welcome).not.toHaveProperty('summary');
  });

  it('carries pagination and the overdue / due-soon counts in meta', async () => {
    const res = await api.get(url());
    expect(res.body.meta.pagination).toMatchObject({
      total: 6,
      count: 6,
      per_page: 10,
      current_page: 1,
      total_pages: 1,
    });
    expect(res.body.meta).toMatchObject({ overdue_tasks: 1, tasks_due_soon: 1 });
  });

  it('is served under /api as well', async () => {
    const res = await api.get(`/api${url('status=complete')}`);
    expect(res.status).toBe(200);
    expect(res.body.data.map((task: { title: string }) => task.title)).toEqual(['Setup Account']);
  });
});

describe('status', () => {
  it.each([
    ['complete', ['Setup Account']],
    ['active', ['Welcome Call', 'Train', 'Hidden', 'Review', 'Nobody']],
    ['incomplete', ['Welcome Call', 'Train', 'Hidden', 'Review', 'Nobody']],
    ['active_visible', ['Welcome Call', 'Train', 'Review', 'Nobody']],
    ['inprogress', ['Train']],
    ['not-started', ['Welcome Call', 'Review', 'Nobody']],
    ['hasproblem', ['Review']],
    ['overdue', ['Welcome Call']],
    ['due_soon', ['Review']],
    ['overdue,due_soon', ['Welcome Call', 'Review']],
    ['upcoming', ['Train', 'Nobody']],
    ['completed', ['Setup Account']],
  ])('status=%s answers the tasks in that group', async (status, expected) => {
    expect(await titles(`status=${status}`)).toEqual(expected);
  });

  it('counts a task one second past its deadline as overdue', async () => {
    t.clock.set('2025-01-08T09:00:01.000Z');
    expect(await titles('status=overdue')).toEqual(['Welcome Call', 'Review']);
    t.clock.set('2025-01-07T10:00:00.000Z');
  });

  it('answers 422 STATUS_FILTER_NOT_ALLOWED for auto-skipped', async () => {
    const res = await api.get(url('status=auto-skipped'));
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('STATUS_FILTER_NOT_ALLOWED');
    expect(res.body.errors.status).toBeDefined();
  });

  it('answers 422 INVALID_STATUS_FILTER for an unknown value instead of ignoring it', async () => {
    const res = await api.get(url('status=finished'));
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('INVALID_STATUS_FILTER');
  });
});

describe('owners, guests, groups, unassigned', () => {
  it('owners= lists tasks assigned to any of the member ids', async () => {
    expect(await titles(`owners=${bob.userId}`)).toEqual(['Welcome Call']);
    expect(await titles(`owners=${org.admin.userId}`)).toEqual(['Setup Account', 'Hidden']);
    expect(await titles(`owners=${bob.userId},${org.admin.userId}`)).toEqual([
      'Welcome Call',
      'Setup Account',
      'Hidden',
    ]);
  });

  it('guests= lists tasks assigned to the e-mails, case-insensitively', async () => {
    expect(await titles(`guests=${GUEST.toUpperCase()}`)).toEqual(['Review']);
  });

  it('groups= lists tasks assigned to the groups', async () => {
    expect(await titles(`groups=${groupId}`)).toEqual(['Train']);
  });

  it('unassigned=true lists tasks nobody is assigned to', async () => {
    expect(await titles('unassigned=true')).toEqual(['Nobody']);
  });

  it('combines with status', async () => {
    expect(await titles(`owners=${org.admin.userId}&status=complete`)).toEqual(['Setup Account']);
  });

  it.each([
    ['owners=abc', 'owners'],
    ['guests=not-an-email', 'guests'],
    ['groups=xyz', 'groups'],
  ])('answers 422 for %s', async (query, field) => {
    const res = await api.get(url(query));
    expect(res.status).toBe(422);
    expect(res.body.errors[field]).toBeDefined();
  });
});

describe('deadline filters', () => {
  it('deadline_on lists tasks due that day and wins over the other deadline filters', async () => {
    expect(await titles('deadline_on=2025-01-08')).toEqual(['Hidden', 'Review']);
    expect(
      await titles('deadline_on=2025-01-08&deadline_before=2025-01-01&deadline_after=2025-02-01'),
    ).toEqual(['Hidden', 'Review']);
  });

  it('deadline_before is exclusive of the day given', async () => {
    expect(await titles('deadline_before=2025-01-08')).toEqual(['Welcome Call', 'Setup Account']);
  });

  it('deadline_after is exclusive of the day given', async () => {
    expect(await titles('deadline_after=2025-01-08')).toEqual(['Train', 'Nobody']);
  });

  it('deadline_start_range / deadline_end_range include both days', async () => {
    expect(await titles('deadline_start_range=2025-01-07&deadline_end_range=2025-01-08')).toEqual([
      'Setup Account',
      'Hidden',
      'Review',
    ]);
    expect(await titles('deadline_start_range=2025-01-09')).toEqual(['Train', 'Nobody']);
    expect(await titles('deadline_end_range=2025-01-06')).toEqual(['Welcome Call']);
  });

  it.each(['deadline_on=2025-02-30', 'deadline_before=tomorrow', 'deadline_start_range=01/07/2025'])(
    'answers 422 for %s',
    async (query) => {
      const res = await api.get(url(query));
      expect(res.status).toBe(422);
      expect(Object.keys(res.body.errors)).toEqual([query.split('=')[0]]);
    },
  );
});

describe('with', () => {
  it('with=step includes the step, wrapped in data', async () => {
    const res = await api.get(url('with=step'));
    expect(res.body.data[0].step.data).toMatchObject({ id: res.body.data[0].step_id, title: 'Welcome Call' });
  });

  it('with=form_fields includes the fields with their values', async () => {
    const res = await api.get(url('with=form_fields'));
    const fields = res.body.data[0].form_fields.data;
    expect(fields).toHaveLength(1);
    expect(fields[0]).toMatchObject({ label: 'Notes', field_type: 'text', field_value: null });
    expect(res.body.data[1].form_fields).toEqual({ data: [] });
  });

  it('with=threads includes comments and problems; with=comments only comments', async () => {
    const threads = await api.get(url('with=threads'));
    const review = threads.body.data.find((task: { title: string }) => task.title === 'Review');
    expect(review.threads.data).toHaveLength(1);
    expect(review.threads.data[0]).toMatchObject({
      label: 'problem',
      content: 'Blocked',
      author_id: org.admin.userId,
    });
    const comments = await api.get(url('with=comments'));
    expect(comments.body.data[0].comments.data.map((c: { content: string }) => c.content)).toEqual([
      'Booked for Tuesday',
    ]);
    expect(
      comments.body.data.find((task: { title: string }) => task.title === 'Review').comments.data,
    ).toEqual([]);
  });

  it('with=activities includes what happened to each task', async () => {
    const res = await api.get(url('with=activities'));
    const train = res.body.data.find((task: { title: string }) => task.title === 'Train');
    expect(train.activities.data.map((a: { action: string }) => a.action)).toEqual(['completed', 'reopened']);
    expect(train.activities.data[1]).toMatchObject({
      actor_id: org.admin.userId,
      old_value: 'completed',
      new_value: 'in-progress',
    });
  });

  it('with=run,run.checklist includes the process and its template', async () => {
    const res = await api.get(url('with=run,run.checklist'));
    expect(res.body.data[0].run.data).toMatchObject({ id: runId, name: 'Acme onboarding' });
    expect(res.body.data[0].run.data.checklist.data).toMatchObject({ title: 'Onboarding' });
  });

  it('with=summary adds the summary; with=assets the files', async () => {
    const res = await api.get(url('with=summary,assets'));
    expect(res.body.data[0]).toMatchObject({ summary: '<p>Call them</p>', assets: { data: [] } });
  });

  it('takes several comma-separated values and ignores unknown ones', async () => {
    const res = await api.get(url('with=step,threads,unknown'));
    expect(res.status).toBe(200);
    expect(res.body.data[0]).toHaveProperty('step.data');
    expect(res.body.data[0]).toHaveProperty('threads.data');
    expect(res.body.data[0]).not.toHaveProperty('unknown');
  });
});

describe('sort', () => {
  it.each([
    ['position', ['Welcome Call', 'Setup Account', 'Train', 'Hidden', 'Review', 'Nobody']],
    ['-position', ['Nobody', 'Review', 'Hidden', 'Train', 'Setup Account', 'Welcome Call']],
    ['deadline', ['Welcome Call', 'Setup Account', 'Hidden', 'Review', 'Train', 'Nobody']],
    ['-deadline', ['Nobody', 'Train', 'Hidden', 'Review', 'Setup Account', 'Welcome Call']],
  ])('sort=%s', async (sort, expected) => {
    expect(await titles(`sort=${sort}`)).toEqual(expected);
  });

  it('answers 422 for a sort it does not know', async () => {
    const res = await api.get(url('sort=newest'));
    expect(res.status).toBe(422);
    expect(res.body.errors.sort).toBeDefined();
  });
});

describe('page, per_page, without_pagination', () => {
  it('pages with per_page and page, with full-URL links', async () => {
    const res = await api.get(url('per_page=2&page=2'));
    expect(res.body.data.map((task: { title: string }) => task.title)).toEqual(['Train', 'Hidden']);
    expect(res.body.meta.pagination).toMatchObject({
      total: 6,
      count: 2,
      per_page: 2,
      current_page: 2,
      total_pages: 3,
    });
    expect(res.body.meta.pagination.links.next).toMatch(/^http.*\/runs\/[0-9a-f]{32}\/tasks\?.*page=3/);
    expect(res.body.meta.pagination.links.previous).toMatch(/page=1/);
  });

  it('defaults to 10 per page', async () => {
    const tpl = await createTemplate(api, org.orgId, { steps: plainSteps(12) });
    const run = await api.post(`/organizations/${org.orgId}/runs`, { checklist_id: tpl.id });
    const res = await api.get(`/organizations/${org.orgId}/runs/${run.body.data.id}/tasks`);
    expect(res.body.data).toHaveLength(10);
    expect(res.body.meta.pagination).toMatchObject({ total: 12, per_page: 10, total_pages: 2 });
    const all = await api.get(
      `/organizations/${org.orgId}/runs/${run.body.data.id}/tasks?without_pagination=true`,
    );
    expect(all.body.data).toHaveLength(12);
    expect(all.body.meta.pagination).toMatchObject({ total: 12, total_pages: 1, current_page: 1 });
  });

  it.each(['per_page=0', 'per_page=101', 'page=0'])('answers 422 for %s', async (query) => {
    expect((await api.get(url(query))).status).toBe(422);
  });
});

describe('who can list, and what', () => {
  it('answers 404 PROCESS_NOT_FOUND for a process of another organization', async () => {
    const other = await createOrgWithAdmin(t.ctx);
    const res = await apiClient(t.app, other.admin.token).get(
      `/organizations/${other.orgId}/runs/${runId}/tasks`,
    );
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('PROCESS_NOT_FOUND');
  });

  it('answers 404 for an unknown or malformed process id', async () => {
    expect((await api.get(`/organizations/${org.orgId}/runs/${'0'.repeat(32)}/tasks`)).status).toBe(404);
    expect((await api.get(`/organizations/${org.orgId}/runs/nope/tasks`)).status).toBe(404);
  });

  it('shows a light member only the tasks assigned to them', async () => {
    expect(await titles('', apiClient(t.app, light.token))).toEqual(['Welcome Call']);
  });

  it('answers 401 without a token', async () => {
    expect((await apiClient(t.app).get(url())).status).toBe(401);
  });
});
