import { hasEnabledSmtp } from '../../db/repositories/organization-smtp-repository.js';
import { insertOutgoingEmail } from '../../db/repositories/outgoing-emails-repository.js';
import { isValidEmail, normalizeEmail } from '../../domain/identity.js';
import { newHexId } from '../../domain/ids.js';
import { type AppContext, nowIso } from '../context.js';

export interface EmailInput {
  organizationId: string;
  to: string;
  subject: string;
  text: string;
  html?: string | null;
  /** Why it is sent, e.g. `task.email_step`; shown in the list and filterable. */
  reason: string;
  /** Threading and List-Unsubscribe headers, sent as given. */
  headers?: Record<string, string>;
}

/**
 * Queues a message in the caller's transaction: it is sent after commit by the e-mail job
 * when SMTP_URL is set or the organization has its own SMTP connection switched on, or kept
 * (`stored`) in outgoing_emails otherwise, so nothing is ever
 * silently dropped. A malformed recipient does not abort the caller's change: the message
 * is recorded as failed, with the reason, for an administrator to see. Returns its id.
 */
export async function queueEmail(tx: AppContext, input: EmailInput): Promise<string> {
  const id = newHexId();
  const to = normalizeEmail(input.to);
  const valid = isValidEmail(to);
  const sendable =
    valid &&
    (tx.config.email.smtpUrl !== undefined || (await hasEnabledSmtp(tx.db.kysely, input.organizationId)));
  await insertOutgoingEmail(tx.db.kysely, {
    id,
    organizationId: input.organizationId,
    to,
    subject: input.subject,
    text: input.text,
    html: input.html ?? null,
    reason: input.reason,
    status: !valid ? 'failed' : sendable ? 'queued' : 'stored',
    lastError: valid ? null : 'The recipient is not a valid e-mail address.',
    headers: input.headers ?? null,
    now: nowIso(tx),
  });
  return id;
}
