import { deleteTaskCompletions } from '../../db/repositories/task-owners-repository.js';
import { assertProcessWritable } from '../../domain/processes/process.js';
import { assertReopenable } from '../../domain/tasks/task.js';
import { type Actor, type AppContext, inTransaction } from '../context.js';
import { actorRef } from '../events/record.js';
import { refreshProcess } from '../processes/refresh-process.js';
import { applyRules } from '../rules/apply-rules.js';
import type { CompletionResult } from './complete-task.js';
import { assertTaskAction, loadCaller, openTaskWrite } from './task-access.js';
import { change, commitLooseWrite, commitWrite, note, startWrite } from './task-writes.js';

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
    const { task, unit } = await openTaskWrite(tx, caller, taskId, processId);
    if (unit) assertProcessWritable(unit.process);
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
    if (!unit) {
      const reopened = await commitLooseWrite(tx, actorRef(actor), write);
      return { task: reopened, process: undefined, changedByRules: [] };
    }
    const reopened = await commitWrite(unit, write);
    const changedByRules = await applyRules(unit, { kind: 'reopened', taskId: task.id });
    const process = await refreshProcess(unit);
    return { task: reopened, process, changedByRules };
  });
}
