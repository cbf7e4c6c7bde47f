/** Request schemas of the task routes. */
import { Type } from 'typebox';
import { AnyObject, HexId, ListQueryProperties, Nullable } from './common.js';

export const RunParams = Type.Object({ org: Type.String(), run: HexId });
export const TaskParams = Type.Object({ org: Type.String(), task: HexId });
export const RunTaskParams = Type.Object({ org: Type.String(), run: HexId, task: HexId });
export const UserParams = Type.Object({ org: Type.String(), user: Type.Integer({ minimum: 1 }) });

const Text = (description: string) => Type.Optional(Type.String({ description }));

/** Filters of the seed's run task list, shared by the organization and member lists. */
export const TaskListQuery = Type.Object({
  ...ListQueryProperties,
  status: Text(
    'complete, active, active_visible, incomplete, inprogress, not-started, hasproblem, overdue, due_soon, upcoming (comma-separated: any of)',
  ),
  owners: Text('Comma-separated member ids'),
  guests: Text('Comma-separated guest e-mails'),
  groups: Text('Comma-separated group ids'),
  unassigned: Type.Optional(Type.Boolean({ description: 'Only tasks nobody is assigned to' })),
  deadline_on: Text('YYYY-MM-DD: deadline on that day (wins over the other deadline filters)'),
  deadline_before: Text('YYYY-MM-DD: deadline before that day (exclusive)'),
  deadline_after: Text('YYYY-MM-DD: deadline after that day (exclusive)'),
  deadline_start_range: Text('Deadline on or after this day'),
  deadline_end_range: Text('Deadline on or before this day'),
  tag: Text('Tag ids: tasks carrying one, or whose process does'),
  tag_ids: Text('Synonym of tag'),
  untagged: Type.Optional(
    Type.Boolean({ description: 'Only tasks without a tag, in processes without one' }),
  ),
  folder: Text('Process folder ids'),
  roles: Text('Comma-separated job-title ids: tasks assigned one of them'),
  created: Text('YYYY-MM-DD or YYYY-MM-DD:YYYY-MM-DD'),
  is_oneoff: Type.Optional(Type.Boolean()),
  archived: Text('true (include archived) or only'),
  currentTask: Text('Accepted for compatibility; no effect'),
  replace_page: Type.Optional(Type.Integer({ description: 'Accepted for compatibility; no effect' })),
});

/** The spec's task `roles`: job-title ids assigned to the task (the same list as `owners.roles`). */
export const TaskRolesBody = Type.Array(Type.String({ maxLength: 64 }), { maxItems: 100 });

export const WithQuery = Type.Object({ with: Text('Comma-separated related records to include') });

export const OwnersBody = Type.Object(
  {
    users: Type.Optional(Type.Array(Type.Unknown())),
    guests: Type.Optional(Type.Array(Type.Unknown())),
    groups: Type.Optional(Type.Array(Type.Unknown())),
    roles: Type.Optional(Type.Array(Type.Unknown())),
  },
  { additionalProperties: false },
);

export const UpdateTaskBody = Type.Object(
  {
    taskdata: Type.Optional(AnyObject),
    deadline: Type.Optional(Nullable(Type.String())),
    started_at: Type.Optional(Nullable(Type.String())),
    owners: Type.Optional(OwnersBody),
    roles: Type.Optional(TaskRolesBody),
    title: Type.Optional(Type.String({ maxLength: 600 })),
    name: Type.Optional(Type.String({ maxLength: 600 })),
    summary: Type.Optional(Nullable(Type.String())),
    description: Type.Optional(Nullable(Type.String())),
    webhook: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
    task_type: Type.Optional(Type.String()),
    position: Type.Optional(Type.Integer({ minimum: 1 })),
    max_assignable: Type.Optional(Type.Integer({ minimum: 0 })),
    prevent_guest_comment: Type.Optional(Type.Boolean()),
    top_secret: Type.Optional(Type.Boolean()),
    everyone_must_complete: Type.Optional(Type.Boolean()),
    can_complete_only_assignees: Type.Optional(Type.Boolean()),
    status: Type.Optional(Type.String({ description: 'Ignored: use the completion endpoints' })),
  },
  { additionalProperties: true },
);

export const CompleteTaskBody = Type.Object(
  {
    task_id: HexId,
    is_approved: Type.Optional(Type.Boolean()),
    override_user: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { additionalProperties: true },
);
