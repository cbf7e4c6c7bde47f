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
import { forbidden, invalidFields, notFound, rejected } from '../../domain/errors.js';
import type { User } from '../../domain/identity.js';
import { assertProcessWritable, type Process } from '../../domain/processes/process.js';
import type { Task } from '../../domain/tasks/task.js';
import {
  THREAD_CONTENT_MAX,
  THREAD_LABELS,
  THREAD_STATES,
  type Thread,
  type ThreadLabel,
} from '../../domain/tasks/thread.js';
import { type AppContext, inTransaction, type MemberActor } from '../context.js';
import { actorRef } from '../events/record.js';
import { applyRules } from '../processes/apply-rules.js';
import { loadDefinition } from '../processes/definitions.js';
import { refreshProcess } from '../processes/refresh-process.js';
import { assertTaskAction, type Caller, loadCaller, lockTask } from './task-access.js';
import { change, commitWrite, note, startWrite, type TaskWrite } from './task-writes.js';

export interface CommentInput {
  content: string;
  label?: string | undefined;
  state?: string | undefined;
}

export interface ThreadResult {
  thread: Thread;
  task: Task;
}

function checkComment(input: CommentInput): { content: string; label: ThreadLabel; state: string } {
  const errors: Record<string, string[]> = {};
  const content = input.content?.trim() ?? '';
  if (!content) errors.content = ['The content field is required.'];
  else if (content.length > THREAD_CONTENT_MAX)
    errors.content = [`The content may not exceed ${THREAD_CONTENT_MAX} characters.`];
  const label = (input.label ?? 'comment') as ThreadLabel;
  if (!THREAD_LABELS.includes(label))
    errors.label = [`The label must be one of ${THREAD_LABELS.join(', ')}.`];
  const state = input.state ?? 'hide-for-guests';
  if (!(THREAD_STATES as readonly string[]).includes(state))
    errors.state = [`The state must be one of ${THREAD_STATES.join(', ')}.`];
  if (Object.keys(errors).length) throw invalidFields(errors);
  return { content, label, state };
}

async function openThreadWrite(tx: AppContext, actor: MemberActor, taskId: string) {
  const caller = await loadCaller(tx, actor);
  const { task, process } = await lockTask(tx, caller, taskId);
  if (process) assertProcessWritable(process);
  assertTaskAction(caller, 'task.comment', task);
  return { caller, task, process };
}

function newThread(
  caller: Caller,
  task: Task,
  fields: { content: string; label: ThreadLabel; state: string },
  now: string,
) {
  return {
    organizationId: task.organizationId,
    processId: task.processId,
    taskId: task.id,
    ...fields,
    authorType: 'member' as const,
    authorId: caller.actor.userId,
    resolvesThreadId: null,
    resolvedBy: null,
    resolvedAt: null,
    resolutionThreadId: null,
    createdAt: now,
    lastUpdated: now,
    archivedAt: null,
  };
}

/** `POST /tasks/{task}/comment`; a comment labelled `problem` raises a problem. */
export async function addComment(ctx: AppContext, actor: MemberActor, taskId: string, input: CommentInput) {
  const fields = checkComment(input);
  if (fields.label === 'problem') return raiseProblem(ctx, actor, taskId, input);
  return inTransaction(ctx, async (tx) => {
    const { caller, task, process } = await openThreadWrite(tx, actor, taskId);
    const thread = await insertThread(
      tx.db.db,
      newThread(caller, task, fields, tx.clock.now().toISOString()),
    );
    const write = startWrite(task);
    note(write, 'commented', null, null, { thread_id: thread.id, label: thread.label });
    write.events.push('task.comment_added');
    const saved = await commitWrite(
      tx,
      write,
      actorRef(actor),
      process,
      process ? await loadDefinition(tx, process) : undefined,
    );
    return { thread, task: saved };
  });
}

/** Recounts open problems after a change and keeps the task and process in step. */
async function syncProblems(
  tx: AppContext,
  write: TaskWrite,
  process: Process | undefined,
  actor: MemberActor,
) {
  const open = await countOpenProblems(tx.db.db, write.before.organizationId, write.before.id);
  if (open !== write.before.openProblems) change(write, { openProblems: open });
  const definition = process ? await loadDefinition(tx, process) : undefined;
  const task = await commitWrite(tx, write, actorRef(actor), process, definition);
  if (process) await refreshProcess(tx, process, definition, actorRef(actor));
  return task;
}

/**
 * `POST /tasks/{task}/problem`: records a problem. The task now counts as `hasproblem` and
 * cannot be completed; a completed task is reopened; the process turns `problem`.
 */
export async function raiseProblem(ctx: AppContext, actor: MemberActor, taskId: string, input: CommentInput) {
  const fields = { ...checkComment({ ...input, label: 'problem' }), label: 'problem' as const };
  return inTransaction(ctx, async (tx) => {
    const { caller, task, process } = await openThreadWrite(tx, actor, taskId);
    const now = tx.clock.now().toISOString();
    const thread = await insertThread(tx.db.db, newThread(caller, task, fields, now));
    const write = startWrite(task);
    if (task.status === 'completed') {
      change(write, {
        status: 'in-progress',
        completedAt: null,
        completerId: null,
        isApproved: null,
        reopenedAt: now,
      });
      note(write, 'reopened', 'status', 'completed', 'in-progress');
      write.events.push('task.reopened');
      await deleteTaskCompletions(tx.db.db, task.organizationId, task.id);
    }
    note(write, 'issue_raised', null, null, { thread_id: thread.id });
    write.events.push('task.issue_raised');
    const saved = await syncProblems(tx, write, process, actor);
    if (process && task.status === 'completed') {
      await applyRules(tx, process, { kind: 'reopened', taskId: task.id }, actorRef(actor));
    }
    return { thread, task: saved };
  });
}

/** `POST /tasks/{task}/resolved-threads {thread_id, content}`: resolves an open problem. */
export async function resolveProblem(
  ctx: AppContext,
  actor: MemberActor,
  taskId: string,
  input: { threadId: number; content: string },
) {
  const fields = { ...checkComment({ content: input.content }), label: 'resolve' as const };
  return inTransaction(ctx, async (tx) => {
    const { caller, task, process } = await openThreadWrite(tx, actor, taskId);
    const problem = await findThreadById(tx.db.db, actor.organizationId, task.id, input.threadId);
    if (problem?.label !== 'problem') throw notFound('Problem', 'THREAD_NOT_FOUND');
    if (problem.resolvedAt) throw rejected('PROBLEM_ALREADY_RESOLVED', 'This problem is already resolved.');
    const now = tx.clock.now().toISOString();
    const resolution = await insertThread(tx.db.db, {
      ...newThread(caller, task, fields, now),
      resolvesThreadId: problem.id,
    });
    await updateThread(tx.db.db, actor.organizationId, problem.id, {
      resolvedBy: actor.userId,
      resolvedAt: now,
      resolutionThreadId: resolution.id,
      lastUpdated: now,
    });
    const write = startWrite(task);
    note(write, 'issue_resolved', null, { thread_id: problem.id }, { thread_id: resolution.id });
    write.events.push('task.issue_resolved');
    const saved = await syncProblems(tx, write, process, actor);
    return { thread: resolution, task: saved };
  });
}

async function findOwnThread(tx: AppContext, caller: Caller, task: Task, threadId: number): Promise<Thread> {
  const thread = await findThreadById(tx.db.db, caller.actor.organizationId, task.id, threadId);
  if (!thread) throw notFound('Comment', 'THREAD_NOT_FOUND');
  if (thread.authorId !== caller.actor.userId && caller.actor.role !== 'admin') {
    throw forbidden('Only the author or an administrator can change this comment.', 'NOT_COMMENT_AUTHOR');
  }
  return thread;
}

/** `PUT /tasks/{task}/comment/{id}`: the author (or an admin) edits the text or state. */
export async function editComment(
  ctx: AppContext,
  actor: MemberActor,
  taskId: string,
  threadId: number,
  input: CommentInput,
) {
  return inTransaction(ctx, async (tx) => {
    const { caller, task, process } = await openThreadWrite(tx, actor, taskId);
    const thread = await findOwnThread(tx, caller, task, threadId);
    const fields = checkComment({ label: thread.label, ...input });
    if (fields.label !== thread.label)
      throw rejected('THREAD_LABEL_FIXED', 'A comment cannot change its label.');
    const now = tx.clock.now().toISOString();
    await updateThread(tx.db.db, actor.organizationId, thread.id, {
      content: fields.content,
      state: fields.state,
      lastUpdated: now,
    });
    const write = startWrite(task);
    note(write, 'comment_updated', 'content', thread.content, fields.content);
    await commitWrite(tx, write, actorRef(actor), process, undefined);
    return { thread: { ...thread, content: fields.content, state: fields.state, lastUpdated: now }, task };
  });
}

/** `DELETE /tasks/{task}/comment/{id}`: the author (or an admin) removes it; an open problem goes with it. */
export async function deleteComment(ctx: AppContext, actor: MemberActor, taskId: string, threadId: number) {
  return inTransaction(ctx, async (tx) => {
    const { caller, task, process } = await openThreadWrite(tx, actor, taskId);
    const thread = await findOwnThread(tx, caller, task, threadId);
    const now = tx.clock.now().toISOString();
    await updateThread(tx.db.db, actor.organizationId, thread.id, { archivedAt: now, lastUpdated: now });
    const write = startWrite(task);
    note(write, 'comment_deleted', null, { thread_id: thread.id }, null);
    const saved = await syncProblems(tx, write, process, actor);
    return { thread: { ...thread, archivedAt: now, lastUpdated: now }, task: saved };
  });
}

/** The member who wrote a thread (for its `author`). */
export async function findThreadAuthor(ctx: AppContext, thread: Thread): Promise<User | undefined> {
  return thread.authorId ? findUserById(ctx.db.db, thread.authorId) : undefined;
}
