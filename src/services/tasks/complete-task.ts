import { findGroupMemberIds } from '../../db/repositories/groups-repository.js';
import {
  findActiveMemberIds,
  findTaskCompletions,
  insertTaskCompletion,
} from '../../db/repositories/task-owners-repository.js';
import { forbidden, rejected } from '../../domain/errors.js';
import { assertCan } from '../../domain/policy.js';
import { assertProcessWritable, type Process } from '../../domain/processes/process.js';
import { missingRequiredFields, requiredMissing } from '../../domain/tasks/form-values.js';
import { assertCompletable, completionOutcome, type Task } from '../../domain/tasks/task.js';
import { type Actor, type AppContext, inTransaction } from '../context.js';
import { actorRef } from '../events/record.js';
import { fieldsOfTask } from '../processes/definitions.js';
import type { RuleChangedTask } from '../rules/apply-rules.js';
import { completionWrite, finishCompletion } from './finish-completion.js';
import {
  assertTaskAction,
  isAssignee,
  isGuestCaller,
  loadCaller,
  openTaskWrite,
  type TaskCaller,
} from './task-access.js';
import { change, commitLooseWrite, commitWrite, note, startWrite, type TaskWrite } from './task-writes.js';

/** The seed's completion body. */
export interface CompleteTaskInput {
  taskId: string;
  /** Required for approval tasks: true approves, false rejects. */
  isApproved?: boolean | undefined;
  /** Admins only: the member recorded as completer. */
  overrideUser?: number | undefined;
}

export interface CompletionResult {
  task: Task;
  process: Process | undefined;
  /** Tasks automation rules changed because of this completion (process tasks), and how. */
  changedByRules: RuleChangedTask[];
}

/**
 * Completes a task (`POST …/completed-tasks`). Locks process then task, so of two concurrent
 * completions exactly one succeeds and the other finds the task completed. Refuses completed,
 * hidden, blocked or archived tasks, approvals without a decision, empty required fields and
 * callers who may not complete it. On an everyone-must-complete task each assignee gives
 * their share and the last share completes it. A guest completes their own task through
 * their code: the task records `completer_guest_id` instead of `completer_id`.
 */
export async function completeTask(
  ctx: AppContext,
  actor: Actor,
  input: CompleteTaskInput,
  processId?: string,
): Promise<CompletionResult> {
  return inTransaction(ctx, async (tx) => {
    const caller = await loadCaller(tx, actor);
    const { task, unit } = await openTaskWrite(tx, caller, input.taskId, processId);
    if (unit) assertProcessWritable(unit.process);
    assertCompletable(task);
    assertTaskAction(caller, 'task.complete', task);
    const completer = await resolveCompleter(tx, caller, input.overrideUser);
    const outcome = completionOutcome(task.taskType, input.isApproved);
    const missing = missingRequiredFields(fieldsOfTask(task, unit?.definition), task.taskdata);
    if (missing.length) throw requiredMissing(missing, 'taskdata');
    if (task.everyoneMustComplete) {
      const share = await giveShare(tx, caller, task, completer);
      if (share) {
        const saved = unit
          ? await commitWrite(unit, share)
          : await commitLooseWrite(tx, actorRef(actor), share);
        return { task: saved, process: unit?.process, changedByRules: [] };
      }
    }
    const events = ['task.completed'];
    if (outcome.outcome === 'approved') events.push('task.approved');
    if (outcome.outcome === 'rejected') events.push('task.rejected');
    const facts = {
      completedAt: tx.clock.now().toISOString(),
      completerId: completer.userId,
      completerGuestId: completer.guestId,
      isApproved: outcome.isApproved,
      outcome: outcome.outcome,
      events,
    };
    if (unit) return finishCompletion(unit, task, facts);
    const completed = await commitLooseWrite(tx, actorRef(actor), completionWrite(task, facts));
    return { task: completed, process: undefined, changedByRules: [] };
  });
}

/** Who a completion is recorded for, and their key among everyone-must-complete shares. */
interface Completer {
  userId: number | null;
  guestId: number | null;
  share: { kind: 'user' | 'guest'; completer: string };
  /** The caller completes for themselves (not an admin's `override_user`). */
  self: boolean;
}

const memberCompleter = (userId: number, self: boolean): Completer => ({
  userId,
  guestId: null,
  share: { kind: 'user', completer: String(userId) },
  self,
});

/** The completer: the caller, or for admins the member named by `override_user`. */
async function resolveCompleter(
  tx: AppContext,
  caller: TaskCaller,
  overrideUser: number | undefined,
): Promise<Completer> {
  if (isGuestCaller(caller)) {
    if (overrideUser !== undefined)
      throw forbidden('GUEST_NOT_PERMITTED', 'Guests can only complete tasks for themselves.');
    const { guestId, email } = caller.actor;
    return { userId: null, guestId, share: { kind: 'guest', completer: email.toLowerCase() }, self: true };
  }
  if (overrideUser === undefined || overrideUser === caller.actor.userId)
    return memberCompleter(caller.actor.userId, true);
  assertCan(caller.actor, 'task.complete_for_other');
  const members = await findActiveMemberIds(tx.db.kysely, caller.actor.organizationId, [overrideUser]);
  if (!members.has(overrideUser)) {
    throw rejected(
      'OVERRIDE_USER_NOT_MEMBER',
      'The override user is not an active member of the organization.',
      {
        errors: { override_user: ['The selected override user is invalid.'] },
      },
    );
  }
  return memberCompleter(overrideUser, false);
}

/**
 * Records the completer's share of an everyone-must-complete task. Returns the change to
 * write (the task now in progress) while shares are outstanding; undefined when this was the
 * last one, or when the completer is not an assignee (an admin finishing it for everyone),
 * so the task completes.
 */
async function giveShare(
  tx: AppContext,
  caller: TaskCaller,
  task: Task,
  completer: Completer,
): Promise<TaskWrite | undefined> {
  const org = task.organizationId;
  const groupMembers = await findGroupMemberIds(tx.db.kysely, org, task.owners.groups);
  const required = new Set(
    [...task.owners.users, ...[...groupMembers.values()].flat()].map((u) => `user:${u}`),
  );
  for (const g of task.owners.guests) required.add(`guest:${g}`);
  const key = `${completer.share.kind}:${completer.share.completer}`;
  const assigned = required.has(key) || (completer.self && isAssignee(task, caller));
  if (!assigned) return undefined;
  const given = await findTaskCompletions(tx.db.kysely, org, task.id);
  if (given.has(key))
    throw rejected('TASK_ALREADY_COMPLETED', 'You have already completed your part of this task.');
  await insertTaskCompletion(tx.db.kysely, {
    organizationId: org,
    taskId: task.id,
    ...completer.share,
    at: tx.clock.now().toISOString(),
  });
  given.add(key);
  const outstanding = [...required].filter((r) => !given.has(r));
  if (outstanding.length === 0) return undefined;
  const write = startWrite(task);
  if (task.status === 'not-started') change(write, { status: 'in-progress' });
  note(write, 'share_completed', 'completion_progress', given.size - 1, given.size);
  return write;
}
