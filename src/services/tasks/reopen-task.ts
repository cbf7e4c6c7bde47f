import { deleteTaskCompletions } from '../../db/repositories/task-owners-repository.js';
import { assertProcessWritable } from '../../domain/processes/process.js';
import { assertReopenable } from '../../domain/tasks/task.js';
import { type Actor, type AppContext, inTransaction } from '../context.js';
import { actorRef } from '../events/record.js';
import { applyRules } from '../processes/apply-rules.js';
import { loadDefinition } from '../processes/definitions.js';
import { refreshProcess } from '../processes/refresh-process.js';
import type { CompletionResult } from './complete-task.js';
import { assertTaskAction, loadCaller, lockTask } from './task-access.js';
import { change, commitWrite, note, startWrite } from './task-writes.js';

/**
 * Reopens a completed task (`DELETE …/completed-tasks/{task}`): status `in-progress`, the
 * completion fields and everyone-must-complete shares cleared, rules run, and a completed
 * process becomes active again. A guest may reopen their own task.
 */
export async function reopenTask(
  ctx: AppContext,
  actor: Actor,
  taskId: string,
  processId?: string,
): Promise<CompletionResult> {
  return inTransaction(ctx, async (tx) => {
    const caller = await loadCaller(tx, actor);
    const { task, process } = await lockTask(tx, caller, taskId, processId);
    if (process) assertProcessWritable(process);
    assertReopenable(task);
    assertTaskAction(caller, 'task.reopen', task);
    const now = tx.clock.now().toISOString();
    const write = startWrite(task);
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
    // The process was written before this transaction (it is only locked here): its version is committed.
    const definition = process ? await loadDefinition(tx, process, { committed: true }) : undefined;
    const who = actorRef(actor);
    const reopened = await commitWrite(tx, write, who, process, definition);
    if (!process) return { task: reopened, process, changedByRules: [] };
    const event = { kind: 'reopened' as const, taskId: task.id };
    const changedByRules = await applyRules(tx, process, event, who, definition);
    const refreshed = await refreshProcess(tx, process, definition, who);
    return { task: reopened, process: refreshed, changedByRules };
  });
}
