/**
 * Automation rules end to end, the effects around the rules: webhooks emitted by rules, a person's
 * show/hide winning over rules, processes completing when rules hide their last open task,
 * and a rule loop cut short. Through the HTTP API only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, apiClient } from '../helpers/api.js';
import { createTestContext, type TestContext } from '../helpers/context.js';
import { addMember, createOrgWithAdmin, type TestMember, type TestOrg } from '../helpers/factories.js';
import { act, activitiesOf, eventsOf, on, rule, taskIds } from '../helpers/rules.js';
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

const run = (runId: string) => `/organizations/${org.orgId}/runs/${runId}`;
const complete = (runId: string, taskId: string) =>
  api.post(`${run(runId)}/completed-tasks`, { task_id: taskId });
const task = async (runId: string, taskId: string) =>
  (await api.get(`${run(runId)}/tasks/${taskId}`)).body.data;
const twoSteps = (b: Record<string, unknown> = {}) => [
  { id: 'a', title: 'A' },
  { id: 'b', title: 'B', ...b },
];

describe('a rule that emits a webhook', () => {
  it('given an emit_webhook rule, when its step completes, then an outbox event goes to the rule URL', async () => {
    const url = 'https://hooks.example.com/rules/crm';
    const p = await launchTemplate(api, org.orgId, {
      steps: twoSteps(),
      automated_actions: [
        rule(
          'Tell the CRM',
          [on('a', 'Step', 'completed')],
          [act('webhook', 'emit_webhook', 'a', { webhook_url: url, alias_name: 'crm-sync' })],
        ),
      ],
    });
    const a = p.tasks.A as string;
    const res = await complete(p.runId, a);
    expect(res.status).toBe(200);
    expect(res.body.data.tasks_changed_by_rules).toEqual({});
    const emitted = (await eventsOf(t, p.runId)).filter((e) => e.name === 'rule.webhook_emitted');
    expect(emitted).toHaveLength(1);
    expect(emitted[0]).toMatchObject({
      taskId: a,
      targets: [url],
      payload: {
        this_task: { id: a, status: 'completed' },
        automated_action: { automated_alias: 'Tell the CRM', alias_name: 'crm-sync', webhook_url: url },
        trigger: { kind: 'completed', task_id: a },
      },
    });
    expect(
      (await activitiesOf(t, p.runId)).find((x) => x.action === 'rule_executed')?.newValue,
    ).toMatchObject({
      actions: [{ action_type: 'webhook', action_verb: 'emit_webhook', task_id: a }],
    });
  });
});

describe('a person showing or hiding a step', () => {
  it('given B hidden by hand, when a rule would show it, then it stays hidden and nothing is reported', async () => {
    const p = await launchTemplate(api, org.orgId, {
      steps: twoSteps(),
      automated_actions: [rule('Show B', [on('a', 'Step', 'completed')], [act('visibility', 'show', 'b')])],
    });
    const { A: a, B: b } = taskIds(p.tasks, 'A', 'B');
    const hide = await api.put(`${run(p.runId)}/tasks/${b}/force-action`, { action: 'hide' });
    expect(hide.body.data.status).toBe('auto-skipped');
    const res = await complete(p.runId, a);
    expect(res.body.data.tasks_changed_by_rules).toEqual({});
    expect((await task(p.runId, b)).status).toBe('auto-skipped');
    expect((await api.get(run(p.runId))).body.data).toMatchObject({
      status: 'complete',
      progress: { total: 1 },
    });
  });

  it('given B shown by hand, when a rule would hide it, then it stays shown', async () => {
    const p = await launchTemplate(api, org.orgId, {
      steps: twoSteps({ skip_start_process: true }),
      automated_actions: [rule('Hide B', [on('a', 'Step', 'completed')], [act('visibility', 'hide', 'b')])],
    });
    const { A: a, B: b } = taskIds(p.tasks, 'A', 'B');
    await api.put(`${run(p.runId)}/tasks/${b}/force-action`, { action: 'show' });
    const res = await complete(p.runId, a);
    expect(res.body.data.tasks_changed_by_rules).toEqual({});
    expect((await task(p.runId, b)).status).toBe('not-started');
  });
});

describe('a rule hiding the last open task', () => {
  const spec = {
    steps: twoSteps(),
    automated_actions: [rule('Skip B', [on('a', 'Step', 'completed')], [act('visibility', 'hide', 'b')])],
  };
  const hiddenB = (b: string) => ({
    [b]: { id: b, title: 'B', status: { from: 'not-started', to: 'auto-skipped' }, visibility: 'hidden' },
  });

  it('given the kick-off form submitted, when A completes and B is hidden, then the process completes', async () => {
    const p = await launchTemplate(api, org.orgId, spec);
    const res = await complete(p.runId, p.tasks.A as string);
    expect(res.body.data.tasks_changed_by_rules).toEqual(hiddenB(p.tasks.B as string));
    expect((await api.get(run(p.runId))).body.data).toMatchObject({
      status: 'complete',
      progress: { complete: 1, total: 1 },
    });
  });

  it('given the kick-off form reopened, when B is hidden, then the process completes only once it is submitted', async () => {
    const p = await launchTemplate(api, org.orgId, spec);
    expect((await api.delete(`${run(p.runId)}/complete-prerun`)).status).toBe(200);
    const res = await complete(p.runId, p.tasks.A as string);
    expect(res.body.data.tasks_changed_by_rules).toEqual(hiddenB(p.tasks.B as string));
    expect((await api.get(run(p.runId))).body.data).toMatchObject({
      status: 'active',
      progress: { complete: 1, total: 1 },
    });
    expect((await api.post(`${run(p.runId)}/complete-prerun`)).status).toBe(200);
    expect((await api.get(run(p.runId))).body.data.status).toBe('complete');
  });
});

describe('a rule loop', () => {
  it('given two rules reassigning B back and forth, when B is reopened, then evaluation stops and keeps what it did', async () => {
    const only = (user: TestMember) => ({ assignees: { users: [user.userId], guests: [], groups: [] } });
    const p = await launchTemplate(api, org.orgId, {
      steps: twoSteps(),
      automated_actions: [
        rule('To Bob', [on('b', 'Step', 'reopened')], [act('assignment', 'assign_only', 'b', only(bob))]),
        rule('To Carol', [on('b', 'Step', 'reopened')], [act('assignment', 'assign_only', 'b', only(carol))]),
      ],
    });
    const b = p.tasks.B as string;
    await complete(p.runId, b);
    const res = await api.delete(`${run(p.runId)}/completed-tasks/${b}`);
    expect(res.status).toBe(200);
    expect(res.body.data.tasks_changed_by_rules).toEqual({
      [b]: {
        id: b,
        title: 'B',
        owners: {
          from: { users: [org.admin.userId], guests: [], groups: [] },
          to: { users: [carol.userId], guests: [], groups: [] },
        },
      },
    });
    expect((await task(p.runId, b)).owners.users).toEqual([carol.userId]);
    const activities = await activitiesOf(t, p.runId);
    expect(activities.filter((x) => x.action === 'rule_loop_stopped')).toHaveLength(1);
    expect(activities.find((x) => x.action === 'rule_loop_stopped')?.newValue).toMatchObject({
      trigger: { kind: 'reopened', task_id: b },
    });
  });
});
