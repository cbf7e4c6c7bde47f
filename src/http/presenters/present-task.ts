import { type TSchema, Type } from 'typebox';
import { IsoDate, Nullable, NullableDate } from '../schemas/common.js';

export const OwnersSchema = Type.Object({
  users: Type.Array(Type.Integer()),
  guests: Type.Array(Type.String()),
  groups: Type.Array(Type.String()),
  /** Job-title ids: the members holding one are assignees. */
  roles: Type.Array(Type.String()),
});

/** The spec's `Task`; includes (`step`, `form_fields`, …) are added as `{data: …}` keys. */
export const TaskSchema = Type.Object(
  {
    id: Type.String(),
    increment_id: Type.Integer(),
    title: Type.String(),
    original_title: Type.String(),
    summary: Type.Optional(Nullable(Type.String())),
    original_summary: Type.Optional(Nullable(Type.String())),
    run_id: Nullable(Type.String()),
    checklist_id: Nullable(Type.String()),
    step_id: Nullable(Type.String()),
    linked_step_id: Nullable(Type.String()),
    alias: Type.String(),
    taskdata: Type.Record(Type.String(), Type.Unknown()),
    owners: OwnersSchema,
    roles: Type.Array(Type.String()),
    is_completable: Type.Boolean(),
    status: Type.String(),
    status_label: Type.String(),
    task_type: Type.String(),
    is_approved: Nullable(Type.Boolean()),
    position: Type.Integer(),
    started_at: NullableDate,
    deadline: NullableDate,
    created_at: IsoDate,
    last_updated: IsoDate,
    archived_at: NullableDate,
    completed_at: NullableDate,
    starter_id: Nullable(Type.Integer()),
    owner_id: Nullable(Type.Integer()),
    completer_id: Nullable(Type.Integer()),
    completer_guest_id: Nullable(Type.Integer()),
    run_status: Nullable(Type.String()),
    max_assignable: Type.Integer(),
    prevent_guest_comment: Type.Boolean(),
    can_complete_only_assignees: Type.Boolean(),
    everyone_must_complete: Type.Boolean(),
    is_soft_start_date: Type.Boolean(),
    allow_guest_owners: Type.Boolean(),
    top_secret: Type.Boolean(),
    is_oneoff_task: Type.Boolean(),
    problem: Type.Boolean(),
    problems_count: Type.Integer(),
    is_overdue: Type.Boolean(),
    is_due_soon: Type.Boolean(),
    completion_progress: Type.Number(),
    webhook: Nullable(Type.String()),
    stage_id: Nullable(Type.String()),
  },
  { additionalProperties: true },
) satisfies TSchema;

export {
  presentFieldWithValue,
  presentStepOfTask,
  presentTask,
  type TaskFacts,
} from '../../presenters/present-task.js';
