/** Wire bodies of the task routes → service inputs (Tallyfy's aliases resolved here). */
import type { Static } from 'typebox';
import type { OwnersInput } from '../../services/processes/owners.js';
import type { UpdateTaskInput } from '../../services/tasks/update-task.js';
import type { OwnersBody, TaskRolesBody, UpdateTaskBody } from '../schemas/tasks.schemas.js';

/**
 * A task's owners as sent: `owners`, with the spec's top-level `roles` (job titles) standing
 * for `owners.roles` when that is left out. Neither sent: undefined (owners unchanged).
 */
export function ownersInputOf(
  owners: Static<typeof OwnersBody> | undefined,
  roles: Static<typeof TaskRolesBody> | undefined,
): OwnersInput | undefined {
  if (owners === undefined && roles === undefined) return undefined;
  return { ...(owners ?? {}), roles: owners?.roles ?? roles };
}

/** `name`/`description` are the one-off task spellings of `title`/`summary`; `status` is ignored. */
export function updateInput(body: Static<typeof UpdateTaskBody>): UpdateTaskInput {
  return {
    formValues: body.taskdata,
    deadline: body.deadline,
    startedAt: body.started_at,
    owners: ownersInputOf(body.owners, body.roles),
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
