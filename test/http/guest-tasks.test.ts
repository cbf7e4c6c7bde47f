import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, apiClient } from '../helpers/api.js';
import { createTestContext, type TestContext } from '../helpers/context.js';
import { addMember, createOrgWithAdmin, type TestOrg } from '../helpers/factories.js';
import { guestCodeOf } from '../helpers/people.js';
import { createTemplate, type StepSpec } from '../helpers/templates.js';

/**
 * Guests work their own tasks through their guest code alone (no token), see nothing else,
 * and members see a guest's tasks by the guest's e-mail.
 */
let t: TestContext;

beforeAll(async () => {
  t = await createTestContext();
});
afterAll(() => t.close());

/** The guest side: no token at all. */
const anonymous = () => apiClient(t.app);

interface Setup {
  org: TestOrg;
  admin: Api;
  base: string;
}

async function newOrg(name = 'Guest work'): Promise<Setup> {
  const org = await createOrgWithAdmin(t.ctx, name);
  return { org, admin: apiClient(t.app, org.admin.token), base: `/organizations/${org.orgId}` };
}

/** A guest of the organization and their code. */
async function guestOf(s: Setup, email: string): Promise<{ email: string; code: string; id: number }> {
  const res = await s.admin.post(`${s.base}/guests`, { email, first_name: 'Gail', last_name: 'Guest' });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { email, code: await guestCodeOf(s.admin, s.org.orgId, email), id: res.body.data.id };
}

/** Launches a template; `owners` maps a step title to who owns its task. Answers task ids by title. */
async function launch(
  s: Setup,
  steps: StepSpec[],
  owners: Record<string, { users?: number[]; guests?: string[]; groups?: string[] }>,
  name = 'Client onboarding',
) {
  const template = await createTemplate(s.admin, s.org.orgId, { steps });
  const tasks = Object.fromEntries(
    template.steps.map((step) => [
      step.id,
      { owners: { users: [], guests: [], groups: [], ...(owners[step.title] ?? {}) } },
    ]),
  );
  const run = await s.admin.post(`${s.base}/runs`, { checklist_id: template.id, name, tasks });
  expect(run.status, JSON.stringify(run.body)).toBe(201);
  const list = await s.admin.get(`${s.base}/runs/${run.body.data.id}/tasks?without_pagination=true`);
  const ids: Record<string, string> = {};
  for (const task of list.body.data) ids[task.title] = task.id;
  return { runId: run.body.data.id as string, ids, template };
}

const guestStep = (title: string, extra: Partial<StepSpec> = {}): StepSpec => ({
  title,
  allow_guest_owners: true,
  ...extra,
});

async function taskRow(taskId: string) {
  return t.db.kysely.selectFrom('tasks').selectAll().where('id', '=', taskId).executeTakeFirstOrThrow();
}

describe('a guest works their tasks through their code alone', () => {
  it('completes their task with no token: completer_guest_id set, activity and webhook payload name the guest', async () => {
    const s = await newOrg();
    const guest = await guestOf(s, 'client@example.com');
    const { runId, ids } = await launch(s, [guestStep('Sign contract'), { title: 'Countersign' }], {
      'Sign contract': { guests: [guest.email] },
      Countersign: { users: [s.org.admin.userId] },
    });
    const taskId = ids['Sign contract'] as string;

    // As a guest's browser sends it: a bare PUT, no token, no body.
    const bare = await t.app.inject({
      method: 'PUT',
      url: `${s.base}/guests/${guest.code}/tasks/${taskId}/tasks/completed`,
    });
    const res = { status: bare.statusCode, body: bare.json() };
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.data).toMatchObject({
      id: taskId,
      status: 'completed',
      completer_guest_id: guest.id,
      completer_id: null,
      completer_guest: guest.email,
      guest_email: guest.email,
      custom_fields: null,
    });
    expect(res.body.data.tasks_changed_by_rules).toEqual({});

    const row = await taskRow(taskId);
    expect([row.status, row.completer_guest_id, row.completer_id]).toEqual(['completed', guest.id, null]);
    const seen = await s.admin.get(`${s.base}/runs/${runId}/tasks/${taskId}`);
    expect(seen.body.data).toMatchObject({ status: 'completed', completer_guest_id: guest.id });

    const activity = await t.db.kysely
      .selectFrom('activities')
      .select(['actor_type', 'actor_id'])
      .where('task_id', '=', taskId)
      .where('action', '=', 'completed')
      .executeTakeFirstOrThrow();
    expect(activity).toEqual({ actor_type: 'guest', actor_id: guest.id });
    const event = await t.db.kysely
      .selectFrom('outbox_events')
      .select('payload')
      .where('task_id', '=', taskId)
      .where('name', '=', 'task.completed')
      .executeTakeFirstOrThrow();
    const payload = (typeof event.payload === 'string' ? JSON.parse(event.payload) : event.payload) as any;
    expect(payload.completer).toMatchObject({ id: guest.id, email: guest.email, type: 'guest' });
    expect(payload.this_task.completed_by).toMatchObject({ id: guest.id, type: 'guest' });
  });

  it('reopens their completed task, which clears the guest completion', async () => {
    const s = await newOrg();
    const guest = await guestOf(s, 'client@example.com');
    const { ids } = await launch(s, [guestStep('Upload ID')], { 'Upload ID': { guests: [guest.email] } });
    const url = `${s.base}/guests/${guest.code}/tasks/${ids['Upload ID']}/tasks/completed`;
    expect((await anonymous().put(url)).status).toBe(200);
    const res = await anonymous().delete(url);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.data).toMatchObject({ status: 'in-progress', completer_guest_id: null });
    expect((await taskRow(ids['Upload ID'] as string)).completer_guest_id).toBeNull();
  });

  it('lists only their own tasks: not others of the same process, other processes, or other organizations', async () => {
    const s = await newOrg();
    const guest = await guestOf(s, 'client@example.com');
    const other = await newOrg('Other organization');
    await guestOf(other, 'client@example.com');
    const group = await s.admin.post(`${s.base}/groups`, {
      name: 'Clients',
      description: 'Outside people',
      guests: [guest.email],
    });
    expect(group.status, JSON.stringify(group.body)).toBe(201);
    const mine = await launch(
      s,
      [guestStep('Send documents'), { title: 'Review documents' }, guestStep('Approve quote')],
      {
        'Send documents': { guests: [guest.email] },
        'Review documents': { users: [s.org.admin.userId] },
        'Approve quote': { groups: [group.body.data.id] },
      },
    );
    const notMine = await launch(s, [guestStep('Someone else')], {
      'Someone else': { guests: ['x@example.com'] },
    });
    await launch(other, [guestStep('Elsewhere')], { Elsewhere: { guests: [guest.email] } });

    const list = await anonymous().get(`${s.base}/guests/${guest.code}/tasks`);
    expect(list.status, JSON.stringify(list.body)).toBe(200);
    expect(list.body.data.map((task: any) => task.title).sort()).toEqual(['Approve quote', 'Send documents']);
    expect(list.body.meta.pagination.total).toBe(2);

    const runs = await anonymous().get(`${s.base}/guests/${guest.code}/runs`);
    expect(runs.status).toBe(200);
    expect(runs.body.data.map((r: any) => r.id)).toEqual([mine.runId]);
    const runTasks = await anonymous().get(`${s.base}/guests/${guest.code}/runs/${mine.runId}/tasks`);
    expect(runTasks.body.data.map((task: any) => task.title)).toEqual(['Send documents', 'Approve quote']);
    const foreign = await anonymous().get(`${s.base}/guests/${guest.code}/runs/${notMine.runId}`);
    expect([foreign.status, foreign.body.code]).toEqual([404, 'PROCESS_NOT_FOUND']);
    const review = await anonymous().get(
      `${s.base}/guests/${guest.code}/tasks/${mine.ids['Review documents']}`,
    );
    expect([review.status, review.body.code]).toEqual([404, 'TASK_NOT_FOUND']);
    // The same e-mail's code in another organization opens nothing here.
    const theirCode = await guestCodeOf(other.admin, other.org.orgId, guest.email);
    expect((await anonymous().get(`${s.base}/guests/${theirCode}/tasks`)).status).toBe(404);
  });

  it('shows a guest nothing of other people: only their own e-mail in owners, no webhook, no member e-mails', async () => {
    const s = await newOrg();
    const guest = await guestOf(s, 'client@example.com');
    const { runId, ids } = await launch(
      s,
      [guestStep('Shared', { webhook: 'https://hooks.example.com/x' })],
      {
        Shared: { users: [s.org.admin.userId], guests: [guest.email, 'rival@example.com'] },
      },
    );
    await s.admin.post(`${s.base}/tasks/${ids.Shared}/comment`, { content: 'Welcome aboard', state: 'open' });
    const res = await anonymous().get(
      `${s.base}/guests/${guest.code}/runs/${runId}/tasks?with=step,threads,run,form_fields`,
    );
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const task = res.body.data[0];
    expect(task.owners).toEqual({
      users: [s.org.admin.userId],
      guests: [guest.email],
      groups: [],
      roles: [],
    });
    expect(task).toMatchObject({ webhook: null, custom_fields: null });
    expect(task.step.data).toMatchObject({ guests: [], assignees: [], webhook: null });
    expect(task.run.data).not.toHaveProperty('prerun');
    const body = JSON.stringify(res.body);
    expect(body).not.toContain('rival@example.com');
    expect(body).not.toContain(s.org.admin.email);
    expect(task.threads.data[0]).toMatchObject({ content: 'Welcome aboard' });
  });
});

describe('what a guest may not do', () => {
  it('reaches nothing of another organization with a valid code of their own (404)', async () => {
    const s = await newOrg();
    const guest = await guestOf(s, 'client@example.com');
    const other = await newOrg('Other organization');
    await guestOf(other, guest.email);
    const theirs = await launch(other, [guestStep('Elsewhere')], { Elsewhere: { guests: [guest.email] } });
    const taskId = theirs.ids.Elsewhere as string;
    const mine = `${s.base}/guests/${guest.code}`;
    const answers = [
      await anonymous().get(`${mine}/tasks/${taskId}`),
      await anonymous().put(`${mine}/tasks/${taskId}/tasks/completed`),
      await anonymous().post(`/public${mine}/tasks/${taskId}/comment`, { content: 'hi' }),
      await anonymous().get(`${mine}/runs/${theirs.runId}`),
      await anonymous().get(`${mine}/runs/${theirs.runId}/tasks`),
    ];
    expect(answers.map((r) => r.status)).toEqual([404, 404, 404, 404, 404]);
    expect((await taskRow(taskId)).status).not.toBe('completed');
  });

  it('loses sight of the tasks of an archived process', async () => {
    const s = await newOrg();
    const guest = await guestOf(s, 'client@example.com');
    const { runId, ids } = await launch(s, [guestStep('Mine')], { Mine: { guests: [guest.email] } });
    expect((await s.admin.delete(`${s.base}/runs/${runId}`)).status).toBeLessThan(300);
    expect((await anonymous().get(`${s.base}/guests/${guest.code}/tasks`)).body.data).toEqual([]);
    expect((await anonymous().get(`${s.base}/guests/${guest.code}/runs`)).body.data).toEqual([]);
    const one = await anonymous().get(`${s.base}/guests/${guest.code}/tasks/${ids.Mine}`);
    expect([one.status, one.body.code]).toEqual([404, 'TASK_NOT_FOUND']);
  });

  it("another guest's code neither sees nor completes the task (404 TASK_NOT_FOUND)", async () => {
    const s = await newOrg();
    const guest = await guestOf(s, 'client@example.com');
    const intruder = await guestOf(s, 'intruder@example.com');
    const { ids } = await launch(s, [guestStep('Private')], { Private: { guests: [guest.email] } });
    const base = `${s.base}/guests/${intruder.code}/tasks/${ids.Private}`;
    const seen = await anonymous().get(base);
    expect([seen.status, seen.body.code]).toEqual([404, 'TASK_NOT_FOUND']);
    const done = await anonymous().put(`${base}/tasks/completed`);
    expect([done.status, done.body.code]).toEqual([404, 'TASK_NOT_FOUND']);
    expect((await taskRow(ids.Private as string)).status).not.toBe('completed');
    expect((await anonymous().get(`${s.base}/guests/${intruder.code}/tasks`)).body.data).toEqual([]);
  });

  it('a reset code stops working and the new one works', async () => {
    const s = await newOrg();
    const guest = await guestOf(s, 'client@example.com');
    await launch(s, [guestStep('Mine')], { Mine: { guests: [guest.email] } });
    const reset = await s.admin.put(`${s.base}/guests/${encodeURIComponent(guest.email)}/reset-link`);
    expect(reset.status).toBe(200);
    const fresh = String(reset.body.data.link).split('/').pop();
    const old = await anonymous().get(`${s.base}/guests/${guest.code}/tasks`);
    expect([old.status, old.body.code]).toEqual([404, 'GUEST_CODE_NOT_FOUND']);
    const now = await anonymous().get(`${s.base}/guests/${fresh}/tasks`);
    expect(now.body.data.map((task: any) => task.title)).toEqual(['Mine']);
  });

  it('a disabled guest gets 403 GUEST_DISABLED', async () => {
    const s = await newOrg();
    const guest = await guestOf(s, 'client@example.com');
    const { ids } = await launch(s, [guestStep('Mine')], { Mine: { guests: [guest.email] } });
    expect((await s.admin.delete(`${s.base}/guests/${encodeURIComponent(guest.email)}/disable`)).status).toBe(
      200,
    );
    const done = await anonymous().put(`${s.base}/guests/${guest.code}/tasks/${ids.Mine}/tasks/completed`);
    expect([done.status, done.body.code]).toEqual([403, 'GUEST_DISABLED']);
    expect((await taskRow(ids.Mine as string)).status).not.toBe('completed');
  });

  it('a task that does not admit guest owners is not listed and answers 403 GUEST_NOT_PERMITTED', async () => {
    const s = await newOrg();
    const guest = await guestOf(s, 'client@example.com');
    const { ids } = await launch(s, [{ title: 'Members only' }], {
      'Members only': { guests: [guest.email] },
    });
    const base = `${s.base}/guests/${guest.code}/tasks/${ids['Members only']}`;
    expect((await anonymous().get(`${s.base}/guests/${guest.code}/tasks`)).body.data).toEqual([]);
    const seen = await anonymous().get(base);
    expect([seen.status, seen.body.code]).toEqual([403, 'GUEST_NOT_PERMITTED']);
    const done = await anonymous().put(`${base}/tasks/completed`);
    expect([done.status, done.body.code]).toEqual([403, 'GUEST_NOT_PERMITTED']);
  });

  it('an approval task needs is_approved from a guest too', async () => {
    const s = await newOrg();
    const guest = await guestOf(s, 'client@example.com');
    const { ids } = await launch(s, [guestStep('Approve', { step_type: 'approval' })], {
      Approve: { guests: [guest.email] },
    });
    const url = `${s.base}/guests/${guest.code}/tasks/${ids.Approve}/tasks/completed`;
    const missing = await anonymous().put(url, {});
    expect([missing.status, missing.body.code]).toEqual([422, 'APPROVAL_DECISION_REQUIRED']);
    const approved = await anonymous().put(url, { is_approved: true });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    expect(approved.body.data).toMatchObject({ status: 'completed', is_approved: true });
  });

  it('only fills in form values: other task changes answer 403 GUEST_NOT_PERMITTED', async () => {
    const s = await newOrg();
    const guest = await guestOf(s, 'client@example.com');
    const { ids, template } = await launch(
      s,
      [guestStep('Details', { captures: [{ label: 'Company', field_type: 'text', required: true }] })],
      { Details: { guests: [guest.email] } },
    );
    const fieldId = template.steps[0]?.captures[0]?.id as string;
    const taskUrl = `${s.base}/guests/${guest.code}/tasks/${ids.Details}`;
    const early = await anonymous().put(`${taskUrl}/tasks/completed`);
    expect([early.status, early.body.code]).toEqual([422, 'REQUIRED_FIELDS_MISSING']);
    const value = await anonymous().post(`${s.base}/guests/${guest.code}/form-field/value`, {
      id: fieldId,
      form_value: 'Acme',
      task_id: ids.Details,
    });
    expect(value.status, JSON.stringify(value.body)).toBe(200);
    const renamed = await anonymous().put(taskUrl, { title: 'Mine now' });
    expect([renamed.status, renamed.body.code]).toEqual([403, 'GUEST_NOT_PERMITTED']);
    const filled = await anonymous().put(taskUrl, { taskdata: { [fieldId]: 'Acme Ltd' } });
    expect(filled.status, JSON.stringify(filled.body)).toBe(200);
    expect(filled.body.data.taskdata).toEqual({ [fieldId]: 'Acme Ltd' });
    expect((await anonymous().put(`${taskUrl}/tasks/completed`)).status).toBe(200);
    const row = await t.db.kysely
      .selectFrom('activities')
      .select(['actor_type', 'actor_id'])
      .where('task_id', '=', ids.Details as string)
      .where('field', '=', `taskdata.${fieldId}`)
      .execute();
    expect(row).toEqual([
      { actor_type: 'guest', actor_id: guest.id },
      { actor_type: 'guest', actor_id: guest.id },
    ]);
  });

  it('gives a guest their share of an everyone-must-complete task; the last share completes it', async () => {
    const s = await newOrg();
    const guest = await guestOf(s, 'client@example.com');
    const created = await s.admin.post(`${s.base}/tasks`, {
      title: 'Both sign',
      task_type: 'task',
      deadline: '2030-01-01 12:00:00',
      everyone_must_complete: true,
      owners: { users: [s.org.admin.userId], guests: [guest.email], groups: [] },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const taskId = created.body.data.id;
    const share = await anonymous().put(`${s.base}/guests/${guest.code}/tasks/${taskId}/tasks/completed`);
    expect(share.status, JSON.stringify(share.body)).toBe(200);
    expect(share.body.data).toMatchObject({ status: 'in-progress', completion_progress: 50 });
    const again = await anonymous().put(`${s.base}/guests/${guest.code}/tasks/${taskId}/tasks/completed`);
    expect([again.status, again.body.code]).toEqual([422, 'TASK_ALREADY_COMPLETED']);
    const last = await s.admin.post(`${s.base}/completed-tasks`, { task_id: taskId });
    expect(last.status, JSON.stringify(last.body)).toBe(200);
    expect(last.body.data).toMatchObject({ status: 'completed', completer_id: s.org.admin.userId });
  });
});

describe('guest comments', () => {
  it('comments (open, authored by the guest) and honours prevent_guest_comment with 403 GUEST_COMMENTS_DISABLED', async () => {
    const s = await newOrg();
    const guest = await guestOf(s, 'client@example.com');
    const { ids } = await launch(
      s,
      [guestStep('Talk'), guestStep('Quiet', { prevent_guest_comment: true })],
      {
        Talk: { guests: [guest.email] },
        Quiet: { guests: [guest.email] },
      },
    );
    const res = await anonymous().post(`/public${s.base}/guests/${guest.code}/tasks/${ids.Talk}/comment`, {
      content: 'Here are my documents',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.data).toMatchObject({
      author_type: 'guest',
      author_id: guest.id,
      state: 'open',
      author: null,
    });
    const seenByAdmin = await s.admin.get(`${s.base}/tasks/${ids.Talk}?with=threads`);
    expect(seenByAdmin.body.data.threads.data.map((c: any) => c.content)).toEqual(['Here are my documents']);
    expect(seenByAdmin.body.data.threads.data[0].author).toBeNull();

    const quiet = await anonymous().post(`/public${s.base}/guests/${guest.code}/tasks/${ids.Quiet}/comment`, {
      content: 'Hello?',
    });
    expect([quiet.status, quiet.body.code]).toEqual([403, 'GUEST_COMMENTS_DISABLED']);
    const stored = await t.db.kysely
      .selectFrom('threads')
      .select('task_id')
      .where('task_id', '=', ids.Quiet as string)
      .execute();
    expect(stored).toEqual([]);
  });

  it('never shows a guest comments hidden from guests, nor lets them edit them', async () => {
    const s = await newOrg();
    const guest = await guestOf(s, 'client@example.com');
    const { ids } = await launch(s, [guestStep('Talk')], { Talk: { guests: [guest.email] } });
    const hidden = await s.admin.post(`${s.base}/tasks/${ids.Talk}/comment`, { content: 'Internal note' });
    expect(hidden.body.data.state).toBe('hide-for-guests');
    await s.admin.post(`${s.base}/tasks/${ids.Talk}/comment`, { content: 'For the client', state: 'open' });
    const seen = await anonymous().get(
      `${s.base}/guests/${guest.code}/tasks/${ids.Talk}?with=threads,threads_count`,
    );
    expect(seen.body.data.threads.data.map((c: any) => c.content)).toEqual(['For the client']);
    expect(seen.body.data.threads_count).toBe(1);
    expect(JSON.stringify(seen.body)).not.toContain('Internal note');
    const edit = await anonymous().put(
      `/public${s.base}/guests/${guest.code}/tasks/${ids.Talk}/comment/${hidden.body.data.id}`,
      { content: 'changed' },
    );
    expect([edit.status, edit.body.code]).toEqual([404, 'THREAD_NOT_FOUND']);
  });

  it('edits and deletes their own comment, raises a problem and resolves it', async () => {
    const s = await newOrg();
    const guest = await guestOf(s, 'client@example.com');
    const { ids } = await launch(s, [guestStep('Talk')], { Talk: { guests: [guest.email] } });
    const prefix = `${s.base}/guests/${guest.code}/tasks/${ids.Talk}`;
    const comment = await anonymous().post(`${prefix}/comment`, { content: 'First' });
    const edited = await anonymous().put(`${prefix}/comment/${comment.body.data.id}`, { content: 'Second' });
    expect(edited.body.data).toMatchObject({ content: 'Second', state: 'open' });
    expect((await anonymous().delete(`${prefix}/comment/${comment.body.data.id}`)).status).toBe(200);
    const problem = await anonymous().post(`/public${prefix}/problem`, { content: 'The link is broken' });
    expect(problem.status, JSON.stringify(problem.body)).toBe(201);
    expect((await taskRow(ids.Talk as string)).open_problems).toBe(1);
    const blocked = await anonymous().put(`${prefix}/tasks/completed`);
    expect([blocked.status, blocked.body.code]).toEqual([422, 'TASK_HAS_UNRESOLVED_PROBLEM']);
    const resolved = await anonymous().post(`/public${prefix}/resolved-threads`, {
      thread_id: problem.body.data.id,
      content: 'Works now',
    });
    expect(resolved.status, JSON.stringify(resolved.body)).toBe(201);
    expect((await taskRow(ids.Talk as string)).open_problems).toBe(0);
  });
});

describe("members and a guest's tasks", () => {
  it("lists a guest's tasks for admins and standard members by e-mail; light members 403, unknown e-mail 404", async () => {
    const s = await newOrg();
    const guest = await guestOf(s, 'client@example.com');
    await launch(s, [guestStep('Theirs'), { title: 'Not theirs' }], {
      Theirs: { guests: [guest.email] },
      'Not theirs': { users: [s.org.admin.userId] },
    });
    const url = `${s.base}/guests/${encodeURIComponent(guest.email)}/tasks`;
    const list = await s.admin.get(url);
    expect(list.status, JSON.stringify(list.body)).toBe(200);
    expect(list.body.data.map((task: any) => task.title)).toEqual(['Theirs']);
    expect(list.body.data[0].owners.guests).toEqual([guest.email]);
    const standard = await addMember(t.ctx, s.org.orgId, 'standard');
    expect((await apiClient(t.app, standard.token).get(url)).status).toBe(200);
    const light = await addMember(t.ctx, s.org.orgId, 'light');
    const refused = await apiClient(t.app, light.token).get(url);
    expect([refused.status, refused.body.code]).toEqual([403, 'ROLE_NOT_PERMITTED']);
    const unknown = await s.admin.get(`${s.base}/guests/${encodeURIComponent('nobody@example.com')}/tasks`);
    expect([unknown.status, unknown.body.code]).toEqual([404, 'GUEST_NOT_FOUND']);
    expect((await anonymous().get(url)).status).toBe(401);
  });

  it("sets a form value of a guest's task by the guest's e-mail, and only of that guest's tasks", async () => {
    const s = await newOrg();
    const guest = await guestOf(s, 'client@example.com');
    const field = { captures: [{ label: 'Notes', field_type: 'text' }] };
    const { ids, template } = await launch(s, [guestStep('Theirs', field), guestStep('Not theirs', field)], {
      Theirs: { guests: [guest.email] },
      'Not theirs': { users: [s.org.admin.userId] },
    });
    const url = `${s.base}/guests/${encodeURIComponent(guest.email)}/form-field/value`;
    const theirs = template.steps[0]?.captures[0]?.id as string;
    const ok = await s.admin.post(url, { id: theirs, form_value: 'Called them', task_id: ids.Theirs });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    const stored = await s.admin.get(`${s.base}/tasks/${ids.Theirs}`);
    expect(stored.body.data.taskdata).toEqual({ [theirs]: 'Called them' });
    const notTheirs = template.steps[1]?.captures[0]?.id as string;
    const refused = await s.admin.post(url, { id: notTheirs, form_value: 'x', task_id: ids['Not theirs'] });
    expect([refused.status, refused.body.code]).toEqual([404, 'TASK_NOT_FOUND']);
  });
});
