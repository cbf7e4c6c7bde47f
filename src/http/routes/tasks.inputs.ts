/** Wire bodies of the task routes → service inputs (Tallyfy's aliases resolved here). */
import type { Static } from 'typebox';
import type { UpdateTaskInput } from '../../services/tasks/update-task.js';
import type { UpdateTaskBody } from '../schemas/tasks.schemas.js';

/** `name`/`description` are the one-off task spellings of `title`/`summary`; `status` is ignored. */
export function updateInput(body: Static<typeof UpdateTaskBody>): UpdateTaskInput {
  return {
    formValues: body.taskdata,
    deadline: body.deadline,
    startedAt: body.started_at,
    owners: body.owners,
    title: body.title ?? body.name,
    summary: body.summary !== undefined ? body.summary : body.description,
    webhook: body.webhook,
    taskType: body.task_type,
    position: body.position,
    maxAssignable: body.max_assignable,
    preventGuestComment: body.prevent_guest_comment,
    topSecret: body.top_secret,
    everyoneMustComplete: body.everyone_must_complete,
    canCompleteOnlyAssignees: body.can_complete_only_assignees,
  };
}
