/**
 * Deadlines that act on their own: expiring tasks expire, email steps send their
 * message, overdue tasks are announced once. Set up and inspected through HTTP; time moves
 * with the test clock and the sweeper runs by direct call (no timers).
 */
import { CompiledQuery, sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  dueSoonCandidatesQuery,
  emailCandidatesQuery,
  expiryCandidatesQuery,
  overdueCandidatesQuery,
} from '../../src/db/repositories/deadline-sweeps-repository.js';
import { sweepDeadlines } from '../../src/jobs/deadline-sweeper.js';
import { sendQueuedEmails } from '../../src/jobs/email-delivery.js';
import { type Api, apiClient } from '../helpers/api.js';
import { createTestContext, type TestContext } from '../helpers/context.js';
import { addMember, createOrgWithAdmin, type TestOrg } from '../helpers/factories.js';
import { type SmtpReceiver, startSmtpReceiver } from '../helpers/smtp-receiver.js';
import { createTemplate, launchTemplate } from '../helpers/templates.js';

let t: TestContext;
let smtp: SmtpReceiver;
let org: TestOrg;
let api: Api;

// A fresh database per test: the sweeper works across organizations, so each test's world
// is exactly what it sets up.
beforeEach(async () => {
  smtp = await startSmtpReceiver();
  t = await createTestContext({ SMTP_URL: smtp.url });
  org = await createOrgWithAdmin(t.ctx);
  api = apiClient(t.app, org.admin.token);
});
afterEach(async () => {
  await t.close();
  await smtp.close();
});

const taskUrl = (id: string) => `/organizations/${org.orgId}/tasks/${id}`;
const runUrl = (id: string) => `/organizations/${org.orgId}/runs/${id}`;
const HOOK = 'https://hooks.example.com/template';
const at = (iso: string, deltaMs = 0) => new Date(Date.parse(iso) + deltaMs).toISOString();

async function getTask(id: string) {
  const res = await api.get(`${taskUrl(id)}?with=activities`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.data;
}

const actionsOf = (task: { activities: { data: Array<{ action: string }> } }) =>
  task.activities.data.map((a) => a.action);

async function outbox(taskId: string) {
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

const named = async (taskId: string, name: string) => (await outbox(taskId)).filter((e) => e.name === name);

async function processEvents(runId: string) {
  const rows = await t.db.kysely
    .selectFrom('outbox_events')
    .select('name')
    .where('process_id', '=', runId)
    .where('task_id', 'is', null)
    .execute();
  return rows.map((r) => r.name);
}

describe('expiring tasks', () => {
  it('expires at its deadline, not a second before: completed, is_approved false, no completer', async () => {
    const p = await launchTemplate(api, org.orgId, {
      webhook: HOOK,
      steps: [{ title: 'Confirm attendance', step_type: 'expiring' }, { title: 'Prepare badge' }],
    });
    const id = p.tasks['Confirm attendance']!;
    const { deadline } = await getTask(id);

    t.clock.set(at(deadline, -1000));
    await sweepDeadlines(t.ctx);
    expect(await getTask(id)).toMatchObject({ status: 'not-started', is_approved: null });
    // A second before its deadline the task is only due soon (within the 24-hour lead time).
    expect(await outbox(id)).toEqual([{ name: 'task.due_soon', targets: [] }]);

    t.clock.set(deadline);
    expect(await sweepDeadlines(t.ctx)).toBe(1);
    const expired = await getTask(id);
    expect(expired).toMatchObject({
      status: 'completed',
      is_approved: false,
      completer_id: null,
      completed_at: deadline,
    });
    expect(expired.activities.data).toEqual([
      expect.objectContaining({ action: 'expired', actor_type: 'system', actor_id: null, field: 'status' }),
    ]);
    expect(await outbox(id)).toEqual([
      { name: 'task.due_soon', targets: [] },
      { name: 'task.expired', targets: [HOOK] },
    ]);
    const run = await api.get(runUrl(p.runId));
    expect(run.body.data.progress).toEqual({ complete: 1, total: 2, percent: 50 });
  });

  it('expires each task once however often the sweeper runs', async () => {
    const p = await launchTemplate(api, org.orgId, { steps: [{ title: 'Ack', step_type: 'expiring' }] });
    const id = p.tasks.Ack!;
    t.clock.set(at((await getTask(id)).deadline, 60_000));
    expect(await sweepDeadlines(t.ctx)).toBe(1);
    t.clock.advance(86_400_000);
    expect(await sweepDeadlines(t.ctx)).toBe(0);
    expect(await sweepDeadlines(t.ctx)).toBe(0);
    expect(actionsOf(await getTask(id))).toEqual(['expired']);
    expect((await outbox(id)).map((e) => e.name)).toEqual(['task.expired']);
  });

  it("fires the template's rules with an expired condition (step X expired → show step Y)", async () => {
    const p = await launchTemplate(api, org.orgId, {
      steps: [
        { title: 'Confirm attendance', step_type: 'expiring' },
        { title: 'Chase by phone', skip_start_process: true },
      ],
    });
    const [confirm, chase] = p.template.steps;
    const rule = await api.post(`/organizations/${org.orgId}/checklists/${p.template.id}/automated-actions`, {
      automated_alias: 'Chase when it expires',
      conditions: [
        {
          conditionable_id: confirm!.id,
          conditionable_type: 'Step',
          operation: 'expired',
          statement: 'any_time',
          logic: 'and',
        },
      ],
      then_actions: [{ action_type: 'visibility', action_verb: 'show', target_step_id: chase!.id }],
    });
    expect(rule.status, JSON.stringify(rule.body)).toBe(201);
    // Rules are frozen into the process at launch: launch again, with the rule in place.
    const launched = await api.post(`/organizations/${org.orgId}/runs`, { checklist_id: p.template.id });
    expect(launched.status).toBe(201);
    const tasks = (await api.get(`${runUrl(launched.body.data.id)}/tasks?without_pagination=true`)).body.data;
    const byTitle = Object.fromEntries(tasks.map((x: { title: string; id: string }) => [x.title, x.id]));
    expect((await getTask(byTitle['Chase by phone'])).status).toBe('auto-skipped');

    t.clock.set(at((await getTask(byTitle['Confirm attendance'])).deadline, 1));
    await sweepDeadlines(t.ctx);
    expect((await getTask(byTitle['Confirm attendance'])).status).toBe('completed');
    expect((await getTask(byTitle['Chase by phone'])).status).toBe('not-started');
  });

  it('completes the process when its last visible task expires, and uses the step webhook', async () => {
    const p = await launchTemplate(api, org.orgId, {
      webhook: HOOK,
      steps: [{ title: 'Only', step_type: 'expiring', webhook: 'https://hooks.example.com/step' }],
    });
    t.clock.set(at((await getTask(p.tasks.Only!)).deadline, 5_000));
    await sweepDeadlines(t.ctx);
    expect(await outbox(p.tasks.Only!)).toEqual([
      { name: 'task.expired', targets: ['https://hooks.example.com/step'] },
    ]);
    const run = await api.get(runUrl(p.runId));
    expect(run.body.data).toMatchObject({ status: 'complete', completed_at: t.clock.now().toISOString() });
    expect(await processEvents(p.runId)).toContain('process.completed');
  });

  it('expires a one-off expiring task too', async () => {
    const res = await api.post(`/organizations/${org.orgId}/tasks`, {
      title: 'Read the newsletter',
      task_type: 'expiring',
      deadline: '2025-01-07 15:00:00',
      owners: { users: [org.admin.userId] },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    t.clock.set(at(res.body.data.deadline, 1));
    expect(await sweepDeadlines(t.ctx)).toBe(1);
    expect(await getTask(res.body.data.id)).toMatchObject({ status: 'completed', is_approved: false });
  });

  it('leaves acknowledged, hidden, archived and problem-blocked tasks alone', async () => {
    const p = await launchTemplate(api, org.orgId, {
      steps: [
        { title: 'Acknowledged', step_type: 'expiring' },
        { title: 'Hidden', step_type: 'expiring', skip_start_process: true },
        { title: 'Blocked', step_type: 'expiring' },
      ],
    });
    const archived = await launchTemplate(api, org.orgId, {
      steps: [{ title: 'Gone', step_type: 'expiring' }],
    });
    const ack = await api.post(`${runUrl(p.runId)}/completed-tasks`, { task_id: p.tasks.Acknowledged });
    expect(ack.status).toBe(200);
    await api.post(`${taskUrl(p.tasks.Blocked!)}/problem`, { content: 'Venue not confirmed' });
    expect((await api.delete(runUrl(archived.runId))).status).toBe(200);

    t.clock.advance(30 * 86_400_000);
    // The blocked task is only announced overdue; it expires once its problem is resolved.
    expect(await sweepDeadlines(t.ctx)).toBe(1);
    expect((await outbox(p.tasks.Blocked!)).map((e) => e.name)).toContain('task.overdue');
    expect(await getTask(p.tasks.Acknowledged!)).toMatchObject({ status: 'completed', is_approved: true });
    expect(await getTask(p.tasks.Hidden!)).toMatchObject({ status: 'auto-skipped', is_approved: null });
    expect(await getTask(p.tasks.Blocked!)).toMatchObject({ status: 'not-started', problem: true });
    expect(await getTask(archived.tasks.Gone!)).toMatchObject({ status: 'not-started' });
    for (const id of [...Object.values(p.tasks), archived.tasks.Gone!]) {
      expect((await outbox(id)).map((e) => e.name)).not.toContain('task.expired');
    }
  });

  it('expires each task exactly once when two sweeps run at the same time', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) {
      const p = await launchTemplate(api, org.orgId, {
        steps: [
          { title: 'First', step_type: 'expiring' },
          { title: 'Second', step_type: 'expiring_email' },
        ],
      });
      ids.push(p.tasks.First!, p.tasks.Second!);
    }
    t.clock.advance(30 * 86_400_000);
    const [a, b] = await Promise.all([sweepDeadlines(t.ctx), sweepDeadlines(t.ctx)]);
    const again = await sweepDeadlines(t.ctx);
    // 12 expiries plus 6 expiring-email messages (each task's owner is the launcher).
    expect(a + b + again).toBe(18);
    expect(again).toBe(0);
    for (const id of ids) {
      expect(await named(id, 'task.expired')).toHaveLength(1);
      expect(actionsOf(await getTask(id)).filter((x) => x === 'expired')).toHaveLength(1);
    }
    const mails = await t.db.kysely
      .selectFrom('outgoing_emails')
      .select('id')
      .where('organization_id', '=', org.orgId)
      .execute();
    expect(mails).toHaveLength(6);
  });
});

describe('email steps', () => {
  it("sends an email step's message at its deadline through SMTP, exactly once", async () => {
    const bob = await addMember(t.ctx, org.orgId, 'standard');
    const carol = await addMember(t.ctx, org.orgId, 'standard');
    const group = await api.post(`/organizations/${org.orgId}/groups`, {
      name: 'Reviewers',
      members: [carol.userId],
    });
    expect(group.status).toBe(201);
    const template = await createTemplate(api, org.orgId, {
      steps: [
        {
          title: 'Send the contract',
          step_type: 'email',
          summary: '<p>Please find the <b>contract</b> attached.</p>',
        },
      ],
    });
    const stepId = template.steps[0]!.id;
    const launched = await api.post(`/organizations/${org.orgId}/runs`, {
      checklist_id: template.id,
      tasks: {
        [stepId]: {
          owners: { users: [bob.userId], guests: ['client@example.com'], groups: [group.body.data.id] },
        },
      },
    });
    expect(launched.status, JSON.stringify(launched.body)).toBe(201);
    const list = await api.get(`${runUrl(launched.body.data.id)}/tasks`);
    const id = list.body.data[0].id as string;
    const { deadline } = await getTask(id);

    t.clock.set(at(deadline, -1000));
    await sweepDeadlines(t.ctx);
    await sendQueuedEmails(t.ctx);
    expect(smtp.messages).toHaveLength(0);

    t.clock.set(deadline);
    expect(await sweepDeadlines(t.ctx)).toBe(1);
    await sendQueuedEmails(t.ctx);
    expect(smtp.messages.flatMap((m) => m.to).sort()).toEqual(
      [bob.email, carol.email, 'client@example.com'].sort(),
    );
    for (const m of smtp.messages) {
      expect(m.raw).toContain('Subject: Send the contract');
      expect(m.raw).toContain('Content-Type: text/plain; charset=utf-8');
      expect(m.raw).toContain('Please find the contract attached.');
      expect(m.raw).toContain('<p>Please find the <b>contract</b> attached.</p>');
    }

    t.clock.advance(60_000);
    await sweepDeadlines(t.ctx);
    await sweepDeadlines(t.ctx);
    await sendQueuedEmails(t.ctx);
    expect(smtp.messages).toHaveLength(3);
    // An email draft stays with its assignee: sending at the deadline does not complete it.
    const task = await getTask(id);
    expect(task.status).toBe('not-started');
    expect(task.activities.data).toContainEqual(
      expect.objectContaining({ action: 'email_sent', actor_type: 'system', field: 'email' }),
    );
    const listed = await api.get(`/organizations/${org.orgId}/outgoing-emails?reason=task.email_step`);
    expect(listed.body.data).toHaveLength(3);
    expect(listed.body.data.every((e: { status: string }) => e.status === 'sent')).toBe(true);
  });

  it('sends an expiring-email message and expires the task in the same sweep', async () => {
    const p = await launchTemplate(api, org.orgId, {
      steps: [{ title: 'Weekly update', step_type: 'expiring_email', summary: 'Numbers are in.' }],
    });
    const id = p.tasks['Weekly update']!;
    t.clock.set(at((await getTask(id)).deadline, 1));
    expect(await sweepDeadlines(t.ctx)).toBe(2);
    await sendQueuedEmails(t.ctx);
    expect(smtp.messages.map((m) => m.to)).toEqual([[org.admin.email]]);
    expect(smtp.messages[0]!.raw).toContain('Numbers are in.');
    const task = await getTask(id);
    expect(task).toMatchObject({ status: 'completed', is_approved: false });
    expect(actionsOf(task)).toEqual(['email_sent', 'expired']);
  });

  it('does not send the message of a hidden or completed email step', async () => {
    const p = await launchTemplate(api, org.orgId, {
      steps: [
        { title: 'Hidden mail', step_type: 'email', skip_start_process: true },
        { title: 'Sent by hand', step_type: 'email' },
      ],
    });
    await api.post(`${runUrl(p.runId)}/completed-tasks`, { task_id: p.tasks['Sent by hand'] });
    t.clock.advance(30 * 86_400_000);
    expect(await sweepDeadlines(t.ctx)).toBe(0);
    await sendQueuedEmails(t.ctx);
    expect(smtp.messages).toHaveLength(0);
  });
});

describe('overdue tasks', () => {
  it('emits task.overdue once when the deadline passes, and again for a new deadline', async () => {
    const p = await launchTemplate(api, org.orgId, { webhook: HOOK, steps: [{ title: 'Review' }] });
    const id = p.tasks.Review!;
    const { deadline } = await getTask(id);

    // At the deadline it is due soon (announced once), not yet overdue.
    t.clock.set(deadline);
    expect(await sweepDeadlines(t.ctx)).toBe(1);
    expect(await named(id, 'task.due_soon')).toHaveLength(1);
    t.clock.set(at(deadline, 1000));
    expect(await sweepDeadlines(t.ctx)).toBe(1);
    expect(await sweepDeadlines(t.ctx)).toBe(0);
    t.clock.advance(86_400_000);
    expect(await sweepDeadlines(t.ctx)).toBe(0);
    // Announced to watcher subscriptions only: the template webhook hears of completions.
    expect(await named(id, 'task.overdue')).toEqual([{ name: 'task.overdue', targets: [] }]);
    const task = await getTask(id);
    expect(task.is_overdue).toBe(true);
    expect(task.activities.data).toContainEqual(
      expect.objectContaining({ action: 'overdue', actor_type: 'system', new_value: deadline }),
    );

    const moved = await api.put(`${runUrl(p.runId)}/tasks/${id}`, { deadline: '2025-03-03 12:00:00' });
    expect(moved.status).toBe(200);
    expect(await sweepDeadlines(t.ctx)).toBe(0);
    t.clock.set(at(moved.body.data.deadline, 1000));
    expect(await sweepDeadlines(t.ctx)).toBe(1);
    expect(await named(id, 'task.overdue')).toHaveLength(2);
  });

  it('does not announce completed or hidden tasks', async () => {
    const p = await launchTemplate(api, org.orgId, {
      steps: [{ title: 'Done' }, { title: 'Hidden', skip_start_process: true }],
    });
    await api.post(`${runUrl(p.runId)}/completed-tasks`, { task_id: p.tasks.Done });
    t.clock.advance(30 * 86_400_000);
    expect(await sweepDeadlines(t.ctx)).toBe(0);
    expect(await named(p.tasks.Done!, 'task.overdue')).toEqual([]);
    expect(await named(p.tasks.Hidden!, 'task.overdue')).toEqual([]);
  });
});

describe('sweep queries', () => {
  // Measured at a million tasks: each query reads ~200 index entries in well under 5 ms on
  // both databases. Here the plan is checked on a small table, so PostgreSQL is told to
  // avoid sequential scans: what matters is that the partial index matches the query.
  it.each([
    ['tasks_expiry_due_idx', expiryCandidatesQuery],
    ['tasks_email_due_idx', emailCandidatesQuery],
    ['tasks_overdue_due_idx', overdueCandidatesQuery],
    [
      'tasks_due_soon_idx',
      (db: Parameters<typeof overdueCandidatesQuery>[0], now: string, limit: number) =>
        dueSoonCandidatesQuery(db, now, new Date(Date.parse(now) + 86_400_000).toISOString(), limit),
    ],
  ])('are served by their partial index %s', async (index, query) => {
    const plan = await t.db.kysely.transaction().execute(async (trx) => {
      const compiled = query(trx, t.clock.now().toISOString(), 200).compile();
      const pg = t.db.dialect === 'postgres';
      if (pg) await sql`set local enable_seqscan = off`.execute(trx);
      const explain = `${pg ? 'explain' : 'explain query plan'} ${compiled.sql}`;
      const result = await trx.executeQuery(CompiledQuery.raw(explain, [...compiled.parameters]));
      return JSON.stringify(result.rows);
    });
    expect(plan).toContain(index);
  });
});
