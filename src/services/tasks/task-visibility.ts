import { rejected } from '../../domain/errors.js';
import { assertProcessWritable, type Process } from '../../domain/processes/process.js';
import type { Task } from '../../domain/tasks/task.js';
import { type AppContext, inTransaction, type MemberActor } from '../context.js';
import { refreshProcess } from '../processes/refresh-process.js';
import { assertTaskAction, loadCaller, openTaskWrite } from './task-access.js';
import { change, commitWrite, note, startWrite } from './task-writes.js';

/**
 * `PUT /runs/{run}/tasks/{task}/force-action {action: show|hide}`: a person shows or hides
 * an incomplete process task. The choice is remembered (`visibility_override`) so later
 * automation does not undo it; a shown task returns to the status it had before hiding.
 */
export async function forceTaskVisibility(
  ctx: AppContext,
  actor: MemberActor,
  processId: string,
  taskId: string,
  action: 'show' | 'hide',
): Promise<{ task: Task; process: Process }> {
  return inTransaction(ctx, async (tx) => {
    const caller = await loadCaller(tx, actor);
    const { task, unit } = await openTaskWrite(tx, caller, taskId, processId);
    if (!unit || task.isOneoff)
      throw rejected('NOT_A_PROCESS_TASK', 'Only process tasks can be shown or hidden.');
    assertProcessWritable(unit.process);
    if (task.status === 'completed')
      throw rejected('TASK_COMPLETED_READ_ONLY', 'A completed task cannot be hidden or shown.');
    assertTaskAction(caller, 'task.update', task);
    const write = startWrite(task);
    if (action === 'hide' && task.status !== 'auto-skipped') {
      change(write, { status: 'auto-skipped', statusBeforeHidden: task.status });
    }
    if (action === 'show' && task.status === 'auto-skipped') {
      change(write, { status: task.statusBeforeHidden ?? 'not-started', statusBeforeHidden: null });
    }
    change(write, { visibilityOverride: action });
    note(write, action === 'hide' ? 'hidden' : 'shown', 'status', task.status, write.after.status);
    const saved = await commitWrite(unit, write);
    return { task: saved, process: await refreshProcess(unit) };
  });
}
