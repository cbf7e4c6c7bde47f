/**
 * The seed 004: `POST /organizations/{org_id}/runs/{run_id}/completed-tasks` and
 * `POST /organizations/{org_id}/completed-tasks`, with every refusal, and reopening with
 * `DELETE` (and `POST`) on the same resource.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Api, apiClient } from '../helpers/api.js';
import { createTestContext, type TestContext } from '../helpers/context.js';
import { addMember, createOrgWithAdmin, type TestMember, type TestOrg } from '../helpers/factories.js';
import { launchTemplate } from '../helpers/templates.js';

let t: TestContext;
let org: TestOrg;
let api: Api;
let bob: TestMember;
let carol: TestMember;
let light: TestMember;

beforeAll(async () => {
  t = await createTestContext();
  org = await createOrgWithAdmin(t.ctx);
  api = apiClient(t.app, org.admin.token);
  bob = await addMember(t.ctx, org.orgId, 'standard');
  carol = await addMember(t.ctx, org.orgId, 'standard');
  light = await addMember(t.ctx, org.orgId, 'light');
});
afterAll(() => t.close());

const completeUrl = (runId: string) => `/organizations/${org.orgId}/runs/${runId}/completed-tasks`;
const taskUrl = (runId: string, taskId: string) =>
  `/organizations/${org.orgId}/runs/${runId}/tasks/${taskId}`;

async function outbox(taskId: string): Promise<Array<{ name: string; targets: unknown }>> {
  const rows = await t.db.kysely
    .selectFrom('outbox_events')
    .select(['name', 'targets'])
    .where('task_id', '=', taskId)
    .orderBy('sequence')
    .execute();
  return rows.map((r) => ({
    name: r.name,
    targets: typeof r.targets === 'string' ? JSON.parse(r.targets) : r.targets,
  }));
}

describe('POST /runs/{run_id}/completed-tasks', () => {
  it("completes a task and answers the seed's shape with tasks_changed_by_rules", async () => {
    const p = await launchTemplate(api, org.orgId, {
      title: 'Proposal',
      webhook: 'https://hooks.example.com/template',
      steps: [{ title: 'Review Proposal' }, { title: 'Sign' }],
    });
    t.clock.advance(60_000);
    const res = await api.post(completeUrl(p.runId), { task_id: p.tasks['Review Proposal'] });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({
      id: p.tasks['Review Proposal'],
      title: 'Review Proposal',
      status: 'completed',
      completed_at: t.clock.now().toISOString(),
      completer_id: org.admin.userId,
      tasks_changed_by_rules: {},
    });
    const stored = await api.get(`${taskUrl(p.runId, p.tasks['Review Proposal']!)}?with=activities`);
    expect(stored.body.data).toMatchObject({ status: 'completed', completer_id: org.admin.userId });
    expect(stored.body.data.activities.data.map((a: { action: string }) => a.action)).toEqual(['completed']);
    expect(await outbox(p.tasks['Review Proposal']!)).toEqual([
      { name: 'task.completed', targets: ['https://hooks.example.com/template'] },
    ]);
    const run = await api.get(`/organizations/${org.orgId}/runs/${p.runId}`);
    expect(run.body.data.progress).toEqual({ complete: 1, total: 2, percent: 50 });
  });

  it("sends a step's webhook instead of the template's for that step's completion", async () => {
    const p = await launchTemplate(api, org.orgId, {
      webhook: 'https://hooks.example.com/template',
      steps: [{ title: 'Hooked', webhook: 'https://hooks.example.com/step' }],
    });
    await api.post(completeUrl(p.runId), { task_id: p.tasks.Hooked });
    expect((await outbox(p.tasks.Hooked!))[0]).toEqual({
      name: 'task.completed',
      targets: ['https://hooks.example.com/step'],
    });
  });

  it('completes the process with its last visible task, and reopening makes it active again', async () => {
    const p = await launchTemplate(api, org.orgId, {
      steps: [{ title: 'Only' }, { title: 'Hidden', skip_start_process: true }],
    });
    await api.post(completeUrl(p.runId), { task_id: p.tasks.Only });
    const run = await api.get(`/organizations/${org.orgId}/runs/${p.runId}`);
    expect(run.body.data).toMatchObject({ status: 'complete', completed_at: t.clock.now().toISOString() });
    const events = await t.db.kysely
      .selectFrom('outbox_events')
      .select('name')
      .where('process_id', '=', p.runId)
      .orderBy('sequence')
      .execute();
    expect(events.map((e) => e.name)).toEqual(['process.launched', 'task.completed', 'process.completed']);
    await api.delete(`${completeUrl(p.runId)}/${p.tasks.Only}`);
    const reopened = await api.get(`/organizations/${org.orgId}/runs/${p.runId}`);
    expect(reopened.body.data).toMatchObject({ status: 'active', completed_at: null });
  });

  describe('approval tasks', () => {
    let p: Awaited<ReturnType<typeof launchTemplate>>;
    // A process per test: one test's decision on a task is not another's starting point.
    beforeEach(async () => {
      p = await launchTemplate(api, org.orgId, {
        steps: [
          { title: 'Approve A', step_type: 'approval' },
          { title: 'Approve B', step_type: 'approval' },
          { title: 'Approve C', step_type: 'approval' },
          { title: 'Plain' },
        ],
      });
    });

    it('answers 422 APPROVAL_DECISION_REQUIRED without is_approved, and writes nothing', async () => {
      const res = await api.post(completeUrl(p.runId), { task_id: p.tasks['Approve A'] });
      expect(res.status).toBe(422);
      expect(res.body).toMatchObject({
        code: 'APPROVAL_DECISION_REQUIRED',
        errors: { is_approved: expect.any(Array) },
      });
      const stored = await api.get(taskUrl(p.runId, p.tasks['Approve A']!));
      expect(stored.body.data.status).toBe('not-started');
      expect(await outbox(p.tasks['Approve A']!)).toEqual([]);
    });

    it('is_approved=true approves: completed, recorded, task.approved event', async () => {
      const res = await api.post(completeUrl(p.runId), { task_id: p.tasks['Approve A'], is_approved: true });
      expect(res.status).toBe(200);
      expect(res.body.data).toMatchObject({ status: 'completed', is_approved: true });
      expect((await outbox(p.tasks['Approve A']!)).map((e) => e.name)).toEqual([
        'task.completed',
        'task.approved',
      ]);
    });

    it('is_approved=false rejects: completed with is_approved false, task.rejected event and activity', async () => {
      const res = await api.post(completeUrl(p.runId), { task_id: p.tasks['Approve B'], is_approved: false });
      expect(res.status).toBe(200);
      expect(res.body.data).toMatchObject({ status: 'completed', is_approved: false });
      expect((await outbox(p.tasks['Approve B']!)).map((e) => e.name)).toEqual([
        'task.completed',
        'task.rejected',
      ]);
      const stored = await api.get(`${taskUrl(p.runId, p.tasks['Approve B']!)}?with=activities`);
      expect(stored.body.data.activities.data[0]).toMatchObject({
        action: 'rejected',
        new_value: 'completed',
      });
    });

    it('accepts "true" as a string for is_approved', async () => {
      const res = await api.post(completeUrl(p.runId), {
        task_id: p.tasks['Approve C'],
        is_approved: 'true',
      });
      expect(res.body.data.is_approved).toBe(true);
    });

    it('ignores is_approved on tasks that are not approvals', async () => {
      const res = await api.post(completeUrl(p.runId), { task_id: p.tasks.Plain, is_approved: false });
      expect(res.status).toBe(200);
      expect(res.body.data.is_approved).toBeNull();
    });
  });

  it('records an expiring task as acknowledged (is_approved true), or expired with false', async () => {
    const p = await launchTemplate(api, org.orgId, {
      steps: [
        { title: 'Ack', step_type: 'expiring' },
        { title: 'Exp', step_type: 'expiring' },
      ],
    });
    const ack = await api.post(completeUrl(p.runId), { task_id: p.tasks.Ack });
    expect(ack.body.data.is_approved).toBe(true);
    const exp = await api.post(completeUrl(p.runId), { task_id: p.tasks.Exp, is_approved: false });
    expect(exp.body.data.is_approved).toBe(false);
  });

  describe('override_user', () => {
    it('lets an admin record another member as completer', async () => {
      const p = await launchTemplate(api, org.orgId, { steps: [{ title: 'A' }] });
      const res = await api.post(completeUrl(p.runId), { task_id: p.tasks.A, override_user: bob.userId });
      expect(res.status).toBe(200);
      expect(res.body.data.completer_id).toBe(bob.userId);
    });

    it('answers 403 ADMIN_ONLY to a standard member', async () => {
      const p = await launchTemplate(api, org.orgId, { steps: [{ title: 'A' }] });
      const res = await apiClient(t.app, bob.token).post(completeUrl(p.runId), {
        task_id: p.tasks.A,
        override_user: carol.userId,
      });
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('ADMIN_ONLY');
    });

    it('answers 422 OVERRIDE_USER_NOT_MEMBER for someone outside the organization', async () => {
      const p = await launchTemplate(api, org.orgId, { steps: [{ title: 'A' }] });
      const other = await createOrgWithAdmin(t.ctx);
      const res = await api.post(completeUrl(p.runId), {
        task_id: p.tasks.A,
        override_user: other.admin.userId,
      });
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('OVERRIDE_USER_NOT_MEMBER');
    });
  });

  describe('refusals', () => {
    it('answers 422 TASK_ALREADY_COMPLETED for a completed task', async () => {
      const p = await launchTemplate(api, org.orgId, { steps: [{ title: 'A' }] });
      await api.post(completeUrl(p.runId), { task_id: p.tasks.A });
      const res = await api.post(completeUrl(p.runId), { task_id: p.tasks.A });
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('TASK_ALREADY_COMPLETED');
    });

    it('answers 422 REQUIRED_FIELDS_MISSING listing the empty required fields, then completes once filled', async () => {
      const p = await launchTemplate(api, org.orgId, {
        steps: [
          {
            title: 'Form',
            captures: [
              { label: 'Customer', field_type: 'text', required: true },
              { label: 'Plan', field_type: 'dropdown', required: true, options: [{ id: 1, text: 'Gold' }] },
              { label: 'Note', field_type: 'text', required: false },
            ],
          },
        ],
      });
      const res = await api.post(completeUrl(p.runId), { task_id: p.tasks.Form });
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('REQUIRED_FIELDS_MISSING');
      expect(res.body.missing_fields.map((f: { label: string }) => f.label)).toEqual(['Customer', 'Plan']);
      const fields = p.template.steps[0]!.captures;
      expect(Object.keys(res.body.errors).sort()).toEqual(
        [`taskdata.${fields[0]!.id}`, `taskdata.${fields[1]!.id}`].sort(),
      );
      const put = await api.put(taskUrl(p.runId, p.tasks.Form!), {
        taskdata: { [fields[0]!.id]: 'Acme', [fields[1]!.id]: { id: 1, text: 'Gold' } },
      });
      expect(put.status).toBe(200);
      expect((await api.post(completeUrl(p.runId), { task_id: p.tasks.Form })).status).toBe(200);
    });

    it('answers 422 TASK_HAS_UNRESOLVED_PROBLEM while a problem is open, and completes once resolved', async () => {
      const p = await launchTemplate(api, org.orgId, { steps: [{ title: 'A' }] });
      const problem = await api.post(`/organizations/${org.orgId}/tasks/${p.tasks.A}/problem`, {
        content: 'Stuck',
      });
      const res = await api.post(completeUrl(p.runId), { task_id: p.tasks.A });
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('TASK_HAS_UNRESOLVED_PROBLEM');
      await api.post(`/organizations/${org.orgId}/tasks/${p.tasks.A}/resolved-threads`, {
        thread_id: problem.body.data.id,
        content: 'Unstuck',
      });
      expect((await api.post(completeUrl(p.runId), { task_id: p.tasks.A })).status).toBe(200);
    });

    it('answers 422 TASK_AUTO_SKIPPED for a hidden task', async () => {
      const p = await launchTemplate(api, org.orgId, { steps: [{ title: 'A', skip_start_process: true }] });
      const res = await api.post(completeUrl(p.runId), { task_id: p.tasks.A });
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('TASK_AUTO_SKIPPED');
    });

    it('answers 422 PROCESS_ARCHIVED for a task of an archived process', async () => {
      const p = await launchTemplate(api, org.orgId, { steps: [{ title: 'A' }] });
      const archived = await api.delete(`/organizations/${org.orgId}/runs/${p.runId}`);
      expect(archived.status, JSON.stringify(archived.body)).toBe(200);
      const res = await api.post(completeUrl(p.runId), { task_id: p.tasks.A });
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('PROCESS_ARCHIVED');
    });

    it('answers 403 NOT_ASSIGNEE when only assignees may complete and the caller is not one; admins may', async () => {
      const p = await launchTemplate(api, org.orgId, {
        steps: [
          { title: 'A', assignees: [bob.userId], can_complete_only_assignees: true },
          { title: 'B', assignees: [bob.userId], can_complete_only_assignees: true },
        ],
      });
      const refused = await apiClient(t.app, carol.token).post(completeUrl(p.runId), { task_id: p.tasks.A });
      expect(refused.status).toBe(403);
      expect(refused.body.code).toBe('NOT_ASSIGNEE');
      expect(
        (await apiClient(t.app, bob.token).post(completeUrl(p.runId), { task_id: p.tasks.A })).status,
      ).toBe(200);
      expect((await api.post(completeUrl(p.runId), { task_id: p.tasks.B })).status).toBe(200);
    });

    it('answers 404 TASK_NOT_FOUND to a light member who is not assigned: they see only their own tasks', async () => {
      const p = await launchTemplate(api, org.orgId, {
        steps: [{ title: 'Theirs', assignees: [light.userId] }, { title: 'Not theirs' }],
      });
      const client = apiClient(t.app, light.token);
      expect((await client.post(completeUrl(p.runId), { task_id: p.tasks.Theirs })).status).toBe(200);
      const res = await client.post(completeUrl(p.runId), { task_id: p.tasks['Not theirs'] });
      expect([res.status, res.body.code]).toEqual([404, 'TASK_NOT_FOUND']);
    });

    it('lets a light member complete a task assigned to their group', async () => {
      const group = await api.post(`/organizations/${org.orgId}/groups`, {
        name: 'Lights',
        description: 'Light members',
        members: [light.userId],
      });
      const p = await launchTemplate(api, org.orgId, {
        steps: [{ title: 'Group task', groups: [group.body.data.id], assign_run_starter: false }],
      });
      const res = await apiClient(t.app, light.token).post(completeUrl(p.runId), {
        task_id: p.tasks['Group task'],
      });
      expect(res.status).toBe(200);
    });

    it('answers 404 TASK_NOT_FOUND for a task of another process, another organization or unknown', async () => {
      const p1 = await launchTemplate(api, org.orgId, { steps: [{ title: 'A' }] });
      const p2 = await launchTemplate(api, org.orgId, { steps: [{ title: 'B' }] });
      const res = await api.post(completeUrl(p1.runId), { task_id: p2.tasks.B });
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('TASK_NOT_FOUND');
      expect((await api.post(completeUrl(p1.runId), { task_id: 'f'.repeat(32) })).status).toBe(404);
      const other = await createOrgWithAdmin(t.ctx);
      const foreign = await apiClient(t.app, other.admin.token).post(
        `/organizations/${other.orgId}/runs/${p1.runId}/completed-tasks`,
        { task_id: p1.tasks.A },
      );
      expect(foreign.status).toBe(404);
      const stored = await api.get(taskUrl(p2.runId, p2.tasks.B!));
      expect(stored.body.data.status).toBe('not-started');
    });

    it('answers 422 VALIDATION_FAILED for a missing or malformed task_id', async () => {
      const p = await launchTemplate(api, org.orgId, { steps: [{ title: 'A' }] });
      const missing = await api.post(completeUrl(p.runId), {});
      expect(missing.status).toBe(422);
      expect(missing.body.errors.task_id).toBeDefined();
      expect((await api.post(completeUrl(p.runId), { task_id: 'abc' })).status).toBe(422);
    });
  });

  it('everyone_must_complete: each assignee gives their share; the last one completes it', async () => {
    const p = await launchTemplate(api, org.orgId, {
      steps: [{ title: 'All', assignees: [bob.userId, carol.userId], everyone_must_complete: true }],
    });
    const first = await apiClient(t.app, bob.token).post(completeUrl(p.runId), { task_id: p.tasks.All });
    expect(first.status).toBe(200);
    expect(first.body.data).toMatchObject({
      status: 'in-progress',
      completion_progress: 50,
      completed_at: null,
    });
    const again = await apiClient(t.app, bob.token).post(completeUrl(p.runId), { task_id: p.tasks.All });
    expect(again.status).toBe(422);
    expect(again.body.code).toBe('TASK_ALREADY_COMPLETED');
    const last = await apiClient(t.app, carol.token).post(completeUrl(p.runId), { task_id: p.tasks.All });
    expect(last.body.data).toMatchObject({ status: 'completed', completer_id: carol.userId });
  });

  it('two concurrent completions of one task: exactly one succeeds', async () => {
    const p = await launchTemplate(api, org.orgId, { steps: [{ title: 'Race' }] });
    const results = await Promise.all([
      api.post(completeUrl(p.runId), { task_id: p.tasks.Race }),
      apiClient(t.app, bob.token).post(completeUrl(p.runId), { task_id: p.tasks.Race }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 422]);
    expect(results.find((r) => r.status === 422)!.body.code).toBe('TASK_ALREADY_COMPLETED');
    expect((await outbox(p.tasks.Race!)).map((e) => e.name)).toEqual(['task.completed']);
  });
});

describe('POST /completed-tasks (standalone tasks)', () => {
  async function oneOff(extra: Record<string, unknown> = {}) {
    const res = await api.post(`/organizations/${org.orgId}/tasks`, {
      title: 'Call the bank',
      task_type: 'task',
      deadline: '2025-01-10 17:00:00',
      owners: { users: [org.admin.userId] },
      webhook: 'https://hooks.example.com/task',
      ...extra,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.data.id as string;
  }

  it('completes a one-off task without tasks_changed_by_rules', async () => {
    const id = await oneOff();
    const res = await api.post(`/organizations/${org.orgId}/completed-tasks`, { task_id: id });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({
      id,
      title: 'Call the bank',
      status: 'completed',
      completer_id: org.admin.userId,
    });
    expect(res.body.data).not.toHaveProperty('tasks_changed_by_rules');
    expect(await outbox(id)).toEqual([
      { name: 'task.assigned', targets: ['https://hooks.example.com/task'] },
      { name: 'task.completed', targets: ['https://hooks.example.com/task'] },
    ]);
  });

  it('requires is_approved for a one-off approval task', async () => {
    const id = await oneOff({ task_type: 'approval' });
    const res = await api.post(`/organizations/${org.orgId}/completed-tasks`, { task_id: id });
    expect(res.body.code).toBe('APPROVAL_DECISION_REQUIRED');
  });

  it('reopens with DELETE /completed-tasks/{task}', async () => {
    const id = await oneOff();
    await api.post(`/organizations/${org.orgId}/completed-tasks`, { task_id: id });
    const res = await api.delete(`/organizations/${org.orgId}/completed-tasks/${id}`);
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ status: 'in-progress', completed_at: null, completer_id: null });
    expect(res.body.data).not.toHaveProperty('tasks_changed_by_rules');
  });
});

describe('reopen: DELETE (or POST) /runs/{run_id}/completed-tasks/{task}', () => {
  it.each(['DELETE', 'POST'] as const)(
    '%s clears the completion and answers tasks_changed_by_rules',
    async (method) => {
      const p = await launchTemplate(api, org.orgId, {
        steps: [{ title: 'Approve', step_type: 'approval' }],
      });
      await api.post(completeUrl(p.runId), { task_id: p.tasks.Approve, is_approved: true });
      const res = await api.call(method, `${completeUrl(p.runId)}/${p.tasks.Approve}`);
      expect(res.status).toBe(200);
      expect(res.body.data).toMatchObject({
        id: p.tasks.Approve,
        status: 'in-progress',
        completed_at: null,
        completer_id: null,
        is_approved: null,
        tasks_changed_by_rules: {},
      });
      expect((await outbox(p.tasks.Approve!)).map((e) => e.name)).toEqual([
        'task.completed',
        'task.approved',
        'task.reopened',
      ]);
      const again = await api.post(completeUrl(p.runId), { task_id: p.tasks.Approve, is_approved: false });
      expect(again.body.data).toMatchObject({ status: 'completed', is_approved: false });
    },
  );

  it('answers 422 TASK_NOT_COMPLETED for a task that is not completed', async () => {
    const p = await launchTemplate(api, org.orgId, { steps: [{ title: 'A' }] });
    const res = await api.delete(`${completeUrl(p.runId)}/${p.tasks.A}`);
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('TASK_NOT_COMPLETED');
  });

  it('answers 404 for a task of another process', async () => {
    const p1 = await launchTemplate(api, org.orgId, { steps: [{ title: 'A' }] });
    const p2 = await launchTemplate(api, org.orgId, { steps: [{ title: 'B' }] });
    await api.post(completeUrl(p2.runId), { task_id: p2.tasks.B });
    expect((await api.delete(`${completeUrl(p1.runId)}/${p2.tasks.B}`)).status).toBe(404);
  });
});
