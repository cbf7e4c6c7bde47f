import { type TSchema, Type } from 'typebox';
import { IsoDate, Nullable, NullableDate } from '../schemas/common.js';

/** The spec's `Thread` (a comment, problem or resolution). */
export const ThreadSchema = Type.Object(
  {
    id: Type.Integer(),
    thread_id: Type.Integer(),
    task_id: Nullable(Type.String()),
    run_id: Nullable(Type.String()),
    label: Type.String(),
    content: Type.String(),
    state: Type.String(),
    author_id: Nullable(Type.Integer()),
    author_type: Type.String(),
    sent_by: Nullable(Type.Integer()),
    author: Nullable(
      Type.Object({
        id: Type.Integer(),
        username: Type.String(),
        first_name: Type.String(),
        last_name: Type.String(),
        full_name: Type.String(),
        profile_pic: Nullable(Type.String()),
      }),
    ),
    sent_to: Type.Array(Type.Integer()),
    resolve_id: Nullable(Type.Integer()),
    resolved_by: Nullable(Type.Integer()),
    resolved_at: NullableDate,
    resolves_thread_id: Nullable(Type.Integer()),
    created_at: IsoDate,
    updated_at: IsoDate,
    last_updated_at: IsoDate,
    archived_at: NullableDate,
  },
  { additionalProperties: true },
) satisfies TSchema;

export { presentThread } from '../../presenters/present-thread.js';
