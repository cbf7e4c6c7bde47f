/** Wire bodies of the task routes → service inputs (Tallyfy's aliases resolved here). */
import type { Static } from 'typebox';
import type { UpdateTaskInput } from '../../services/tasks/update-task.js';
import type { UpdateTaskBody } from '../schemas/tasks.schemas.js';

/** `name`/`description` are the one-off task spellings of `title`/`summary`; `status` is ignored. */
export function updateInput(body: Static<typeof UpdateTaskBody>): UpdateTaskInput {
  return {
    taskdata: body.taskdata,
    deadline: body.deadline,
    started_at: body.started_at,
    owners: body.owners,
    title: body.title ?? body.name,
    summary: body.summary !== undefined ? body.summary : body.description,
    webhook: body.webhook,
    task_type: body.task_type,
    position: body.position,
    max_assignable: body.max_assignable,
    prevent_guest_comment: body.prevent_guest_comment,
    top_secret: body.top_secret,
    everyone_must_complete: body.everyone_must_complete,
    can_complete_only_assignees: body.can_complete_only_assignees,
  };
}
