/**
 * The daily digest's task lists, for a batch of members of one organization at once: open
 * tasks whose deadline falls in a window (overdue: before now; due today: from now to the end
 * of the member's day),
 * owned by the members or by their groups. Read from task_owners' copied task state through
 * task_owners_state_idx (organization, kind, owner, archived, completed, deadline), at most
 * `perOwner` per owner, earliest deadline first, each with the owner's total.
 */
import { sql } from 'kysely';
import type { Db } from '../database.js';

export interface DigestTask {
  /** The member's id (as text) or the group's id. */
  ownerId: string;
  ownerKind: 'user' | 'group';
  taskId: string;
  processId: string | null;
  title: string;
  deadline: string;
  /** How many such tasks the owner has in all (the list is cut at `perOwner`). */
  ownerTotal: number;
}

export async function findDigestTasks(
  db: Db,
  organizationId: string,
  owners: { userIds: readonly number[]; groupIds: readonly string[] },
  window: { from: string | null; before: string },
  perOwner: number,
): Promise<DigestTask[]> {
  const result: DigestTask[] = [];
  const sets: Array<['user' | 'group', string[]]> = [
    ['user', owners.userIds.map(String)],
    ['group', [...owners.groupIds]],
  ];
  for (const [kind, ids] of sets) {
    if (ids.length === 0) continue;
    const ranked = db
      .selectFrom('task_owners')
      .select((eb) => [
        'task_owners.owner_id',
        'task_owners.task_id',
        eb.fn
          .agg<number>('row_number')
          .over((ob) => ob.partitionBy('task_owners.owner_id').orderBy('task_owners.deadline_key'))
          .as('place'),
        eb.fn
          .agg<number>('count', [sql.lit(1)])
          .over((ob) => ob.partitionBy('task_owners.owner_id'))
          .as('total'),
      ])
      .where('task_owners.organization_id', '=', organizationId)
      .where('task_owners.kind', '=', kind)
      .where('task_owners.owner_id', 'in', ids)
      .where('task_owners.task_archived', '=', false)
      .where('task_owners.task_completed', '=', false)
      .where('task_owners.deadline_key', '<', window.before)
      .$if(window.from !== null, (q) => q.where('task_owners.deadline_key', '>=', window.from as string))
      .where('task_owners.task_status', 'in', ['not-started', 'in-progress']);
    const rows = await db
      .selectFrom(ranked.as('r'))
      .innerJoin('tasks', 'tasks.id', 'r.task_id')
      .select(['r.owner_id', 'r.task_id', 'r.total', 'tasks.process_id', 'tasks.title', 'tasks.deadline'])
      .where('r.place', '<=', perOwner)
      .where('tasks.organization_id', '=', organizationId)
      .orderBy('r.owner_id')
      .orderBy('tasks.deadline')
      .execute();
    for (const r of rows) {
      if (!r.deadline) continue;
      result.push({
        ownerId: r.owner_id,
        ownerKind: kind,
        taskId: r.task_id,
        processId: r.process_id,
        title: r.title,
        deadline: r.deadline,
        ownerTotal: Number(r.total),
      });
    }
  }
  return result;
}

/** The groups each of these members belongs to. */
export async function findGroupsOfMembers(
  db: Db,
  organizationId: string,
  userIds: readonly number[],
): Promise<Map<number, string[]>> {
  const result = new Map<number, string[]>();
  if (userIds.length === 0) return result;
  const rows = await db
    .selectFrom('group_members')
    .select(['user_id', 'group_id'])
    .where('organization_id', '=', organizationId)
    .where('user_id', 'in', [...userIds])
    .execute();
  for (const r of rows) result.set(r.user_id, [...(result.get(r.user_id) ?? []), r.group_id]);
  return result;
}
