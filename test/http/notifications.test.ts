/**
 * Notifications end to end: outbox events → notifications → mail through a real SMTP
 * receiver (nodemailer, as in production), with the injected clock for the coalescing
 * window, reminders and the digest.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sweepDeadlines } from '../../src/jobs/deadline-sweeper.js';
import { sendQueuedEmails } from '../../src/jobs/email-delivery.js';
import { dispatchNotifications } from '../../src/jobs/notification-dispatch.js';
import { sendDueDigests } from '../../src/services/notifications/digest.js';
import { sendDueNotificationMail } from '../../src/services/notifications/send-notification-mail.js';
import { type Api, apiClient } from '../helpers/api.js';
import { createTestContext, type TestContext } from '../helpers/context.js';
import { addMember, createOrgWithAdmin, type TestMember, type TestOrg } from '../helpers/factories.js';
import { guestCodeOf } from '../helpers/people.js';
import { type ReceivedMail, type SmtpReceiver, startSmtpReceiver } from '../helpers/smtp-receiver.js';
import { createTemplate } from '../helpers/templates.js';

let t: TestContext;
let smtp: SmtpReceiver;
let org: TestOrg;
let admin: Api;
let base: string;
let bob: TestMember;
let carol: TestMember;

const PUBLIC = 'https://flow.example.com';

beforeEach(async () => {
  smtp = await startSmtpReceiver();
  t = await createTestContext({ SMTP_URL: smtp.url, PUBLIC_URL: PUBLIC, NOTIFY_HOURLY_CAP: '3' });
  org = await createOrgWithAdmin(t.ctx, 'Acme Legal');
  admin = apiClient(t.app, org.admin.token);
  base = `/organizations/${org.orgId}`;
  bob = await addMember(t.ctx, org.orgId, 'standard', { firstName: 'Bob' });
  carol = await addMember(t.ctx, org.orgId, 'standard', { firstName: 'Carol' });
});
afterEach(async () => {
  await t.close();
  await smtp.close();
});

/** Consumer, then past the coalescing window, the mail pass and the SMTP queue. */
async function deliver() {
  await dispatchNotifications(t.ctx);
  t.clock.advance(61_000);
  await sendDueNotificationMail(t.ctx);
  await sendQueuedEmails(t.ctx);
}

/** Headers unfolded and the body's quoted-printable undone, for plain assertions. */
function readable(mail: ReceivedMail) {
  const [head = '', ...rest] = mail.raw.split(/\r?\n\r?\n/);
  const headers = head.replace(/\r?\n[ \t]+/g, ' ');
  const body = rest
    .join('\n\n')
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
  const header = (name: string) => new RegExp(`^${name}: (.*)$`, 'mi').exec(headers)?.[1]?.trim();
  return { headers, body, header };
}

const mailsTo = (email: string) => smtp.messages.filter((m) => m.to.includes(email));

async function launch(owners: { users?: number[]; guests?: string[]; groups?: string[] }, steps = 1) {
  const template = await createTemplate(admin, org.orgId, {
    steps: Array.from({ length: steps }, (_, i) => ({ title: `Step ${i + 1}`, allow_guest_owners: true })),
  });
  const tasks = Object.fromEntries(
    template.steps.map((s) => [s.id, { owners: { users: [], guests: [], groups: [], ...owners } }]),
  );
  const run = await admin.post(`${base}/runs`, { checklist_id: template.id, name: 'Contract review', tasks });
  expect(run.status, JSON.stringify(run.body)).toBe(201);
  const list = await admin.get(`${base}/runs/${run.body.data.id}/tasks?without_pagination=true`);
  return {
    runId: run.body.data.id as string,
    taskIds: list.body.data.map((x: { id: string }) => x.id) as string[],
  };
}

describe('task assigned', () => {
  it('mails each member, group member and guest once at launch, never the launcher, and guests their own page', async () => {
    const dave = await addMember(t.ctx, org.orgId, 'standard', { firstName: 'Dave' });
    const group = await admin.post(`${base}/groups`, {
      name: 'Reviewers',
      description: 'r',
      members: [carol.userId, bob.userId],
    });
    expect(group.status).toBe(201);
    await admin.post(`${base}/guests`, { email: 'client@example.com', first_name: 'Cli' });
    const code = await guestCodeOf(admin, org.orgId, 'client@example.com');
    const { taskIds } = await launch({
      users: [bob.userId, org.admin.userId],
      groups: [group.body.data.id],
      guests: ['client@example.com'],
    });
    await deliver();

    expect(mailsTo(bob.email)).toHaveLength(1);
    expect(mailsTo(carol.email)).toHaveLength(1);
    expect(mailsTo('client@example.com')).toHaveLength(1);
    expect(mailsTo(org.admin.email)).toHaveLength(0);
    expect(mailsTo(dave.email)).toHaveLength(0);
    expect(smtp.messages).toHaveLength(3);

    const member = readable(mailsTo(bob.email)[0]!);
    expect(member.header('Subject')).toBe('[Acme Legal] Assigned: Step 1');
    expect(member.body).toContain(`${PUBLIC}/app/tasks/${taskIds[0]}`);
    expect(member.body).toContain('Acme Legal');
    expect(member.header('List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
    expect(member.header('List-Unsubscribe')).toMatch(new RegExp(`^<${PUBLIC}/notifications/unsubscribe/`));
    expect(member.header('References')).toBe(`<task.${taskIds[0]}.user${bob.userId}@flow.example.com>`);
    expect(member.header('Content-Type')).toMatch(/multipart\/alternative/);

    const guest = readable(mailsTo('client@example.com')[0]!);
    expect(guest.body).toContain(`${PUBLIC}/guest-all-task/${org.orgId}/${code}`);
    expect(guest.body).not.toContain('/app/tasks/');

    const listed = await admin.get(`${base}/outgoing-emails?reason=notification.assigned`);
    expect(listed.body.data).toHaveLength(3);
    expect(listed.body.data.every((e: { status: string }) => e.status === 'sent')).toBe(true);
  });

  it('tells only the newcomers on reassignment, and not the member who made it', async () => {
    const dave = await addMember(t.ctx, org.orgId, 'standard', { firstName: 'Dave' });
    const { runId, taskIds } = await launch({ users: [bob.userId] });
    await deliver();
    expect(mailsTo(bob.email)).toHaveLength(1);

    const res = await apiClient(t.app, bob.token).put(`${base}/runs/${runId}/tasks/${taskIds[0]}`, {
      owners: { users: [bob.userId, carol.userId, dave.userId], guests: [], groups: [] },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    await deliver();
    expect(mailsTo(bob.email)).toHaveLength(1);
    expect(mailsTo(carol.email)).toHaveLength(1);
    expect(mailsTo(dave.email)).toHaveLength(1);
  });

  it('stores each notification once when the consumer sees an event again (at least once)', async () => {
    await launch({ users: [bob.userId] });
    await dispatchNotifications(t.ctx);
    await t.db.kysely.updateTable('outbox_events').set({ notified_at: null }).execute();
    await dispatchNotifications(t.ctx);
    const rows = await t.db.kysely.selectFrom('notifications').selectAll().execute();
    expect(rows.map((r) => [r.recipient_id, r.kind])).toEqual([[bob.userId, 'assigned']]);
  });
});

describe('comments, mentions and watchers', () => {
  it('mails assignees, the mentioned member and e-mail watchers once each, never the author', async () => {
    const erin = await addMember(t.ctx, org.orgId, 'standard', { firstName: 'Erin' });
    const frank = await addMember(t.ctx, org.orgId, 'standard', { firstName: 'Frank' });
    const { runId, taskIds } = await launch({ users: [bob.userId, org.admin.userId] });
    const watch = await apiClient(t.app, frank.token).post(`${base}/users/${frank.userId}/add-watcher`, {
      object_type: 'Run',
      object_id: runId,
      notification_type: 'email',
      frequency: 'electric',
    });
    expect(watch.status).toBe(204);
    await deliver();
    smtp.messages.length = 0;

    const comment = await admin.post(`${base}/tasks/${taskIds[0]}/comment`, {
      content: `Please look, @[${erin.userId}] and @[${bob.userId}]`,
    });
    expect(comment.status, JSON.stringify(comment.body)).toBe(201);
    await deliver();

    expect(smtp.messages.map((m) => m.to[0]).sort()).toEqual([bob.email, erin.email, frank.email].sort());
    expect(readable(mailsTo(erin.email)[0]!).header('Subject')).toBe(
      '[Acme Legal] You were mentioned: Step 1',
    );
    expect(readable(mailsTo(bob.email)[0]!).header('Subject')).toBe(
      '[Acme Legal] You were mentioned: Step 1',
    );
    expect(readable(mailsTo(frank.email)[0]!).header('Subject')).toBe('[Acme Legal] New comment: Step 1');
    expect(readable(mailsTo(frank.email)[0]!).body).toContain('Stop watching');
  });

  it('coalesces a burst on one task into one mail that threads with the task', async () => {
    const { taskIds } = await launch({ users: [bob.userId] });
    await deliver();
    for (const text of ['one', 'two', 'three']) {
      await admin.post(`${base}/tasks/${taskIds[0]}/comment`, { content: text });
      t.clock.advance(10_000);
    }
    await deliver();
    const mails = mailsTo(bob.email);
    expect(mails).toHaveLength(2);
    const burst = readable(mails[1]!);
    expect(burst.header('Subject')).toBe('[Acme Legal] 3 updates: Step 1');
    expect(burst.body).toMatch(/one[\s\S]*two[\s\S]*three/);
    const thread = `<task.${taskIds[0]}.user${bob.userId}@flow.example.com>`;
    expect(burst.header('In-Reply-To')).toBe(thread);
    expect(readable(mails[0]!).header('References')).toBe(thread);
  });

  it('sends what exceeds the hourly cap to the digest instead', async () => {
    const { taskIds } = await launch({ users: [bob.userId] }, 5);
    await dispatchNotifications(t.ctx);
    // Five separate windows: assignments first, then one comment per window.
    t.clock.advance(61_000);
    await sendDueNotificationMail(t.ctx);
    for (const id of taskIds.slice(0, 4)) {
      await admin.post(`${base}/tasks/${id}/comment`, { content: `about ${id}` });
      await dispatchNotifications(t.ctx);
      t.clock.advance(61_000);
      await sendDueNotificationMail(t.ctx);
    }
    await sendQueuedEmails(t.ctx);
    expect(mailsTo(bob.email)).toHaveLength(3);
    const waiting = await t.db.kysely
      .selectFrom('notifications')
      .select('kind')
      .where('recipient_id', '=', bob.userId)
      .where('delivery', '=', 'digest')
      .where('emailed_at', 'is', null)
      .execute();
    expect(waiting.map((w) => w.kind)).toEqual(['comment', 'comment']);
  });

  it("holds what exceeds a guest's hourly cap until the hour allows, then sends it in one mail", async () => {
    await admin.post(`${base}/guests`, { email: 'client@example.com', first_name: 'Cli' });
    // Five launches in five separate windows, each assigning the guest.
    for (let i = 0; i < 5; i++) {
      await launch({ guests: ['client@example.com'] });
      await dispatchNotifications(t.ctx);
      t.clock.advance(61_000);
      await sendDueNotificationMail(t.ctx);
    }
    await sendQueuedEmails(t.ctx);
    // The cap is 3: three assignments went out, two wait.
    expect(mailsTo('client@example.com')).toHaveLength(3);
    const held = await t.db.kysely
      .selectFrom('notifications')
      .select(['kind', 'delivery'])
      .where('recipient_type', '=', 'guest')
      .where('emailed_at', 'is', null)
      .execute();
    expect(held).toEqual([
      { kind: 'assigned', delivery: 'email' },
      { kind: 'assigned', delivery: 'email' },
    ]);
    // Half an hour on, the hour is still full.
    t.clock.advance(30 * 60_000);
    await sendDueNotificationMail(t.ctx);
    await sendQueuedEmails(t.ctx);
    expect(mailsTo('client@example.com')).toHaveLength(3);
    // Once the first mail is an hour old, both waiting assignments go out in one mail.
    t.clock.advance(30 * 60_000);
    await sendDueNotificationMail(t.ctx);
    await sendQueuedEmails(t.ctx);
    const mails = mailsTo('client@example.com');
    expect(mails).toHaveLength(4);
    expect(readable(mails[3]!).header('Subject')).toBe('[Acme Legal] 2 updates');
  });
});

describe('settings', () => {
  it('honours off and digest per category, and keeps the in-app list either way', async () => {
    const bobApi = apiClient(t.app, bob.token);
    expect((await bobApi.put(`${base}/me/notification-settings`, { comments: 'off' })).status).toBe(200);
    const carolSet = await apiClient(t.app, carol.token).put(`${base}/me/notification-settings`, {
      comments: 'digest',
      digest_hour: 7,
    });
    expect(carolSet.body.data).toEqual({
      assigned: 'immediate',
      reminders: 'immediate',
      comments: 'digest',
      problems: 'immediate',
      processes: 'immediate',
      digest_hour: 7,
    });
    const { taskIds } = await launch({ users: [bob.userId, carol.userId] });
    await deliver();
    smtp.messages.length = 0;
    await admin.post(`${base}/tasks/${taskIds[0]}/comment`, { content: 'Heads up' });
    await deliver();
    expect(smtp.messages).toHaveLength(0);

    const inbox = await bobApi.get(`${base}/me/notifications`);
    expect(inbox.body.data.map((n: { kind: string }) => n.kind)).toEqual(['comment', 'assigned']);

    // Carol's digest hour: 07:00 UTC the next morning (her timezone is UTC).
    t.clock.set('2025-01-07T07:00:00.000Z');
    await sendDueDigests(t.ctx);
    await sendQueuedEmails(t.ctx);
    const digest = mailsTo(carol.email);
    expect(digest).toHaveLength(1);
    expect(readable(digest[0]!).header('Subject')).toBe('[Acme Legal] Your daily digest');
    expect(readable(digest[0]!).body).toContain('New comment: Step 1');
    expect(mailsTo(bob.email)).toHaveLength(0);
  });

  it('answers 422 VALIDATION_FAILED for a preference that does not exist and leaves settings as they were', async () => {
    const res = await admin.put(`${base}/me/notification-settings`, { assigned: 'sometimes' });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect((await admin.get(`${base}/me/notification-settings`)).body.data.assigned).toBe('immediate');
  });

  it('lets a guest turn mail off from their page, and offers them no digest', async () => {
    await admin.post(`${base}/guests`, { email: 'client@example.com', first_name: 'Cli' });
    const code = await guestCodeOf(admin, org.orgId, 'client@example.com');
    const guestApi = apiClient(t.app);
    expect(
      (await guestApi.put(`${base}/guests/${code}/notification-settings`, { assigned: 'digest' })).status,
    ).toBe(422);
    const off = await guestApi.put(`${base}/guests/${code}/notification-settings`, { assigned: 'off' });
    expect(off.status).toBe(200);
    expect(off.body.data.assigned).toBe('off');
    await launch({ guests: ['client@example.com'] });
    await deliver();
    expect(mailsTo('client@example.com')).toHaveLength(0);
  });
});

describe('one-click unsubscribe', () => {
  it('turns that category off without signing in, for its own recipient only', async () => {
    await launch({ users: [bob.userId, carol.userId] });
    await deliver();
    const link = readable(mailsTo(bob.email)[0]!).header('List-Unsubscribe')!.slice(1, -1);
    const path = new URL(link).pathname;

    const page = await t.app.inject({ method: 'GET', url: path });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<form method="post">');
    expect(
      (await apiClient(t.app, bob.token).get(`${base}/me/notification-settings`)).body.data.assigned,
    ).toBe('immediate');

    const click = await t.app.inject({
      method: 'POST',
      url: path,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'List-Unsubscribe=One-Click',
    });
    expect(click.statusCode).toBe(200);
    expect(
      (await apiClient(t.app, bob.token).get(`${base}/me/notification-settings`)).body.data.assigned,
    ).toBe('off');
    expect(
      (await apiClient(t.app, carol.token).get(`${base}/me/notification-settings`)).body.data.assigned,
    ).toBe('immediate');

    // The same link edited to name Carol is refused, and changes nothing.
    const forged = path.replace(`.u.${bob.userId}.`, `.u.${carol.userId}.`);
    expect(forged).not.toBe(path);
    const refused = await t.app.inject({ method: 'POST', url: forged, payload: {} });
    expect(refused.statusCode).toBe(404);
    expect(refused.json().code).toBe('UNSUBSCRIBE_LINK_INVALID');
    expect(
      (await apiClient(t.app, carol.token).get(`${base}/me/notification-settings`)).body.data.assigned,
    ).toBe('immediate');
  });

  it('removes one watch through GET /watch/{token}/{org}, and only in its organization', async () => {
    const { runId, taskIds } = await launch({ users: [bob.userId] });
    await apiClient(t.app, carol.token).post(`${base}/users/${carol.userId}/add-watcher`, {
      object_type: 'Task',
      object_id: taskIds[0],
      notification_type: 'email',
      frequency: 'electric',
    });
    await admin.post(`${base}/tasks/${taskIds[0]}/comment`, { content: 'Watch this' });
    await deliver();
    expect(runId).toBeTruthy();
    const token = new URL(
      readable(mailsTo(carol.email)[0]!).header('List-Unsubscribe')!.slice(1, -1),
    ).pathname
      .split('/')
      .pop()!;
    const other = await createOrgWithAdmin(t.ctx, 'Elsewhere');
    expect((await t.app.inject({ method: 'GET', url: `/watch/${token}/${other.orgId}` })).statusCode).toBe(
      404,
    );
    const removed = await t.app.inject({ method: 'GET', url: `/watch/${token}/${org.orgId}` });
    expect(removed.statusCode).toBe(204);
    const left = await t.db.kysely
      .selectFrom('watchers')
      .select('id')
      .where('organization_id', '=', org.orgId)
      .execute();
    expect(left).toEqual([]);
  });
});

describe('watch frequencies', () => {
  it('mails mindful watchers at most once an hour and chilled ones in the digest', async () => {
    const dave = await addMember(t.ctx, org.orgId, 'standard', { firstName: 'Dave' });
    const { runId, taskIds } = await launch({ users: [bob.userId] });
    for (const [who, frequency] of [
      [carol, 'mindful'],
      [dave, 'chilled'],
    ] as const) {
      await apiClient(t.app, who.token).post(`${base}/users/${who.userId}/add-watcher`, {
        object_type: 'Run',
        object_id: runId,
        notification_type: 'email',
        frequency,
      });
    }
    await admin.post(`${base}/tasks/${taskIds[0]}/comment`, { content: 'first' });
    await deliver();
    t.clock.advance(5 * 60_000);
    await admin.post(`${base}/tasks/${taskIds[0]}/comment`, { content: 'second' });
    await deliver();
    expect(mailsTo(carol.email)).toHaveLength(0);
    t.clock.set('2025-01-06T10:00:00.000Z');
    await sendDueNotificationMail(t.ctx);
    await sendQueuedEmails(t.ctx);
    const mindful = mailsTo(carol.email);
    expect(mindful).toHaveLength(1);
    expect(readable(mindful[0]!).body).toMatch(/first[\s\S]*second/);
    expect(mailsTo(dave.email)).toHaveLength(0);
    const chilled = await t.db.kysely
      .selectFrom('notifications')
      .select('delivery')
      .where('recipient_id', '=', dave.userId)
      .where('kind', '=', 'comment')
      .execute();
    expect(chilled).toEqual([{ delivery: 'digest' }, { delivery: 'digest' }]);
  });
});

describe('reminders, problems and completion', () => {
  it('reminds assignees once when a task is due soon and once when it is overdue', async () => {
    const { taskIds } = await launch({ users: [bob.userId] });
    await deliver();
    const task = await admin.get(`${base}/tasks/${taskIds[0]}`);
    const deadline = task.body.data.deadline as string;
    t.clock.set(new Date(Date.parse(deadline) - 3_600_000).toISOString());
    await sweepDeadlines(t.ctx);
    await sweepDeadlines(t.ctx);
    await deliver();
    t.clock.set(new Date(Date.parse(deadline) + 1_000).toISOString());
    await sweepDeadlines(t.ctx);
    await deliver();
    const subjects = mailsTo(bob.email).map((m) => readable(m).header('Subject'));
    expect(subjects).toEqual([
      '[Acme Legal] Assigned: Step 1',
      '[Acme Legal] Due soon: Step 1',
      '[Acme Legal] Overdue: Step 1',
    ]);
  });

  it("uses the organization's lead time: an administrator sets it, others may not", async () => {
    expect(
      (await apiClient(t.app, bob.token).put(`${base}/notification-settings`, { due_soon_hours: 2 })).status,
    ).toBe(403);
    const set = await admin.put(`${base}/notification-settings`, { due_soon_hours: 2 });
    expect(set.body.data).toEqual({ due_soon_hours: 2 });
    const { taskIds } = await launch({ users: [bob.userId] });
    await deliver();
    const deadline = (await admin.get(`${base}/tasks/${taskIds[0]}`)).body.data.deadline as string;
    t.clock.set(new Date(Date.parse(deadline) - 3 * 3_600_000).toISOString());
    expect(await sweepDeadlines(t.ctx)).toBe(0);
    t.clock.set(new Date(Date.parse(deadline) - 2 * 3_600_000).toISOString());
    expect(await sweepDeadlines(t.ctx)).toBe(1);
    await deliver();
    expect(mailsTo(bob.email).map((m) => readable(m).header('Subject'))).toEqual([
      '[Acme Legal] Assigned: Step 1',
      '[Acme Legal] Due soon: Step 1',
    ]);
  });

  it('tells assignees and the launcher of a problem and its resolution, and the launcher of completion', async () => {
    const { runId, taskIds } = await launch({ users: [bob.userId, carol.userId] });
    await deliver();
    smtp.messages.length = 0;
    const bobApi = apiClient(t.app, bob.token);
    const problem = await bobApi.post(`${base}/tasks/${taskIds[0]}/comment`, {
      content: 'Missing page',
      label: 'problem',
    });
    expect(problem.status, JSON.stringify(problem.body)).toBe(201);
    await deliver();
    expect(smtp.messages.map((m) => m.to[0]).sort()).toEqual([carol.email, org.admin.email].sort());
    expect(readable(mailsTo(carol.email)[0]!).header('Subject')).toBe(
      '[Acme Legal] Problem reported: Step 1',
    );

    smtp.messages.length = 0;
    const resolved = await apiClient(t.app, carol.token).post(
      `${base}/tasks/${taskIds[0]}/resolved-threads`,
      {
        thread_id: problem.body.data.id,
        content: 'Added it',
      },
    );
    expect(resolved.status, JSON.stringify(resolved.body)).toBeLessThan(300);
    await deliver();
    expect(smtp.messages.map((m) => m.to[0]).sort()).toEqual([bob.email, org.admin.email].sort());

    smtp.messages.length = 0;
    const done = await bobApi.post(`${base}/runs/${runId}/completed-tasks`, { task_id: taskIds[0] });
    expect(done.status, JSON.stringify(done.body)).toBeLessThan(300);
    await deliver();
    expect(smtp.messages.map((m) => [m.to[0], readable(m).header('Subject')])).toEqual([
      [org.admin.email, '[Acme Legal] Completed: Contract review'],
    ]);
  });
});

describe('in-app notifications', () => {
  it('lists newest first with meta.unread, marks one and then all read, and only the caller’s', async () => {
    const { taskIds } = await launch({ users: [bob.userId] }, 2);
    t.clock.advance(1_000);
    await admin.post(`${base}/tasks/${taskIds[0]}/comment`, { content: 'hello' });
    await dispatchNotifications(t.ctx);
    const bobApi = apiClient(t.app, bob.token);
    const list = await bobApi.get(`${base}/me/notifications`);
    expect(list.status).toBe(200);
    expect(list.body.meta.unread).toBe(3);
    expect(list.body.data).toHaveLength(3);
    expect(list.body.data[0]).toMatchObject({ kind: 'comment', task_id: taskIds[0], is_read: false });

    const id = list.body.data[0].id;
    expect((await apiClient(t.app, carol.token).put(`${base}/me/notifications/${id}/read`)).status).toBe(404);
    const read = await bobApi.put(`${base}/me/notifications/${id}/read`);
    expect(read.status).toBe(200);
    expect(read.body.data.is_read).toBe(true);
    expect((await bobApi.get(`${base}/me/notifications`)).body.meta.unread).toBe(2);
    const all = await bobApi.put(`${base}/me/notifications/read-all`);
    expect(all.body.data.marked).toBe(2);
    expect((await bobApi.get(`${base}/me/notifications`)).body.meta.unread).toBe(0);
  });
});

describe('daily digest', () => {
  it('sends one mail per member at their hour with overdue, due today and new assignments, none when there is nothing', async () => {
    await apiClient(t.app, bob.token).put(`${base}/me/notification-settings`, { assigned: 'digest' });
    const { taskIds } = await launch({ users: [bob.userId] }, 2);
    await dispatchNotifications(t.ctx);
    await sendDueDigests(t.ctx); // schedules everyone's first digest: 08:00 tomorrow
    const deadlines = await t.db.kysely
      .selectFrom('tasks')
      .select(['id', 'deadline'])
      .where('id', 'in', taskIds)
      .execute();
    // One task overdue by the digest, one due later that day.
    await t.db.kysely
      .updateTable('tasks')
      .set({ deadline: '2025-01-07T06:00:00.000Z' })
      .where('id', '=', taskIds[0]!)
      .execute();
    await t.db.kysely
      .updateTable('tasks')
      .set({ deadline: '2025-01-07T17:00:00.000Z' })
      .where('id', '=', taskIds[1]!)
      .execute();
    expect(deadlines).toHaveLength(2);

    t.clock.set('2025-01-07T08:00:00.000Z');
    const pass = await sendDueDigests(t.ctx);
    await sendQueuedEmails(t.ctx);
    expect(pass.sent).toBe(1);
    const digest = mailsTo(bob.email);
    expect(digest).toHaveLength(1);
    const body = readable(digest[0]!).body;
    expect(body).toMatch(
      /Overdue[\s\S]*Step 1[\s\S]*Due today[\s\S]*Step 2[\s\S]*New since your last digest[\s\S]*Assigned: Step 1/,
    );
    expect(mailsTo(carol.email)).toHaveLength(0);
    expect(mailsTo(org.admin.email)).toHaveLength(0);

    // Later that day nothing is due: no second digest.
    t.clock.set('2025-01-07T12:00:00.000Z');
    expect((await sendDueDigests(t.ctx)).sent).toBe(0);
  });
});
