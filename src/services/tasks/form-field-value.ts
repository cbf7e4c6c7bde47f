import { findTaskById } from '../../db/repositories/tasks-repository.js';
import { invalidFields, notFound } from '../../domain/errors.js';
import type { AppContext, MemberActor } from '../context.js';
import { fieldsOfTask, loadDefinition } from '../processes/definitions.js';
import { getProcess } from '../processes/get-process.js';
import { updateProcess } from '../processes/update-process.js';
import { updateTask } from './update-task.js';

/**
 * `PUT /form-field/value {id, form_value}` with `task_id` (a task's field) or `run_id` (a
 * kick-off field): writes one value through the same validation as the task and process
 * updates. Flowlane keeps values on their task, so the task or process must be named.
 */
export async function setFormFieldValue(
  ctx: AppContext,
  actor: MemberActor,
  input: { id: string; formValue: unknown; taskId?: string | undefined; runId?: string | undefined },
): Promise<void> {
  if (input.taskId) {
    const task = await findTaskById(ctx.db.kysely, actor.organizationId, input.taskId);
    if (!task) throw notFound('TASK_NOT_FOUND', 'Task');
    const process = task.processId ? await getProcess(ctx, actor, task.processId) : undefined;
    const fields = fieldsOfTask(task, process ? await loadDefinition(ctx, process) : undefined);
    if (!fields.some((f) => f.id === input.id)) throw notFound('FORM_FIELD_NOT_FOUND', 'Form field');
    await updateTask(ctx, actor, task.id, { formValues: { [input.id]: input.formValue } });
    return;
  }
  if (input.runId) {
    const process = await getProcess(ctx, actor, input.runId);
    const definition = await loadDefinition(ctx, process);
    if (!definition?.kickoffFields.some((f) => f.id === input.id))
      throw notFound('FORM_FIELD_NOT_FOUND', 'Form field');
    await updateProcess(ctx, actor, process.id, { kickoffValues: { [input.id]: input.formValue } });
    return;
  }
  throw invalidFields('VALIDATION_FAILED', {
    task_id: ['Send task_id for a task field, or run_id for a kick-off field.'],
  });
}
