/**
 * From outbox events to notifications: who is told what. Each event names its people by
 * what it is — a task's assignees (members, guests, and the members and guests of its
 * groups), the process's launcher, a comment's mentions, the watchers of the task or its
 * process — and the actor is always left out. How each notification travels (mail now,
 * digest, in-app only) follows the recipient's settings or, for a watch, its frequency.
 */

import {
  expandOwners,
  findActiveMemberIds,
  findEmailWatches,
} from '../../db/repositories/notifications-recipients-repository.js';
import type { NewNotification, OutboxNotice } from '../../db/repositories/notifications-repository.js';
import { findAssignmentsNotified } from '../../db/repositories/notifications-repository.js';
import { findSettings } from '../../db/repositories/notifications-settings-repository.js';
import { findProcessesByIds } from '../../db/repositories/processes-repository.js';
import { findTasksByIds, findTasksOfProcess } from '../../db/repositories/tasks-repository.js';
import { findThreadById } from '../../db/repositories/threads-repository.js';
import { newHexId } from '../../domain/ids.js';
import {
  categoryOf,
  defaultSettings,
  mentionedUserIds,
  type NotificationKind,
  planDelivery,
  type Recipient,
  recipientKey,
} from '../../domain/notifications.js';
import type { Process } from '../../domain/processes/process.js';
import { isOpen, type Task } from '../../domain/tasks/task.js';
import type { WatchFrequency } from '../../domain/watchers.js';
import type { AppContext } from '../context.js';

interface Notice {
  recipient: Recipient;
  kind: NotificationKind;
  task: Task | undefined;
  processId: string | null;
  title: string;
  text: string | null;
  watch?: { id: number; frequency: WatchFrequency };
}

const TASK_KINDS: Record<string, NotificationKind> = {
  'task.assigned': 'assigned',
  'task.due_soon': 'due_soon',
  'task.overdue': 'overdue',
  'task.comment_added': 'comment',
  'task.issue_raised': 'problem_reported',
  'task.issue_resolved': 'problem_resolved',
  'task.completed': 'task_completed',
};

/** The notifications of a batch of events of one organization, ready to insert. */
export async function planNotifications(
  tx: AppContext,
  organizationId: string,
  events: readonly OutboxNotice[],
): Promise<NewNotification[]> {
  const db = tx.db.kysely;
  const taskIds = events.flatMap((e) => (e.taskId ? [e.taskId] : []));
  const tasks = new Map((await findTasksByIds(db, organizationId, taskIds)).map((t) => [t.id, t]));
  const processIds = [...new Set(events.flatMap((e) => (e.processId ? [e.processId] : [])))];
  const processes = await findProcessesByIds(db, organizationId, processIds);
  const assigned = await findAssignmentsNotified(db, organizationId, taskIds);
  const watches = await findEmailWatches(db, organizationId, { taskIds, processIds });
  const planned: Array<{ event: OutboxNotice; notice: Notice }> = [];
  for (const event of events) {
    const process = event.processId ? processes.get(event.processId) : undefined;
    const notices = await noticesOf(tx, event, tasks.get(event.taskId ?? ''), process, watches);
    for (const notice of withoutRepeats(notices, event, assigned)) planned.push({ event, notice });
  }
  return deliveries(tx, organizationId, planned);
}

async function noticesOf(
  tx: AppContext,
  event: OutboxNotice,
  task: Task | undefined,
  process: Process | undefined,
  watches: Awaited<ReturnType<typeof findEmailWatches>>,
): Promise<Notice[]> {
  const org = event.organizationId;
  if (event.name === 'process.launched' && process) {
    const open = (await findTasksOfProcess(tx.db.kysely, org, process.id)).filter(
      (t) => isOpen(t.status) && !t.archivedAt,
    );
    const notices: Notice[] = [];
    for (const t of open) notices.push(...(await toOwners(tx, t, 'assigned', `Assigned: ${t.title}`, null)));
    return notices;
  }
  if (event.name === 'process.completed' && process) {
    const title = `Completed: ${process.name}`;
    const launcher: Notice[] = process.startedBy
      ? [
          {
            recipient: { type: 'user', id: process.startedBy },
            kind: 'process_completed',
            task: undefined,
            processId: process.id,
            title,
            text: null,
          },
        ]
      : [];
    return [
      ...launcher,
      ...watchNotices(
        watches,
        { taskId: null, processId: process.id },
        'process_completed',
        undefined,
        title,
        null,
      ),
    ];
  }
  const kind = TASK_KINDS[event.name];
  if (!kind || !task) return [];
  const forWatchers = (title: string, text: string | null) =>
    watchNotices(watches, { taskId: task.id, processId: task.processId }, kind, task, title, text);
  switch (kind) {
    case 'assigned':
    case 'due_soon':
    case 'overdue': {
      if (!isOpen(task.status) || task.archivedAt) return [];
      const title =
        kind === 'assigned'
          ? `Assigned: ${task.title}`
          : kind === 'due_soon'
            ? `Due soon: ${task.title}`
            : `Overdue: ${task.title}`;
      return toOwners(tx, task, kind, title, task.deadline ? `Due ${task.deadline}` : null);
    }
    case 'comment':
      return commentNotices(tx, event, task, forWatchers);
    case 'problem_reported':
    case 'problem_resolved': {
      const thread = await threadOf(tx, event, task);
      const title = `${kind === 'problem_reported' ? 'Problem reported' : 'Problem resolved'}: ${task.title}`;
      const text = thread?.content ?? null;
      const launcher: Notice[] = process?.startedBy
        ? [
            {
              recipient: { type: 'user', id: process.startedBy },
              kind,
              task,
              processId: task.processId,
              title,
              text,
            },
          ]
        : [];
      return [...(await toOwners(tx, task, kind, title, text)), ...launcher, ...forWatchers(title, text)];
    }
    case 'task_completed':
      return forWatchers(`Completed: ${task.title}`, null);
    default:
      return [];
  }
}

async function commentNotices(
  tx: AppContext,
  event: OutboxNotice,
  task: Task,
  forWatchers: (title: string, text: string | null) => Notice[],
): Promise<Notice[]> {
  const thread = await threadOf(tx, event, task);
  if (!thread) return [];
  const title = `New comment: ${task.title}`;
  const owners = await toOwners(tx, task, 'comment', title, thread.content);
  // A comment hidden from guests is not mailed to them either.
  const visible =
    thread.state === 'hide-for-guests' ? owners.filter((n) => n.recipient.type === 'user') : owners;
  const mentioned = await findActiveMemberIds(
    tx.db.kysely,
    task.organizationId,
    mentionedUserIds(thread.content),
  );
  const mentions: Notice[] = mentioned.map((id) => ({
    recipient: { type: 'user', id },
    kind: 'mention',
    task,
    processId: task.processId,
    title: `You were mentioned: ${task.title}`,
    text: thread.content,
  }));
  // Mentions first: someone both mentioned and assigned is told they were mentioned.
  return [...mentions, ...visible, ...forWatchers(title, thread.content)];
}

async function threadOf(tx: AppContext, event: OutboxNotice, task: Task) {
  const id = Number(event.detail.thread_id);
  if (!Number.isInteger(id) || id <= 0) return undefined;
  return findThreadById(tx.db.kysely, task.organizationId, task.id, id);
}

async function toOwners(
  tx: AppContext,
  task: Task,
  kind: NotificationKind,
  title: string,
  text: string | null,
): Promise<Notice[]> {
  const people = await expandOwners(tx.db.kysely, task.organizationId, task.owners);
  return people.map((recipient) => ({ recipient, kind, task, processId: task.processId, title, text }));
}

function watchNotices(
  watches: Awaited<ReturnType<typeof findEmailWatches>>,
  on: { taskId: string | null; processId: string | null },
  kind: NotificationKind,
  task: Task | undefined,
  title: string,
  text: string | null,
): Notice[] {
  return watches
    .filter(
      (w) =>
        (w.objectType === 'task' && w.objectId === on.taskId) ||
        (w.objectType === 'run' && w.objectId === on.processId),
    )
    .map((w) => ({
      recipient: { type: 'user' as const, id: w.userId },
      kind,
      task,
      processId: on.processId,
      title,
      text,
      watch: { id: w.id, frequency: w.frequency },
    }));
}

/**
 * One notice per recipient and task in an event, never to the actor, and an assignment only
 * to someone not yet told of it (a reassignment tells the newcomers, not everyone again).
 */
function withoutRepeats(notices: Notice[], event: OutboxNotice, assigned: Set<string>): Notice[] {
  const seen = new Set<string>();
  const kept: Notice[] = [];
  for (const n of notices) {
    if (event.actor.type === n.recipient.type && event.actor.id === n.recipient.id) continue;
    const key = `${recipientKey(n.recipient)}:${n.task?.id ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (n.kind === 'assigned' && n.task) {
      if (assigned.has(key)) continue;
      assigned.add(key);
    }
    kept.push(n);
  }
  return kept;
}

async function deliveries(
  tx: AppContext,
  organizationId: string,
  planned: Array<{ event: OutboxNotice; notice: Notice }>,
): Promise<NewNotification[]> {
  const settings = await findSettings(
    tx.db.kysely,
    organizationId,
    planned.map((p) => p.notice.recipient),
  );
  const config = tx.config.notifications;
  const defaults = defaultSettings(config.defaultDigestHour);
  const now = tx.clock.now();
  return planned.map(({ event, notice }) => {
    const category = categoryOf(notice.kind);
    const mine = settings.get(recipientKey(notice.recipient)) ?? defaults;
    const plan = notice.watch
      ? planDelivery(now, config.coalesceSeconds, { watch: notice.watch.frequency })
      : planDelivery(now, config.coalesceSeconds, { preference: mine.categories[category] });
    // Guests have no digest: what a guest would get later they get now.
    const delivery =
      notice.recipient.type === 'guest' && plan.delivery === 'digest' ? 'email' : plan.delivery;
    return {
      id: newHexId(),
      organization_id: organizationId,
      recipient_type: notice.recipient.type,
      recipient_id: notice.recipient.id,
      event_id: event.id,
      task_key: notice.task?.id ?? '',
      kind: notice.kind,
      category,
      task_id: notice.task?.id ?? null,
      process_id: notice.processId,
      title: notice.title,
      text: notice.text,
      actor_type: event.actor.type,
      actor_id: event.actor.id,
      watch_id: notice.watch?.id ?? null,
      delivery,
      send_after: delivery === 'email' ? (plan.sendAfter ?? now.toISOString()) : null,
      // When it happened, not when the consumer got to it: the list reads in that order.
      created_at: event.createdAt,
    };
  });
}
