/**
 * An email step's message (reference §6.5): the task's title as the subject and its summary
 * as the body, to everyone the task is assigned to. Queued in the caller's transaction, so
 * it goes out after commit (or is kept when no SMTP server is configured).
 */
import { convert } from 'html-to-text';
import {
  findActiveGuestAddresses,
  findActiveMemberAddresses,
  markEmailSent,
} from '../../db/repositories/deadline-sweeps-repository.js';
import { findGroupGuestIds, findGroupMemberIds } from '../../db/repositories/groups-repository.js';
import { normalizeEmail } from '../../domain/identity.js';
import type { Task } from '../../domain/tasks/task.js';
import { type AppContext, nowIso } from '../context.js';
import { queueEmail } from '../email/queue-email.js';
import { type ActorRef, recordActivities } from '../events/record.js';

/** Why the message is sent, as shown in `GET …/outgoing-emails`. */
export const EMAIL_STEP_REASON = 'task.email_step';

/**
 * Queues the task's message to each of its owners once (active members, active guests, and
 * the members and guests of its groups), marks the task as sent so it never goes twice, and
 * records the activity with the recipients. A task nobody can receive is marked all the
 * same (activity `email_skipped`): a later assignee does not get a past deadline's mail.
 * Returns the recipients.
 */
export async function sendTaskEmail(tx: AppContext, task: Task, actor: ActorRef): Promise<string[]> {
  const recipients = await recipientsOf(tx, task);
  const body = messageOf(task);
  for (const to of recipients) {
    await queueEmail(tx, { organizationId: task.organizationId, to, ...body, reason: EMAIL_STEP_REASON });
  }
  await markEmailSent(tx.db.kysely, task.organizationId, task.id, nowIso(tx));
  await recordActivities(tx, task.organizationId, actor, [
    {
      action: recipients.length > 0 ? 'email_sent' : 'email_skipped',
      objectType: 'task',
      objectId: task.id,
      processId: task.processId,
      taskId: task.id,
      field: 'email',
      oldValue: null,
      newValue: { to: recipients, subject: body.subject },
    },
  ]);
  return recipients;
}

async function recipientsOf(tx: AppContext, task: Task): Promise<string[]> {
  const org = task.organizationId;
  const { users, guests, groups } = task.owners;
  const groupMembers = await findGroupMemberIds(tx.db.kysely, org, groups);
  const groupGuests = await findGroupGuestIds(tx.db.kysely, org, groups);
  const members = await findActiveMemberAddresses(tx.db.kysely, org, [
    ...users,
    ...[...groupMembers.values()].flat(),
  ]);
  const guestAddresses = await findActiveGuestAddresses(tx.db.kysely, org, {
    emails: guests,
    ids: [...groupGuests.values()].flat(),
  });
  return [...new Set([...members, ...guestAddresses].map(normalizeEmail))];
}

/** Subject and body: the summary is rich text, sent as HTML with a plain-text rendering. */
function messageOf(task: Task): { subject: string; text: string; html: string | null } {
  const summary = task.summary?.trim() || null;
  if (!summary) return { subject: task.title, text: task.title, html: null };
  const text = convert(summary, { wordwrap: 100 }).trim();
  return { subject: task.title, text: text || task.title, html: summary };
}
