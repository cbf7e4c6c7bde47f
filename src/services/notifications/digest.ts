/**
 * The daily digest: at each member's digest hour (their timezone), one mail listing their
 * overdue tasks, the tasks due by the end of their day, assignments since the last digest
 * and what waited for the digest (digest categories, chilled watches, mail over the cap).
 * Nothing is sent when there is nothing to say. Set based: one pass takes up to
 * NOTIFY_BATCH members and reads each list for all of one organization's members at once.
 */
import {
  type DigestTask,
  findDigestTasks,
  findGroupsOfMembers,
} from '../../db/repositories/notifications-digest-repository.js';
import { type Contact, findContacts } from '../../db/repositories/notifications-recipients-repository.js';
import {
  findAssignmentsSince,
  findDigestRows,
  markNotificationsEmailed,
  type NotificationRow,
} from '../../db/repositories/notifications-repository.js';
import {
  claimDueDigests,
  type DigestDue,
  insertMissingMemberSettings,
  setDigestTimes,
} from '../../db/repositories/notifications-settings-repository.js';
import { findOrganizationById } from '../../db/repositories/organizations-repository.js';
import { endOfLocalDay, nextDigestAt } from '../../domain/notifications.js';
import { type AppContext, inTransaction, nowIso } from '../context.js';
import { queueEmail } from '../email/queue-email.js';
import { type MailSection, renderMail } from './mail-layout.js';
import { publicBase, taskLink, unsubscribeLink } from './mail-links.js';
import { signMailToken } from './tokens.js';

/** Tasks listed per list and member; the rest is counted ("and 12 more"). */
export const DIGEST_LIST_LIMIT = 20;

export interface DigestPassResult {
  /** Members whose digest time came (or was first computed). */
  members: number;
  /** Digests queued. */
  sent: number;
}

export async function sendDueDigests(ctx: AppContext): Promise<DigestPassResult> {
  await insertMissingMemberSettings(ctx.db.kysely, ctx.config.notifications.defaultDigestHour, nowIso(ctx));
  return inTransaction(ctx, async (tx) => {
    const due = await claimDueDigests(tx.db.kysely, nowIso(tx), tx.config.notifications.batch);
    const byOrg = new Map<string, DigestDue[]>();
    for (const d of due) byOrg.set(d.organizationId, [...(byOrg.get(d.organizationId) ?? []), d]);
    let sent = 0;
    for (const [org, members] of byOrg) sent += await digestOrganization(tx, org, members);
    return { members: due.length, sent };
  });
}

async function digestOrganization(tx: AppContext, org: string, members: DigestDue[]): Promise<number> {
  const db = tx.db.kysely;
  const now = tx.clock.now();
  const contacts = await findContacts(
    db,
    org,
    members.map((m) => ({ type: 'user' as const, id: m.userId })),
  );
  const zone = (m: DigestDue) => contacts.get(`user:${m.userId}`)?.timezone ?? 'UTC';
  // A first pass only schedules: nobody gets a digest the minute they join.
  const scheduled = members.filter((m) => m.nextDigestAt === null);
  for (const m of scheduled) {
    await setDigestTimes(db, org, m.userId, { nextDigestAt: nextDigestAt(now, zone(m), m.digestHour) });
  }
  const dueNow = members.filter((m) => m.nextDigestAt !== null && contacts.has(`user:${m.userId}`));
  const gone = members.filter((m) => m.nextDigestAt !== null && !contacts.has(`user:${m.userId}`));
  for (const m of gone)
    await setDigestTimes(db, org, m.userId, { nextDigestAt: nextDigestAt(now, zone(m), m.digestHour) });
  if (dueNow.length === 0) return 0;

  const lists = await loadLists(tx, org, dueNow, zone);
  const orgName = (await findOrganizationById(db, org))?.name ?? '';
  let sent = 0;
  for (const m of dueNow) {
    const contact = contacts.get(`user:${m.userId}`) as Contact;
    const mine = lists.of(m);
    if (mine.overdue.length + mine.dueToday.length + mine.updates.length > 0) {
      const emailId = await queueDigest(tx, org, orgName, contact, mine);
      await markNotificationsEmailed(
        db,
        mine.pending.map((r) => r.id),
        emailId,
        now.toISOString(),
      );
      sent++;
    }
    await setDigestTimes(db, org, m.userId, {
      lastDigestAt: now.toISOString(),
      nextDigestAt: nextDigestAt(now, zone(m), m.digestHour),
    });
  }
  return sent;
}

interface MemberLists {
  overdue: DigestTask[];
  overdueTotal: number;
  dueToday: DigestTask[];
  dueTodayTotal: number;
  /** New assignments and what waited for the digest, oldest first, one per notification. */
  updates: NotificationRow[];
  /** The rows that waited for the digest (marked sent with it). */
  pending: NotificationRow[];
}

/** Every list of every member of the batch, from one query per list (and per set of owners). */
async function loadLists(tx: AppContext, org: string, members: DigestDue[], zone: (m: DigestDue) => string) {
  const db = tx.db.kysely;
  const now = tx.clock.now();
  const userIds = members.map((m) => m.userId);
  const groups = await findGroupsOfMembers(db, org, userIds);
  const owners = { userIds, groupIds: [...new Set([...groups.values()].flat())] };
  const ends = members.map((m) => endOfLocalDay(now, zone(m))).sort();
  const lastEnd = ends[ends.length - 1] ?? now.toISOString();
  const overdue = await findDigestTasks(
    db,
    org,
    owners,
    { from: null, before: now.toISOString() },
    DIGEST_LIST_LIMIT,
  );
  const upcoming = await findDigestTasks(
    db,
    org,
    owners,
    { from: now.toISOString(), before: lastEnd },
    DIGEST_LIST_LIMIT,
  );
  const pending = await findDigestRows(db, org, userIds);
  const since =
    members.map((m) => m.lastDigestAt ?? '1970-01-01T00:00:00.000Z').sort()[0] ?? now.toISOString();
  const assigned = await findAssignmentsSince(db, org, userIds, since);

  const ownedBy = (tasks: DigestTask[], m: DigestDue) => {
    const mine = new Set([String(m.userId), ...(groups.get(m.userId) ?? [])]);
    const seen = new Set<string>();
    const list = tasks.filter((t) => mine.has(t.ownerId) && !seen.has(t.taskId) && seen.add(t.taskId));
    const total = Math.max(
      list.length,
      [
        ...new Map(tasks.filter((t) => mine.has(t.ownerId)).map((t) => [t.ownerId, t.ownerTotal])).values(),
      ].reduce((a, b) => a + b, 0),
    );
    return { list, total };
  };
  return {
    of(m: DigestDue): MemberLists {
      const o = ownedBy(overdue, m);
      const end = endOfLocalDay(now, zone(m));
      const d = ownedBy(
        upcoming.filter((t) => t.deadline <= end),
        m,
      );
      const myPending = pending.filter((r) => r.recipient.id === m.userId);
      const since = m.lastDigestAt ?? '1970-01-01T00:00:00.000Z';
      const myAssigned = assigned.filter((r) => r.recipient.id === m.userId && r.createdAt > since);
      const ids = new Set<string>();
      const updates = [...myAssigned, ...myPending].filter((r) => !ids.has(r.id) && ids.add(r.id));
      if (m.reminders === 'off')
        return { overdue: [], overdueTotal: 0, dueToday: [], dueTodayTotal: 0, updates, pending: myPending };
      return {
        overdue: o.list.slice(0, DIGEST_LIST_LIMIT),
        overdueTotal: o.total,
        dueToday: d.list.slice(0, DIGEST_LIST_LIMIT),
        dueTodayTotal: d.total,
        updates,
        pending: myPending,
      };
    },
  };
}

async function queueDigest(
  tx: AppContext,
  org: string,
  orgName: string,
  contact: Contact,
  lists: MemberLists,
) {
  const base = publicBase(tx);
  const more = (shown: number, total: number) => (total > shown ? `and ${total - shown} more` : null);
  const taskItems = (tasks: DigestTask[]) =>
    tasks.map((t) => ({ headline: t.title, detail: `Due ${t.deadline}`, link: taskLink(base, t.taskId) }));
  const sections: MailSection[] = [];
  if (lists.overdue.length)
    sections.push({
      heading: 'Overdue',
      items: taskItems(lists.overdue),
      more: more(lists.overdue.length, lists.overdueTotal),
    });
  if (lists.dueToday.length)
    sections.push({
      heading: 'Due today',
      items: taskItems(lists.dueToday),
      more: more(lists.dueToday.length, lists.dueTodayTotal),
    });
  if (lists.updates.length)
    sections.push({
      heading: 'New since your last digest',
      items: lists.updates.map((r) => ({
        headline: r.title,
        detail: r.text,
        link: r.taskId ? taskLink(base, r.taskId) : `${base}/app/`,
      })),
    });
  const token = await signMailToken(tx, {
    kind: 'category',
    organizationId: org,
    recipient: contact.recipient,
    category: 'reminders',
  });
  const unsubscribe = { url: unsubscribeLink(base, token), label: 'Turn off reminder e-mails' };
  const { html, text } = await renderMail({
    organizationName: orgName,
    greeting: `Hello ${contact.name}, here is your day.`,
    sections,
    unsubscribe,
    settingsUrl: `${base}/app/settings/notifications`,
  });
  const host = new URL(base).hostname || 'flowlane.local';
  return queueEmail(tx, {
    organizationId: org,
    to: contact.email,
    subject: `[${orgName}] Your daily digest`,
    text,
    html,
    reason: 'notification.digest',
    headers: {
      'Message-ID': `<digest.${contact.recipient.id}.${tx.clock.now().getTime()}@${host}>`,
      'List-Unsubscribe': `<${unsubscribe.url}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    },
  });
}
