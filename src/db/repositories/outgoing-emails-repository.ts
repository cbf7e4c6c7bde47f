import type { Selectable } from 'kysely';
import type { OutgoingEmail, OutgoingEmailStatus } from '../../domain/outgoing-email.js';
import type { Db } from '../database.js';
import { dialectOf, fromJson, lockSkipLocked, toInt, toJson } from '../dialect.js';
import type { OutgoingEmailsTable } from '../tables/webhooks.js';

function toOutgoingEmail(row: Selectable<OutgoingEmailsTable>): OutgoingEmail {
  return {
    id: row.id,
    organizationId: row.organization_id,
    to: row.to_address,
    subject: row.subject,
    text: row.text_body,
    html: row.html_body,
    reason: row.reason,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    lastError: row.last_error,
    messageId: row.message_id,
    createdAt: row.created_at,
    sentAt: row.sent_at,
    headers: fromJson<Record<string, string> | null>(row.headers, null),
  };
}

export interface NewOutgoingEmail {
  id: string;
  organizationId: string;
  to: string;
  subject: string;
  text: string;
  html: string | null;
  reason: string;
  /** `queued` for the e-mail job, `stored` when there is no SMTP server, `failed` if unsendable. */
  status: 'queued' | 'stored' | 'failed';
  lastError: string | null;
  headers?: Record<string, string> | null;
  now: string;
}

export async function insertOutgoingEmail(db: Db, email: NewOutgoingEmail): Promise<void> {
  await db
    .insertInto('outgoing_emails')
    .values({
      id: email.id,
      organization_id: email.organizationId,
      to_address: email.to,
      subject: email.subject,
      text_body: email.text,
      html_body: email.html,
      reason: email.reason,
      status: email.status,
      attempts: 0,
      next_attempt_at: email.status === 'queued' ? email.now : null,
      last_error: email.lastError,
      headers: email.headers ? toJson(email.headers) : null,
      created_at: email.now,
    })
    .execute();
}

/** Claims due queued mail in one statement; see claimDueDeliveries for the locking. */
export async function claimDueEmails(
  db: Db,
  claim: { now: string; lockedUntil: string; token: string; limit: number },
): Promise<OutgoingEmail[]> {
  const dialect = dialectOf(db);
  const rows = await db
    .updateTable('outgoing_emails')
    .set({ locked_until: claim.lockedUntil, claim_token: claim.token })
    .where('id', 'in', (eb) =>
      lockSkipLocked(
        eb
          .selectFrom('outgoing_emails')
          .select('id')
          .where('status', '=', 'queued')
          .where('next_attempt_at', '<=', claim.now)
          .where((w) => w.or([w('locked_until', 'is', null), w('locked_until', '<=', claim.now)]))
          .orderBy('next_attempt_at')
          .limit(claim.limit),
        dialect,
      ),
    )
    .returningAll()
    .execute();
  return rows.map(toOutgoingEmail);
}

export interface EmailOutcome {
  /** `stored`: no mail server to send it with any more; kept for an administrator to see. */
  status: 'queued' | 'sent' | 'failed' | 'stored';
  nextAttemptAt: string | null;
  error: string | null;
  messageId: string | null;
  sentAt: string | null;
}

/** Records a send attempt and releases the claim, while the claim is still ours. */
export async function finishClaimedEmail(
  db: Db,
  id: string,
  token: string,
  outcome: EmailOutcome,
): Promise<void> {
  await db
    .updateTable('outgoing_emails')
    .set((eb) => ({
      status: outcome.status,
      attempts: eb('attempts', '+', 1),
      next_attempt_at: outcome.nextAttemptAt,
      last_error: outcome.error,
      message_id: outcome.messageId,
      sent_at: outcome.sentAt,
      locked_until: null,
      claim_token: null,
    }))
    .where('id', '=', id)
    .where('claim_token', '=', token)
    .execute();
}

export async function listOutgoingEmails(
  db: Db,
  organizationId: string,
  filters: { status?: OutgoingEmailStatus | undefined; reason?: string | undefined; to?: string | undefined },
  window: { offset: number; limit: number | undefined },
): Promise<{ items: OutgoingEmail[]; total: number }> {
  let base = db.selectFrom('outgoing_emails').where('organization_id', '=', organizationId);
  if (filters.status) base = base.where('status', '=', filters.status);
  if (filters.reason) base = base.where('reason', '=', filters.reason);
  if (filters.to) base = base.where('to_address', '=', filters.to);
  const count = await base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst();
  let query = base.selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc');
  if (window.limit !== undefined) query = query.limit(window.limit).offset(window.offset);
  return { items: (await query.execute()).map(toOutgoingEmail), total: toInt(count?.n) };
}
