/**
 * The mail pass: each recipient whose coalescing window has closed gets one mail with all
 * of it (so a burst on one task is one message), unless they are over the hourly cap: then a
 * member's waits for their digest, and a guest's (guests get no digest) is held until the
 * hour allows another mail and goes out then, all of it in one. Queued through the e-mail
 * queue like every mail.
 */

import { findContacts } from '../../db/repositories/notifications-recipients-repository.js';
import {
  claimDueMailRows,
  countMailsSince,
  findRecipientsWithDueMail,
  type MailRecipient,
  markNotificationsEmailed,
  moveNotificationsToDigest,
  type NotificationRow,
  oldestMailSince,
  postponeNotifications,
} from '../../db/repositories/notifications-repository.js';
import { findOrganizationById } from '../../db/repositories/organizations-repository.js';
import { type NotificationCategory, recipientKey } from '../../domain/notifications.js';
import { type AppContext, inTransaction, nowIso } from '../context.js';
import { queueEmail } from '../email/queue-email.js';
import { renderMail } from './mail-layout.js';
import { publicBase, recipientLinker, unsubscribeLink } from './mail-links.js';
import { signMailToken } from './tokens.js';

const HOUR_MS = 3_600_000;

/** One pass; returns how many recipients it handled (mailed or sent to the digest). */
export async function sendDueNotificationMail(ctx: AppContext): Promise<number> {
  const due = await findRecipientsWithDueMail(ctx.db.kysely, nowIso(ctx), ctx.config.notifications.batch);
  let handled = 0;
  for (const recipient of due) {
    if (await inTransaction(ctx, (tx) => mailRecipient(tx, recipient))) handled++;
  }
  return handled;
}

async function mailRecipient(tx: AppContext, recipient: MailRecipient): Promise<boolean> {
  const now = tx.clock.now();
  const rows = await claimDueMailRows(tx.db.kysely, recipient, now.toISOString());
  if (rows.length === 0) return false;
  const ids = rows.map((r) => r.id);
  const contact = (await findContacts(tx.db.kysely, recipient.organizationId, [recipient])).get(
    recipientKey(recipient),
  );
  if (!contact) {
    // No longer reachable (left the organization, guest removed): nothing to send, in-app stays.
    await markNotificationsEmailed(tx.db.kysely, ids, '', now.toISOString());
    return true;
  }
  const since = new Date(now.getTime() - HOUR_MS).toISOString();
  const sent = await countMailsSince(tx.db.kysely, recipient, since);
  if (sent >= tx.config.notifications.hourlyCap) {
    if (recipient.type === 'user') {
      await moveNotificationsToDigest(tx.db.kysely, ids);
    } else {
      // The hour frees a place when its oldest mail turns an hour old.
      const oldest = (await oldestMailSince(tx.db.kysely, recipient, since)) ?? now.toISOString();
      const until = new Date(new Date(oldest).getTime() + HOUR_MS + 1).toISOString();
      await postponeNotifications(tx.db.kysely, ids, until);
    }
    return true;
  }
  const emailId = await queueEmail(tx, {
    organizationId: recipient.organizationId,
    to: contact.email,
    ...(await composeMail(tx, recipient, contact.name, rows)),
  });
  await markNotificationsEmailed(tx.db.kysely, ids, emailId, now.toISOString());
  return true;
}

async function composeMail(tx: AppContext, recipient: MailRecipient, name: string, rows: NotificationRow[]) {
  const org = await findOrganizationById(tx.db.kysely, recipient.organizationId);
  const base = publicBase(tx);
  const link = await recipientLinker(tx, recipient.organizationId, recipient);
  const first = rows[0] as NotificationRow;
  const taskIds = [...new Set(rows.map((r) => r.taskId))];
  const oneTask = taskIds.length === 1 && taskIds[0] ? taskIds[0] : null;
  const unsubscribe = await unsubscribeFor(tx, recipient, rows, base);
  const { html, text } = await renderMail({
    organizationName: org?.name ?? '',
    greeting: `Hello ${name},`,
    sections: [
      {
        heading: rows.length === 1 ? 'An update on your work' : `${rows.length} updates on your work`,
        items: rows.map((r) => ({ headline: r.title, detail: r.text, link: link(r.taskId, r.processId) })),
      },
    ],
    unsubscribe,
    settingsUrl: recipient.type === 'user' ? `${base}/app/settings/notifications` : null,
  });
  const kinds = new Set(rows.map((r) => r.kind));
  const host = new URL(base).hostname || 'flowlane.local';
  const thread = oneTask ? `<task.${oneTask}.${recipient.type}${recipient.id}@${host}>` : null;
  const subject =
    rows.length === 1
      ? first.title
      : `${rows.length} updates${oneTask ? `: ${first.title.replace(/^[^:]*: /, '')}` : ''}`;
  return {
    subject: `[${org?.name ?? 'Flowlane'}] ${subject}`,
    text,
    html,
    reason: kinds.size === 1 ? `notification.${first.kind}` : 'notification.coalesced',
    headers: {
      'Message-ID': `<notification.${first.id}@${host}>`,
      ...(thread ? { 'In-Reply-To': thread, References: thread } : {}),
      'List-Unsubscribe': `<${unsubscribe.url}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    },
  };
}

/**
 * What "unsubscribe" turns off: the category most of the mail is about, or, when all of it
 * came through one watch, that watch.
 */
async function unsubscribeFor(
  tx: AppContext,
  recipient: MailRecipient,
  rows: NotificationRow[],
  base: string,
) {
  const watchIds = new Set(rows.map((r) => r.watchId));
  const onlyWatch = watchIds.size === 1 ? [...watchIds][0] : null;
  if (onlyWatch) {
    const token = await signMailToken(tx, {
      kind: 'watch',
      organizationId: recipient.organizationId,
      watchId: onlyWatch,
    });
    return { url: unsubscribeLink(base, token), label: 'Stop watching' };
  }
  const counts = new Map<string, number>();
  for (const r of rows) counts.set(r.category, (counts.get(r.category) ?? 0) + 1);
  const category = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] as NotificationCategory;
  const token = await signMailToken(tx, {
    kind: 'category',
    organizationId: recipient.organizationId,
    recipient,
    category,
  });
  return { url: unsubscribeLink(base, token), label: `Turn off “${category}” e-mails` };
}
