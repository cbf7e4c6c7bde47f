/**
 * A thread (comment, problem, resolution) as the API answers it and as webhook payloads
 * carry it. Pure: no context, no I/O.
 */
import { fullName, type User } from '../domain/identity.js';
import type { Thread } from '../domain/tasks/thread.js';

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
