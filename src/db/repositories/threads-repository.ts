import type { Selectable } from 'kysely';
import type { Thread, ThreadLabel } from '../../domain/tasks/thread.js';
import type { Db } from '../database.js';
import { precompileWithList } from '../precompiled.js';
import type { ThreadsTable } from '../tables/processes.js';

function toThread(row: Selectable<ThreadsTable>): Thread {
  return {
    id: row.id,
    organizationId: row.organization_id,
    processId: row.process_id,
    taskId: row.task_id,
    label: row.label as ThreadLabel,
    content: row.content,
    state: row.state,
    authorType: row.author_type,
    authorId: row.author_id,
    resolvesThreadId: row.resolves_thread_id,
    resolvedBy: row.resolved_by,
    resolvedAt: row.resolved_at,
    resolutionThreadId: row.resolution_thread_id,
    createdAt: row.created_at,
    lastUpdated: row.last_updated,
    archivedAt: row.archived_at,
  };
}

export type NewThread = Omit<Thread, 'id'>;

export async function insertThread(db: Db, thread: NewThread): Promise<Thread> {
  const row = await db
    .insertInto('threads')
    .values({
      organization_id: thread.organizationId,
      process_id: thread.processId,
      task_id: thread.taskId,
      label: thread.label,
      content: thread.content,
      state: thread.state,
      author_type: thread.authorType,
      author_id: thread.authorId,
      resolves_thread_id: thread.resolvesThreadId,
      resolved_by: thread.resolvedBy,
      resolved_at: thread.resolvedAt,
      resolution_thread_id: thread.resolutionThreadId,
      created_at: thread.createdAt,
      last_updated: thread.lastUpdated,
      archived_at: thread.archivedAt,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toThread(row);
}

export async function findThreadById(
  db: Db,
  organizationId: string,
  taskId: string,
  id: number,
): Promise<Thread | undefined> {
  const row = await db
    .selectFrom('threads')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('task_id', '=', taskId)
    .where('id', '=', id)
    .where('archived_at', 'is', null)
    .executeTakeFirst();
  return row ? toThread(row) : undefined;
}

/** Live threads of the given tasks, oldest first, in one query. */
export async function findThreadsOfTasks(
  db: Db,
  organizationId: string,
  taskIds: readonly string[],
): Promise<Thread[]> {
  const rows = await threadRowsOfTasks(db, taskIds, organizationId);
  return rows.map(toThread);
}

// Compiled once per list length (see precompiled.ts): `with=threads` on every task answer.
const threadRowsOfTasks = precompileWithList(
  (db: Db, taskIds: string[], organizationId: string) =>
    db
      .selectFrom('threads')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where('task_id', 'in', taskIds)
      .where('archived_at', 'is', null)
      .orderBy('id'),
  1,
);

export async function updateThread(
  db: Db,
  organizationId: string,
  id: number,
  changes: Partial<Pick<Thread, 'content' | 'label' | 'state' | 'lastUpdated' | 'archivedAt'>> &
    Partial<Pick<Thread, 'resolvedBy' | 'resolvedAt' | 'resolutionThreadId'>>,
): Promise<void> {
  await db
    .updateTable('threads')
    .set({
      ...(changes.content !== undefined ? { content: changes.content } : {}),
      ...(changes.label !== undefined ? { label: changes.label } : {}),
      ...(changes.state !== undefined ? { state: changes.state } : {}),
      ...(changes.lastUpdated !== undefined ? { last_updated: changes.lastUpdated } : {}),
      ...(changes.archivedAt !== undefined ? { archived_at: changes.archivedAt } : {}),
      ...(changes.resolvedBy !== undefined ? { resolved_by: changes.resolvedBy } : {}),
      ...(changes.resolvedAt !== undefined ? { resolved_at: changes.resolvedAt } : {}),
      ...(changes.resolutionThreadId !== undefined
        ? { resolution_thread_id: changes.resolutionThreadId }
        : {}),
    })
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .execute();
}

/** Unresolved problems of a task (the source of its open-problem count). */
export async function countOpenProblems(db: Db, organizationId: string, taskId: string): Promise<number> {
  const row = await db
    .selectFrom('threads')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('organization_id', '=', organizationId)
    .where('task_id', '=', taskId)
    .where('label', '=', 'problem')
    .where('resolved_at', 'is', null)
    .where('archived_at', 'is', null)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}
