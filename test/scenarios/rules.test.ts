/**
 * Automation rules end to end, through the HTTP API only: templates with automation rules are built,
 * launched and worked, and every response's `tasks_changed_by_rules` names exactly the tasks
 * rules changed and how.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, apiClient } from '../helpers/api.js';
import { createTestContext, type TestContext } from '../helpers/context.js';
import { createOrgWithAdmin, type TestOrg } from '../helpers/factories.js';
import { act, activitiesOf, eventsOf, on, rule, taskIds } from '../helpers/rules.js';
import { launchTemplate } from '../helpers/templates.js';

let t: TestContext;
let org: TestOrg;
let api: Api;
let admin: { users: number[]; guests: string[]; groups: string[] };

beforeAll(async () => {
  t = await createTestContext();
  org = await createOrgWithAdmin(t.ctx);
  api = apiClient(t.app, org.admin.token);
  admin = { users: [org.admin.userId], guests: [], groups: [] };
});
afterAll(() => t.close());

const run = (runId: string) => `/organizations/${org.orgId}/runs/${runId}`;
const complete = (runId: string, taskId: string, extra: Record<string, unknown> = {}) =>
  api.post(`${run(runId)}/completed-tasks`, { task_id: taskId, ...extra });
const task = async (runId: string, taskId: string) =>
  (await api.get(`${run(runId)}/tasks/${taskId}`)).body.data;
const shown = (id: string, title: string) => ({
  id,
  title,
  status: { from: 'auto-skipped', to: 'not-started' },
  visibility: 'shown',
});
const hidden = (id: string, title: string) => ({
  id,
  title,
  status: { from: 'not-started', to: 'auto-skipped' },
  visibility: 'hidden',
});

describe('a sequential workflow', () => {
  const steps = ['s1', 's2', 's3', 's4'].map((id, i) => ({
    id,
    title: `Step ${i + 1}`,
    skip_start_process: i > 0,
  }));
  const rules = [1, 2, 3].map((i) =>
    rule(`After step ${i}`, [on(`s${i}`, 'Step', 'completed')], [act('visibility', 'show', `s${i + 1}`)]),
  );

  it('given every step after the first hidden, when each completes, then only the next one is shown', async () => {
    const p = await launchTemplate(api, org.orgId, { steps, automated_actions: rules });
    const id = (n: number) => p.tasks[`Step ${n}`] as string;
    expect(p.body.data.progress).toMatchObject({ complete: 0, total: 1 });
    expect((await task(p.runId, id(2))).status).toBe('auto-skipped');

    for (const n of [1, 2, 3]) {
      const res = await complete(p.runId, id(n));
      expect(res.status).toBe(200);
      expect(res.body.data.tasks_changed_by_rules).toEqual({
        [id(n + 1)]: shown(id(n + 1), `Step ${n + 1}`),
      });
      expect((await task(p.runId, id(n + 1))).status).toBe('not-started');
      if (n < 3) expect((await task(p.runId, id(n + 2))).status).toBe('auto-skipped');
    }
    const last = await complete(p.runId, id(4));
    expect(last.body.data.tasks_changed_by_rules).toEqual({});
    expect((await api.get(run(p.runId))).body.data).toMatchObject({
      status: 'complete',
      progress: { complete: 4, total: 4 },
    });
    const activities = await activitiesOf(t, p.runId);
    expect(activities.filter((a) => a.action === 'rule_shown').map((a) => a.taskId)).toEqual([
      id(2),
      id(3),
      id(4),
    ]);
    expect(activities.find((a) => a.action === 'rule_shown')).toMatchObject({
      field: 'status',
      oldValue: 'auto-skipped',
      newValue: 'not-started',
      text: expect.stringContaining('"After step 1"'),
    });
    const feed = await api.get(`${run(p.runId)}/activity?per_page=100`);
    expect(feed.body.data.filter((a: any) => a.action === 'rule_executed')).toHaveLength(3);
    expect(activities.find((a) => a.action === 'rule_executed')).toMatchObject({
      objectType: 'automated_action',
      taskId: id(1),
      newValue: {
        automated_alias: 'After step 1',
        trigger: { kind: 'completed', task_id: id(1) },
        actions: [{ action_type: 'visibility', action_verb: 'show', task_id: id(2) }],
      },
    });
  });
});

describe('an approval loop', () => {
  const spec = {
    steps: [
      { id: 'draft', title: 'Draft' },
      { id: 'review', title: 'Review', step_type: 'approval', skip_start_process: true },
      { id: 'publish', title: 'Publish', skip_start_process: true },
    ],
    automated_actions: [
      rule(
        'Drafts go to review',
        [on('draft', 'Step', 'completed')],
        [act('visibility', 'show', 'review'), act('status', 'reopen', 'review')],
      ),
      rule('Rejected drafts go back', [on('review', 'Step', 'rejected')], [act('status', 'reopen', 'draft')]),
      rule(
        'Approved drafts are published',
        [on('review', 'Step', 'approved')],
        [act('visibility', 'show', 'publish')],
      ),
    ],
  };

  it('given a review step, when it is rejected the draft reopens, a new draft reopens the review and approval shows the next', async () => {
    const p = await launchTemplate(api, org.orgId, spec);
    const { Draft: draft, Review: review, Publish: publish } = taskIds(p.tasks, 'Draft', 'Review', 'Publish');

    const drafted = await complete(p.runId, draft);
    expect(drafted.body.data.tasks_changed_by_rules).toEqual({ [review]: shown(review, 'Review') });

    t.clock.advance(60_000);
    const rejected = await complete(p.runId, review, { is_approved: false });
    expect(rejected.status).toBe(200);
    expect(rejected.body.data.tasks_changed_by_rules).toEqual({
      [draft]: {
        id: draft,
        title: 'Draft',
        status: { from: 'completed', to: 'in-progress' },
        reopened: true,
      },
    });
    expect(await task(p.runId, draft)).toMatchObject({ status: 'in-progress', completed_at: null });
    expect((await api.get(run(p.runId))).body.data.status).not.toBe('complete');
    const reopenedEvents = (await eventsOf(t, p.runId)).filter((e) => e.name === 'task.reopened');
    expect(reopenedEvents.map((e) => e.taskId)).toEqual([draft]);

    const redrafted = await complete(p.runId, draft);
    expect(redrafted.body.data.tasks_changed_by_rules).toEqual({
      [review]: {
        id: review,
        title: 'Review',
        status: { from: 'completed', to: 'in-progress' },
        reopened: true,
      },
    });

    const approved = await complete(p.runId, review, { is_approved: true });
    expect(approved.body.data.tasks_changed_by_rules).toEqual({ [publish]: shown(publish, 'Publish') });
    expect((await complete(p.runId, publish)).body.data.tasks_changed_by_rules).toEqual({});
    expect((await api.get(run(p.runId))).body.data.status).toBe('complete');
  });
});

describe('a form answer', () => {
  it('given a small scope, when the answer is saved, then two reviews are hidden and the build goes to a group', async () => {
    const group = (await api.post(`/organizations/${org.orgId}/groups`, { name: 'Builders' })).body.data.id;
    const p = await launchTemplate(api, org.orgId, {
      steps: [
        {
          id: 'intake',
          title: 'Intake',
          captures: [
            {
              id: 'scope',
              label: 'Scope',
              field_type: 'radio',
              options: [
                { id: 1, text: 'Small' },
                { id: 2, text: 'Large' },
              ],
            },
          ],
        },
        { id: 'legal', title: 'Legal review' },
        { id: 'security', title: 'Security review' },
        { id: 'build', title: 'Build' },
      ],
      automated_actions: [
        rule(
          'Small changes skip reviews',
          [on('scope', 'Capture', 'equals', 'Small')],
          [
            act('visibility', 'hide', 'legal'),
            act('visibility', 'hide', 'security'),
            act('assignment', 'assign', 'build', { assignees: { users: [], guests: [], groups: [group] } }),
          ],
        ),
      ],
    });
    const ids = taskIds(p.tasks, 'Intake', 'Legal review', 'Security review', 'Build');
    const [intake, legal, security, build] = [
      ids.Intake,
      ids['Legal review'],
      ids['Security review'],
      ids.Build,
    ];
    const scopeId = p.template.steps[0]?.captures[0]?.id as string;

    const res = await api.put(`${run(p.runId)}/tasks/${intake}`, { taskdata: { [scopeId]: 'Small' } });
    expect(res.status).toBe(200);
    expect(res.body.data.tasks_changed_by_rules).toEqual({
      [legal]: hidden(legal, 'Legal review'),
      [security]: hidden(security, 'Security review'),
      [build]: { id: build, title: 'Build', owners: { from: admin, to: { ...admin, groups: [group] } } },
    });
    expect((await task(p.runId, build)).owners.groups).toEqual([group]);
    expect((await task(p.runId, legal)).status).toBe('auto-skipped');
    const assigned = (await eventsOf(t, p.runId)).filter((e) => e.name === 'task.assigned');
    expect(assigned.map((e) => e.taskId)).toEqual([build]);
    expect((await activitiesOf(t, p.runId)).map((a) => a.action)).toEqual(
      expect.arrayContaining(['rule_hidden', 'rule_hidden', 'rule_assigned', 'rule_executed']),
    );

    const again = await api.put(`${run(p.runId)}/tasks/${intake}`, { taskdata: { [scopeId]: 'Large' } });
    expect(again.body.data.tasks_changed_by_rules).toEqual({});
    expect((await task(p.runId, legal)).status).toBe('auto-skipped');
    await complete(p.runId, intake);
    await complete(p.runId, build);
    expect((await api.get(run(p.runId))).body.data).toMatchObject({
      status: 'complete',
      progress: { complete: 2, total: 2 },
    });
  });
});

describe('an urgent choice', () => {
  it('given a fix due three days after launch, when triage says urgent, then its deadline is pulled in a day', async () => {
    t.clock.set('2025-01-13T09:00:00.000Z'); // a Monday
    const p = await launchTemplate(api, org.orgId, {
      steps: [
        {
          id: 'triage',
          title: 'Triage',
          captures: [
            { id: 'note', label: 'Note', field_type: 'text' },
            {
              id: 'priority',
              label: 'Priority',
              field_type: 'dropdown',
              options: [
                { id: 1, text: 'Normal' },
                { id: 2, text: 'Urgent' },
              ],
            },
          ],
        },
        { id: 'fix', title: 'Fix', deadline: { value: 3, unit: 'days', option: 'from', step: 'start_run' } },
      ],
      automated_actions: [
        rule(
          'Urgent fixes are due sooner',
          [on('priority', 'Capture', 'equals', 'Urgent')],
          [act('deadline', 'deadline', 'fix', { deadline: { value: 1, unit: 'days', option: 'before' } })],
        ),
      ],
    });
    const { Triage: triage, Fix: fix } = taskIds(p.tasks, 'Triage', 'Fix');
    const [noteId, priorityId] = (p.template.steps[0]?.captures ?? []).map((c) => c.id) as [string, string];
    expect((await task(p.runId, fix)).deadline).toBe('2025-01-16T09:00:00.000Z');

    const res = await api.put(`${run(p.runId)}/tasks/${triage}`, { taskdata: { [priorityId]: 'Urgent' } });
    expect(res.body.data.tasks_changed_by_rules).toEqual({
      [fix]: {
        id: fix,
        title: 'Fix',
        deadline: { from: '2025-01-16T09:00:00.000Z', to: '2025-01-15T09:00:00.000Z' },
      },
    });
    expect((await task(p.runId, fix)).deadline).toBe('2025-01-15T09:00:00.000Z');
    expect(
      (await eventsOf(t, p.runId)).filter((e) => e.name === 'task.deadline_changed').map((e) => e.taskId),
    ).toEqual([fix]);
    // Rules fire on the change of their own fields only: another answer does not pull it in again.
    const other = await api.put(`${run(p.runId)}/tasks/${triage}`, { taskdata: { [noteId]: 'seen' } });
    expect(other.body.data.tasks_changed_by_rules).toEqual({});
    expect((await task(p.runId, fix)).deadline).toBe('2025-01-15T09:00:00.000Z');
  });
});

describe('a kick-off value', () => {
  const spec = {
    prerun: [
      {
        id: 'region',
        label: 'Region',
        field_type: 'dropdown',
        options: [
          { id: 1, text: 'EU' },
          { id: 2, text: 'US' },
        ],
      },
    ],
    steps: [
      { id: 'order', title: 'Order' },
      { id: 'gdpr', title: 'GDPR check', skip_start_process: true },
    ],
    automated_actions: [
      rule(
        'EU orders need a GDPR check',
        [on('region', 'Prerun', 'equals', 'EU')],
        [act('visibility', 'show', 'gdpr')],
      ),
    ],
  };

  it('given a rule on the region, when launched for the EU, then the hidden check is shown at launch', async () => {
    const template = await launchTemplate(api, org.orgId, spec);
    const regionId = template.template.prerun[0]?.id as string;
    const res = await api.post(`/organizations/${org.orgId}/runs`, {
      checklist_id: template.template.id,
      prerun: { [regionId]: 'EU' },
    });
    expect(res.status).toBe(201);
    expect(res.body.data.progress).toMatchObject({ total: 2 });
    const tasks = (await api.get(`${run(res.body.data.id)}/tasks`)).body.data;
    expect(tasks.map((x: any) => [x.title, x.status])).toEqual([
      ['Order', 'not-started'],
      ['GDPR check', 'not-started'],
    ]);
    expect(
      (await activitiesOf(t, res.body.data.id)).filter((a) => a.action.startsWith('rule_')),
    ).toMatchObject([
      { action: 'rule_shown', taskId: tasks[1].id, oldValue: 'auto-skipped', newValue: 'not-started' },
      {
        action: 'rule_executed',
        newValue: { automated_alias: 'EU orders need a GDPR check', trigger: { kind: 'launch' } },
      },
    ]);
    // The launch that did not name the region left the check hidden.
    expect((await task(template.runId, template.tasks['GDPR check'] as string)).status).toBe('auto-skipped');
  });

  it('given a process launched without a region, when the region becomes EU, then the check is shown and reported', async () => {
    const p = await launchTemplate(api, org.orgId, spec);
    const regionId = p.template.prerun[0]?.id as string;
    const gdpr = p.tasks['GDPR check'] as string;
    expect((await task(p.runId, gdpr)).status).toBe('auto-skipped');
    const res = await api.put(run(p.runId), { prerun: { [regionId]: 'EU' } });
    expect(res.status).toBe(200);
    expect(res.body.data.tasks_changed_by_rules).toEqual({ [gdpr]: shown(gdpr, 'GDPR check') });
    expect(res.body.data.progress).toMatchObject({ total: 2 });
  });
});
