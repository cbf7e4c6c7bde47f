import type { PersonStats } from '../../domain/people.js';
import type { Db } from '../database.js';
import { toBool, toInt } from '../dialect.js';

const emptyStats = (): PersonStats => ({
  assignedTasks: 0,
  tasksCompleted: 0,
  lastTaskCompletedAt: null,
  oneOffTasksCompleted: 0,
  lastOneOffTaskCompletedAt: null,
});

/**
 * Stats of several members (kind `user`, keyed by id) or guests (kind `guest`, keyed by id;
 * `emails` maps id → e-mail as task_owners stores guests): two grouped queries per call.
 */
export async function findPeopleStats(
  db: Db,
  organizationId: string,
  kind: 'user' | 'guest',
  people: ReadonlyArray<{ id: number; ownerId: string }>,
): Promise<Map<number, PersonStats>> {
  const result = new Map<number, PersonStats>(people.map((p) => [p.id, emptyStats()]));
  if (people.length === 0) return result;
  const byOwner = new Map(people.map((p) => [p.ownerId, p.id]));
  const assigned = await db
    .selectFrom('task_owners')
    .innerJoin('tasks', 'tasks.id', 'task_owners.task_id')
    .select(['task_owners.owner_id', (eb) => eb.fn.countAll().as('n')])
    .where('task_owners.organization_id', '=', organizationId)
    .where('task_owners.kind', '=', kind)
    .where('task_owners.owner_id', 'in', [...byOwner.keys()])
    .where('tasks.status', 'in', ['not-started', 'in-progress'])
    .where('tasks.archived_at', 'is', null)
    .groupBy('task_owners.owner_id')
    .execute();
  for (const row of assigned) {
    const id = byOwner.get(row.owner_id);
    const stats = id === undefined ? undefined : result.get(id);
    if (stats) stats.assignedTasks = toInt(row.n);
  }
  const completer = kind === 'user' ? 'completer_id' : 'completer_guest_id';
  const completed = await db
    .selectFrom('tasks')
    .select([
      completer,
      'is_oneoff',
      (eb) => eb.fn.countAll().as('n'),
      (eb) => eb.fn.max('completed_at').as('last'),
    ])
    .where('organization_id', '=', organizationId)
    .where(
      completer,
      'in',
      people.map((p) => p.id),
    )
    .where('status', '=', 'completed')
    .groupBy([completer, 'is_oneoff'])
    .execute();
  for (const row of completed) {
    const stats = result.get(Number((row as Record<string, unknown>)[completer]));
    if (!stats) continue;
    const last = (row.last as string | null) ?? null;
    if (toBool(row.is_oneoff)) {
      stats.oneOffTasksCompleted = toInt(row.n);
      stats.lastOneOffTaskCompletedAt = last;
    } else {
      stats.tasksCompleted = toInt(row.n);
      stats.lastTaskCompletedAt = last;
    }
  }
  return result;
}
