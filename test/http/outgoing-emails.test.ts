import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendQueuedEmails } from '../../src/jobs/email-delivery.js';
import { type AppContext, inTransaction } from '../../src/services/context.js';
import { type EmailInput, queueEmail } from '../../src/services/email/queue-email.js';
import { apiClient } from '../helpers/api.js';
import { createTestContext, type TestContext, withConfig } from '../helpers/context.js';
import { addMember, createOrgWithAdmin, type TestOrg } from '../helpers/factories.js';
import { type SmtpReceiver, startSmtpReceiver } from '../helpers/smtp-receiver.js';
import { freePort } from '../helpers/webhook-receiver.js';

let t: TestContext;
let smtp: SmtpReceiver;
let mailing: AppContext;
let org: TestOrg;

beforeAll(async () => {
  t = await createTestContext();
  smtp = await startSmtpReceiver({ reject: (address) => address.startsWith('nobody@') });
  // The same database, with SMTP_URL set: what a deployment with a mail server sees.
  mailing = withConfig(t.ctx, (config) => ({
    ...config,
    email: { smtpUrl: smtp.url, from: 'Flowlane <flow@example.com>' },
  }));
  org = await createOrgWithAdmin(t.ctx);
});
afterAll(async () => {
  await smtp.close();
  await t.close();
});

const mail = (orgId: string, extra: Partial<EmailInput> = {}): EmailInput => ({
  organizationId: orgId,
  to: 'Ann@Example.com',
  subject: 'Your task is due',
  text: 'Please complete "Review contract".',
  reason: 'task.email_step',
  ...extra,
});

async function emailsOf(orgId: string) {
  return t.db.kysely
    .selectFrom('outgoing_emails')
    .selectAll()
    .where('organization_id', '=', orgId)
    .orderBy('created_at')
    .execute();
}

describe('without SMTP_URL', () => {
  it('keeps queued mail in outgoing_emails, listed for admins', async () => {
    const own = await createOrgWithAdmin(t.ctx);
    await inTransaction(t.ctx, (tx) => queueEmail(tx, mail(own.orgId, { html: '<p>Please</p>' })));
    expect(await sendQueuedEmails(t.ctx)).toBe(0);
    const res = await apiClient(t.app, own.admin.token).get(`/organizations/${own.orgId}/outgoing-emails`);
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual([
      {
        id: expect.stringMatching(/^[0-9a-f]{32}$/),
        to: 'ann@example.com',
        subject: 'Your task is due',
        text: 'Please complete "Review contract".',
        html: '<p>Please</p>',
        reason: 'task.email_step',
        status: 'stored',
        attempts: 0,
        next_attempt_at: null,
        last_error: null,
        message_id: null,
        created_at: '2025-01-06T09:00:00.000Z',
        sent_at: null,
      },
    ]);
    expect(smtp.messages).toHaveLength(0);
  });

  it('writes nothing when the transaction that queued the mail rolls back', async () => {
    const own = await createOrgWithAdmin(t.ctx);
    await expect(
      inTransaction(t.ctx, async (tx) => {
        await queueEmail(tx, mail(own.orgId));
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await emailsOf(own.orgId)).toEqual([]);
  });

  it('answers 403 ADMIN_ONLY to members who are not admins, and filters by status and reason', async () => {
    const member = await addMember(t.ctx, org.orgId, 'standard');
    const denied = await apiClient(t.app, member.token).get(`/organizations/${org.orgId}/outgoing-emails`);
    expect(denied.status).toBe(403);
    expect(denied.body.code).toBe('ADMIN_ONLY');
    await inTransaction(t.ctx, (tx) => queueEmail(tx, mail(org.orgId, { reason: 'invite' })));
    await inTransaction(t.ctx, (tx) => queueEmail(tx, mail(org.orgId, { to: 'not-an-address' })));
    const api = apiClient(t.app, org.admin.token);
    const failed = await api.get(`/organizations/${org.orgId}/outgoing-emails?status=failed`);
    expect(failed.body.data).toEqual([
      expect.objectContaining({
        to: 'not-an-address',
        status: 'failed',
        last_error: 'The recipient is not a valid e-mail address.',
      }),
    ]);
    const invites = await api.get(`/organizations/${org.orgId}/outgoing-emails?reason=invite`);
    expect(invites.body.data.map((e: { reason: string }) => e.reason)).toEqual(['invite']);
  });
});

describe('with SMTP_URL', () => {
  it('sends queued mail through SMTP after commit and logs it as sent', async () => {
    const own = await createOrgWithAdmin(t.ctx);
    const id = await inTransaction(mailing, (tx) => queueEmail(tx, mail(own.orgId)));
    expect((await emailsOf(own.orgId))[0]).toMatchObject({ id, status: 'queued' });
    expect(await sendQueuedEmails(mailing)).toBe(1);
    expect(await sendQueuedEmails(mailing)).toBe(0);
    const received = smtp.messages.at(-1);
    expect(received).toMatchObject({ from: 'flow@example.com', to: ['ann@example.com'] });
    expect(received?.raw).toContain('Subject: Your task is due');
    expect(received?.raw).toContain('Please complete "Review contract".');
    expect(received?.raw).toContain(`X-Flowlane-Email: ${id}`);
    const res = await apiClient(t.app, own.admin.token).get(
      `/organizations/${own.orgId}/outgoing-emails?status=sent`,
    );
    expect(res.body.data).toEqual([
      expect.objectContaining({
        id,
        status: 'sent',
        attempts: 1,
        sent_at: '2025-01-06T09:00:00.000Z',
        message_id: expect.any(String),
      }),
    ]);
  });

  it('fails at once when the server refuses the mailbox (5xx)', async () => {
    const own = await createOrgWithAdmin(t.ctx);
    await inTransaction(mailing, (tx) => queueEmail(tx, mail(own.orgId, { to: 'nobody@example.com' })));
    await sendQueuedEmails(mailing);
    expect((await emailsOf(own.orgId))[0]).toMatchObject({
      status: 'failed',
      attempts: 1,
      last_error: expect.stringMatching(/550/),
    });
  });

  it('keeps mail queued for a retry while the SMTP server is down, and sends it when it is back', async () => {
    const own = await createOrgWithAdmin(t.ctx);
    const port = await freePort();
    const down = withConfig(mailing, (config) => ({
      ...config,
      email: { smtpUrl: `smtp://127.0.0.1:${port}`, from: 'flow@example.com' },
    }));
    await inTransaction(down, (tx) => queueEmail(tx, mail(own.orgId, { to: 'later@example.com' })));
    await sendQueuedEmails(down);
    const [waiting] = await emailsOf(own.orgId);
    expect(waiting).toMatchObject({
      status: 'queued',
      attempts: 1,
      last_error: expect.stringMatching(/ECONNREFUSED/),
    });
    expect(Date.parse(waiting?.next_attempt_at ?? '')).toBeGreaterThan(t.clock.now().getTime());
    const back = await startSmtpReceiver({ port });
    expect(await sendQueuedEmails(down)).toBe(0);
    t.clock.advance(60_000);
    expect(await sendQueuedEmails(down)).toBe(1);
    expect(back.messages.map((m) => m.to)).toEqual([['later@example.com']]);
    expect((await emailsOf(own.orgId))[0]).toMatchObject({ status: 'sent', attempts: 2 });
    await back.close();
  });
});
