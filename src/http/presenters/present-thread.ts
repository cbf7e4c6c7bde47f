import { type TSchema, Type } from 'typebox';
import { fullName, type User } from '../../domain/identity.js';
import type { Thread } from '../../domain/tasks/thread.js';
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

/** `sentTo`: who the thread notifies (the task's member assignees other than the author). */
export function presentThread(thread: Thread, author: User | undefined, sentTo: readonly number[] = []) {
  return {
    id: thread.id,
    thread_id: thread.id,
    task_id: thread.taskId,
    run_id: thread.processId,
    label: thread.label,
    content: thread.content,
    state: thread.state,
    author_id: thread.authorId,
    author_type: thread.authorType,
    sent_by: thread.authorId,
    author: author
      ? {
          id: author.id,
          username: author.email,
          first_name: author.firstName,
          last_name: author.lastName,
          full_name: fullName(author),
          profile_pic: author.profilePic,
        }
      : null,
    sent_to: sentTo.filter((id) => thread.authorType !== 'member' || id !== thread.authorId),
    // Tallyfy fills resolve_id on a problem once resolved; it names the resolver.
    resolve_id: thread.resolvedBy,
    resolved_by: thread.resolvedBy,
    resolved_at: thread.resolvedAt,
    resolves_thread_id: thread.resolvesThreadId,
    created_at: thread.createdAt,
    updated_at: thread.lastUpdated,
    last_updated_at: thread.lastUpdated,
    archived_at: thread.archivedAt,
  };
}
