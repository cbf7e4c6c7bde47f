/** Process (run) request bodies (wire) → typed inputs of the launch and update services. */
import type { Static } from 'typebox';
import type { LaunchProcessInput } from '../../services/processes/launch-process.js';
import type { OwnersInput } from '../../services/processes/owners.js';
import type { UpdateProcessInput } from '../../services/processes/update-process.js';
import type { LaunchBody, Prerun, UpdateProcessBody } from '../schemas/runs.schemas.js';

/** Kick-off values keyed by field id; the list form of `prerun` is merged into one object. */
function kickoffValuesOf(prerun: Static<typeof Prerun> | undefined): Record<string, unknown> | undefined {
  if (prerun === undefined) return undefined;
  return Array.isArray(prerun) ? Object.assign({}, ...prerun) : prerun;
}

export function launchInput(body: Static<typeof LaunchBody>): LaunchProcessInput {
  const tasks: LaunchProcessInput['tasks'] = {};
  for (const [stepId, o] of Object.entries(body.tasks ?? {})) {
    tasks[stepId] = {
      ...(o.owners ? { owners: o.owners as OwnersInput } : {}),
      ...(o.deadline !== undefined ? { deadline: o.deadline } : {}),
      ...(o.position !== undefined ? { position: o.position } : {}),
      ...(o.max_assignable !== undefined ? { maxAssignable: o.max_assignable } : {}),
    };
  }
  return {
    checklistId: body.checklist_id,
    version: body.version,
    name: body.name,
    summary: body.summary,
    ownerId: body.owner_id,
    kickoffValues: kickoffValuesOf(body.prerun),
    tasks,
    tags: body.tags,
    users: body.users,
    groups: body.groups,
    folders: body.folders,
    roles: body.roles as Record<string, OwnersInput> | undefined,
    starred: body.starred,
    isPublic: body.is_public,
    parentId: body.parent_id,
  };
}

/** Keys of the spec's Run that are not listed (`status`, `checklist_id`, …) are ignored. */
export function updateInput(body: Static<typeof UpdateProcessBody>): UpdateProcessInput {
  return {
    name: body.name,
    summary: body.summary,
    ownerId: body.owner_id,
    starred: body.starred,
    isPublic: body.is_public,
    users: body.users,
    groups: body.groups,
    tags: body.tags,
    folders: body.folders,
    kickoffValues: kickoffValuesOf(body.prerun),
  };
}
