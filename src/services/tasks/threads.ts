/**
 * Comments, problems and resolutions on tasks. A problem blocks its task's completion and
 * puts the process in `problem` status (a completed task is reopened); resolving the last
 * open problem lifts both.
 */

import { deleteTaskCompletions } from '../../db/repositories/task-owners-repository.js';
import {
  countOpenProblems,
  findThreadById,
  insertThread,
  updateThread,
} from '../../db/repositories/threads-repository.js';
import { findUserById } from '../../db/repositories/users-repository.js';
import { invalidFields, notFound, rejected } from '../../domain/errors.js';
import type { User } from '../../domain/identity.js';
import { assertCan } from '../../domain/policy.js';
import { assertProcessWritable } from '../../domain/processes/process.js';
import type { Task } from '../../domain/tasks/task.js';
import {
  THREAD_CONTENT_MAX,
  THREAD_LABELS,
  THREAD_STATES,
  type Thread,
  type ThreadLabel,
} from '../../domain/tasks/thread.js';
import { type Actor, type AppContext, inTransaction } from '../context.js';
import { actorRef } from '../events/record.js';
import type { ProcessWrite } from '../processes/process-write.js';
import { refreshProcess } from '../processes/refresh-process.js';
import { applyRules } from '../rules/apply-rules.js';
import {
  assertTaskAction,
  isGuestCaller,
  loadCaller,
  openTaskWrite,
  type TaskCaller,
} from './task-access.js';
import { change, commitChange, note, startWrite, type TaskWrite } from './task-writes.js';

export interface CommentInput {
  content: string;
  label?: string | undefined;
  state?: string | undefined;
}

export interface ThreadResult {
  thread: Thread;
  task: Task;
}

function checkComment(
  input: CommentInput,
  defaultState = 'hide-for-guests',
): { content: string; label: ThreadLabel; state: string } {
  const errors: Record<string, string[]> = {};
  const content = input.content?.trim() ?? '';
  if (!content) errors.content = ['The content field is required.'];
  else if (content.length > THREAD_CONTENT_MAX)
    errors.content = [`The content may not exceed ${THREAD_CONTENT_MAX} characters.`];
  const label = (input.label ?? 'comment') as ThreadLabel;
  if (!THREAD_LABELS.includes(label))
    errors.label = [`The label must be one of ${THREAD_LABELS.join(', ')}.`];
  const state = input.state ?? defaultState;
  if (!(THREAD_STATES as readonly string[]).includes(state))
    errors.state = [`The state must be one of ${THREAD_STATES.join(', ')}.`];
  if (Object.keys(errors).length) throw invalidFields('VALIDATION_FAILED', errors);
  return { content, label, state };
}

async function openThreadWrite(tx: AppContext, actor: Actor, taskId: string) {
  const caller = await loadCaller(tx, actor);
  const { task, unit } = await openTaskWrite(tx, caller, taskId);
  if (unit) assertProcessWritable(unit.process);
  assertTaskAction(caller, 'task.comment', task);
  return { caller, task, unit };
}

function newThread(
  caller: TaskCaller,
  task: Task,
  fields: { content: string; label: ThreadLabel; state: string },
  now: string,
) {
  return {
    organizationId: task.organizationId,
    processId: task.processId,
    taskId: task.id,
    ...fields,
    authorType: isGuestCaller(caller) ? ('guest' as const) : ('member' as const),
    authorId: isGuestCaller(caller) ? caller.actor.guestId : caller.actor.userId,
    resolvesThreadId: null,
    resolvedBy: null,
    resolvedAt: null,
    resolutionThreadId: null,
    createdAt: now,
    lastUpdated: now,
    archivedAt: null,
  };
}

/**
 * `POST /tasks/{task}/comment`; a comment labelled `problem` raises a problem. A guest's
 * comment is `open` unless they say otherwise (the default hides a member's from guests).
 */
export async function addComment(ctx: AppContext, actor: Actor, taskId: string, input: CommentInput) {
  const fields = checkComment(input, defaultStateFor(actor));
  if (fields.label === 'problem') return raiseProblem(ctx, actor, taskId, input);
  return inTransaction(ctx, async (tx) => {
    const { caller, task, unit } = await openThreadWrite(tx, actor, taskId);
    const thread = await insertThread(
      tx.db.kysely,
      newThread(caller, task, fields, tx.clock.now().toISOString()),
    );
    const write = startWrite(task);
    note(write, 'commented', null, null, { thread_id: thread.id, label: thread.label });
    write.events.push('task.comment_added');
    write.detail = { thread_id: thread.id };
    const saved = await commitChange(tx, actorRef(actor), unit, write);
    return { thread, task: saved };
  });
}

/**
 * Recounts open problems after a change and keeps the task and process in step. When the
 * change reopened a completed task, the `reopened` rules run before the process is recounted.
 */
async function syncProblems(
  tx: AppContext,
  write: TaskWrite,
  unit: ProcessWrite | undefined,
  actor: Actor,
  reopened = false,
) {
  const open = await countOpenProblems(tx.db.kysely, write.before.organizationId, write.before.id);
  if (open !== write.before.openProblems) change(write, { openProblems: open });
  const task = await commitChange(tx, actorRef(actor), unit, write);
  if (!unit) return task;
  if (reopened) await applyRules(unit, { kind: 'reopened', taskId: task.id });
  await refreshProcess(unit);
  return task;
}

/**
 * `POST /tasks/{task}/problem`: records a problem. The task now counts as `hasproblem` and
 * cannot be completed; a completed task is reopened; the process turns `problem`.
 */
export async function raiseProblem(ctx: AppContext, actor: Actor, taskId: string, input: CommentInput) {
  const checked = checkComment({ ...input, label: 'problem' }, defaultStateFor(actor));
  const fields = { ...checked, label: 'problem' as const };
  return inTransaction(ctx, async (tx) => {
    const { caller, task, unit } = await openThreadWrite(tx, actor, taskId);
    const now = tx.clock.now().toISOString();
    const thread = await insertThread(tx.db.kysely, newThread(caller, task, fields, now));
    const write = startWrite(task);
    if (task.status === 'completed') {
      change(write, {
        status: 'in-progress',
        completedAt: null,
        completerId: null,
        completerGuestId: null,
        isApproved: null,
        reopenedAt: now,
      });
      note(write, 'reopened', 'status', 'completed', 'in-progress');
      write.events.push('task.reopened');
      await deleteTaskCompletions(tx.db.kysely, task.organizationId, task.id);
    }
    note(write, 'issue_raised', null, null, { thread_id: thread.id });
    write.detail = { thread_id: thread.id };
    write.events.push('task.issue_raised');
    const saved = await syncProblems(tx, write, unit, actor, task.status === 'completed');
    return { thread, task: saved };
  });
}

/** `POST /tasks/{task}/resolved-threads {thread_id, content}`: resolves an open problem. */
export async function resolveProblem(
  ctx: AppContext,
  actor: Actor,
  taskId: string,
  input: { threadId: number; content: string },
) {
  const checked = checkComment({ content: input.content }, defaultStateFor(actor));
  const fields = { ...checked, label: 'resolve' as const };
  return inTransaction(ctx, async (tx) => {
    const { caller, task, unit } = await openThreadWrite(tx, actor, taskId);
    const problem = await findThreadById(tx.db.kysely, actor.organizationId, task.id, input.threadId);
    if (problem?.label !== 'problem' || !canRead(caller, problem))
      throw notFound('THREAD_NOT_FOUND', 'Problem');
    if (problem.resolvedAt) throw rejected('PROBLEM_ALREADY_RESOLVED', 'This problem is already resolved.');
    const now = tx.clock.now().toISOString();
    const resolution = await insertThread(tx.db.kysely, {
      ...newThread(caller, task, fields, now),
      resolvesThreadId: problem.id,
    });
    await updateThread(tx.db.kysely, actor.organizationId, problem.id, {
      // A guest's resolution names them through its own author; resolved_by holds members.
      resolvedBy: actor.kind === 'user' ? actor.userId : null,
      resolvedAt: now,
      resolutionThreadId: resolution.id,
      lastUpdated: now,
    });
    const write = startWrite(task);
    note(write, 'issue_resolved', null, { thread_id: problem.id }, { thread_id: resolution.id });
    write.events.push('task.issue_resolved');
    write.detail = { thread_id: resolution.id };
    const saved = await syncProblems(tx, write, unit, actor);
    return { thread: resolution, task: saved };
  });
}

/** A guest never reads threads hidden from guests: for them those do not exist. */
function canRead(caller: TaskCaller, thread: Thread): boolean {
  return !isGuestCaller(caller) || thread.state !== 'hide-for-guests' || isAuthor(caller, thread);
}

function isAuthor(caller: TaskCaller, thread: Thread): boolean {
  return isGuestCaller(caller)
    ? thread.authorType === 'guest' && thread.authorId === caller.actor.guestId
    : thread.authorType === 'member' && thread.authorId === caller.actor.userId;
}

const defaultStateFor = (actor: Actor) => (actor.kind === 'guest' ? 'open' : 'hide-for-guests');

async function findOwnThread(
  tx: AppContext,
  caller: TaskCaller,
  task: Task,
  threadId: number,
): Promise<Thread> {
  const thread = await findThreadById(tx.db.kysely, caller.actor.organizationId, task.id, threadId);
  if (!thread || !canRead(caller, thread)) throw notFound('THREAD_NOT_FOUND', 'Comment');
  assertCan(caller.actor, 'comment.manage', { isAuthor: isAuthor(caller, thread) });
  return thread;
}

/** `PUT /tasks/{task}/comment/{id}`: the author (or an admin) edits the text or state. */
export async function editComment(
  ctx: AppContext,
  actor: Actor,
  taskId: string,
  threadId: number,
  input: CommentInput,
) {
  return inTransaction(ctx, async (tx) => {
    const { caller, task, unit } = await openThreadWrite(tx, actor, taskId);
    const thread = await findOwnThread(tx, caller, task, threadId);
    // What the edit leaves out stays as it was (a content edit does not re-hide a comment).
    const fields = checkComment({ label: thread.label, state: thread.state, ...input });
    if (fields.label !== thread.label)
      throw rejected('THREAD_LABEL_FIXED', 'A comment cannot change its label.');
    const now = tx.clock.now().toISOString();
    await updateThread(tx.db.kysely, actor.organizationId, thread.id, {
      content: fields.content,
      state: fields.state,
      lastUpdated: now,
    });
    const write = startWrite(task);
    note(write, 'comment_updated', 'content', thread.content, fields.content);
    await commitChange(tx, actorRef(actor), unit, write);
    return { thread: { ...thread, content: fields.content, state: fields.state, lastUpdated: now }, task };
  });
}

/** `DELETE /tasks/{task}/comment/{id}`: the author (or an admin) removes it; an open problem goes with it. */
export async function deleteComment(ctx: AppContext, actor: Actor, taskId: string, threadId: number) {
  return inTransaction(ctx, async (tx) => {
    const { caller, task, unit } = await openThreadWrite(tx, actor, taskId);
    const thread = await findOwnThread(tx, caller, task, threadId);
    const now = tx.clock.now().toISOString();
    await updateThread(tx.db.kysely, actor.organizationId, thread.id, { archivedAt: now, lastUpdated: now });
    const write = startWrite(task);
    note(write, 'comment_deleted', null, { thread_id: thread.id }, null);
    const saved = await syncProblems(tx, write, unit, actor);
    return { thread: { ...thread, archivedAt: now, lastUpdated: now }, task: saved };
  });
}

/** The member who wrote a thread (for its `author`); undefined for guests and the bot. */
export async function findThreadAuthor(ctx: AppContext, thread: Thread): Promise<User | undefined> {
  return thread.authorType === 'member' && thread.authorId
    ? findUserById(ctx.db.kysely, thread.authorId)
    : undefined;
}
