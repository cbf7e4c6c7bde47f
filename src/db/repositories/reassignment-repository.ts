/**
 * What a member owns in one organization, for `GET …/users/{id}/reassignment-information`
 * before they are disabled, and moving the templates and processes they own to another
 * member. Each list is one query.
 */

import type { AssignedStep, OwnedRecord, OwnedTask } from '../../domain/reassignment.js';
import type { Db } from '../database.js';
import { fromJson } from '../dialect.js';

/** The most rows of each kind one answer carries. */
export const REASSIGNMENT_LIST_LIMIT = 1000;

/** The member's open (not completed, not skipped, not archived) tasks, by deadline. */
export async function findOpenTasksOwnedBy(
  db: Db,
  organizationId: string,
  userId: number,
): Promise<OwnedTask[]> {
  const rows = await db
    .selectFrom('task_owners as o')
    .innerJoin('tasks as t', 't.id', 'o.task_id')
    .leftJoin('processes as p', 'p.id', 't.process_id')
    .select(['t.id', 't.title', 't.deadline', 't.process_id', 'p.name as process_name', 'p.template_title'])
    .where('o.organization_id', '=', organizationId)
    .where('o.kind', '=', 'user')
    .where('o.owner_id', '=', String(userId))
    .where('t.status', 'in', ['not-started', 'in-progress'])
    .where('t.archived_at', 'is', null)
    .orderBy('t.deadline')
    .orderBy('t.id')
    .limit(REASSIGNMENT_LIST_LIMIT)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.title,
    deadline: r.deadline,
    processId: r.process_id,
    processName: r.process_name,
    templateName: r.template_title,
  }));
}

/** Templates (not archived) the member owns. */
export async function findTemplatesOwnedBy(
  db: Db,
  organizationId: string,
  userId: number,
): Promise<OwnedRecord[]> {
  return db
    .selectFrom('templates')
    .select(['id', 'title'])
    .where('organization_id', '=', organizationId)
    .where('owner_id', '=', userId)
    .where('archived_at', 'is', null)
    .orderBy('title')
    .limit(REASSIGNMENT_LIST_LIMIT)
    .execute();
}

/** Processes (not archived, not complete) the member owns. */
export async function findProcessesOwnedBy(
  db: Db,
  organizationId: string,
  userId: number,
): Promise<OwnedRecord[]> {
  const rows = await db
    .selectFrom('processes')
    .select(['id', 'name'])
    .where('organization_id', '=', organizationId)
    .where('owner_id', '=', userId)
    .where('archived_at', 'is', null)
    .where('status', '!=', 'complete')
    .orderBy('name')
    .limit(REASSIGNMENT_LIST_LIMIT)
    .execute();
  return rows.map((r) => ({ id: r.id, title: r.name }));
}

/** Steps of live templates that assign the member by default (the assignee list is JSON). */
export async function findStepsAssigningMember(
  db: Db,
  organizationId: string,
  userId: number,
): Promise<AssignedStep[]> {
  const rows = await db
    .selectFrom('template_steps as s')
    .innerJoin('templates as t', 't.id', 's.template_id')
    .select(['s.id', 's.title', 's.template_id', 's.assignees'])
    .where('s.organization_id', '=', organizationId)
    .where('t.archived_at', 'is', null)
    .orderBy('s.template_id')
    .orderBy('s.position')
    .execute();
  return rows
    .filter((r) => fromJson<number[]>(r.assignees, []).includes(userId))
    .slice(0, REASSIGNMENT_LIST_LIMIT)
    .map((r) => ({ id: r.id, title: r.title, templateId: r.template_id }));
}

/** Hands the templates and processes `from` owns to `to` (member removed with reassignment). */
export async function transferRecordOwnership(db: Db, organizationId: string, from: number, to: number) {
  await db
    .updateTable('templates')
    .set({ owner_id: to })
    .where('organization_id', '=', organizationId)
    .where('owner_id', '=', from)
    .execute();
  await db
    .updateTable('processes')
    .set({ owner_id: to })
    .where('organization_id', '=', organizationId)
    .where('owner_id', '=', from)
    .execute();
}
