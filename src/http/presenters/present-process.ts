import { type TSchema, Type } from 'typebox';
import { IsoDate, Nullable, NullableDate } from '../schemas/common.js';

const Progress = Type.Object({ complete: Type.Integer(), total: Type.Integer(), percent: Type.Number() });

/** The spec's `Run`; includes (`checklist`, `tasks`, `next_task`, …) are added as `{data: …}` keys. */
export const ProcessSchema = Type.Object(
  {
    id: Type.String(),
    increment_id: Type.Integer(),
    checklist_id: Nullable(Type.String()),
    checklist_title: Nullable(Type.String()),
    checklist_version: Nullable(Type.Integer()),
    name: Type.String(),
    summary: Nullable(Type.String()),
    status: Type.String(),
    type: Type.String(),
    has_open_issue: Type.Boolean(),
    progress: Progress,
    whole_progress: Progress,
    started_by: Nullable(Type.Integer()),
    owner_id: Nullable(Type.Integer()),
    prerun: Type.Record(Type.String(), Type.Unknown()),
    prerun_status: Type.String(),
    prerun_completed_at: NullableDate,
    prerun_completed_by: Nullable(Type.Integer()),
    prerun_length: Type.Integer(),
    starred: Type.Boolean(),
    is_public: Type.Boolean(),
    users: Type.Array(Type.Integer()),
    groups: Type.Array(Type.String()),
    collaborators: Type.Array(Type.Integer()),
    // Tag and folder ids; with=tags / with=folders replace them by the records, as Tallyfy does.
    tags: Type.Union([Type.Array(Type.String()), Type.Object({ data: Type.Array(Type.Unknown()) })]),
    folders: Type.Union([Type.Array(Type.String()), Type.Object({ data: Type.Array(Type.Unknown()) })]),
    parent_id: Nullable(Type.String()),
    can_add_oot: Type.Boolean(),
    assign_someone_else: Type.Boolean(),
    created_at: IsoDate,
    started_at: IsoDate,
    last_updated: IsoDate,
    completed_at: NullableDate,
    archived_at: NullableDate,
    due_date: NullableDate,
    max_task_deadline: NullableDate,
    due_date_passed: Type.Boolean(),
    due_soon: Type.Boolean(),
    late_tasks: Type.Integer(),
  },
  { additionalProperties: true },
) satisfies TSchema;

/** An activity row as the spec's ActivityFeed shows it. */
export const ActivitySchema = Type.Object(
  {
    id: Type.Integer(),
    organization_id: Type.String(),
    verb: Type.String(),
    action: Type.String(),
    actor_type: Type.String(),
    actor_id: Nullable(Type.Integer()),
    auditable_type: Type.String(),
    auditable_id: Type.String(),
    parentable_type: Nullable(Type.String()),
    parentable_id: Nullable(Type.String()),
    field: Nullable(Type.String()),
    old_value: Type.Unknown(),
    new_value: Type.Unknown(),
    text: Nullable(Type.String()),
    created_at: IsoDate,
  },
  { additionalProperties: true },
);

export {
  type ProcessFacts,
  presentActivity,
  presentProcess,
} from '../../presenters/present-process.js';
