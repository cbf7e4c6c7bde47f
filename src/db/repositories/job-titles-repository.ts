/** Job titles of one organization, who holds them, and the steps and tasks they are on. */
import type { Selectable } from 'kysely';
import type { JobTitle, RoleObject } from '../../domain/job-titles.js';
import type { Db } from '../database.js';
import { dialectOf, likeOperator, likePattern } from '../dialect.js';
import type { JobTitlesTable, RoleObjectsTable } from '../tables/access.js';

function toJobTitle(row: Selectable<JobTitlesTable>): JobTitle {
  return {
    id: row.id,
    organizationId: row.organization_id,
    title: row.title,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    deletedAt: row.deleted_at,
  };
}

function toRoleObject(row: Selectable<RoleObjectsTable>): RoleObject {
  return {
    id: row.id,
    organizationId: row.organization_id,
    jobTitleId: row.job_title_id,
    subjectType: row.subject_type,
    subjectId: row.subject_id,
    createdAt: row.created_at,
  };
}

/** Job titles not deleted, by id, in one query. */
export async function findJobTitlesByIds(
  db: Db,
  organizationId: string,
  ids: readonly string[],
): Promise<Map<string, JobTitle>> {
  const result = new Map<string, JobTitle>();
  if (ids.length === 0) return result;
  const rows = await db
    .selectFrom('job_titles')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('id', 'in', [...new Set(ids)])
    .where('deleted_at', 'is', null)
    .execute();
  for (const row of rows) result.set(row.id, toJobTitle(row));
  return result;
}

export async function findJobTitleByTitle(
  db: Db,
  organizationId: string,
  title: string,
): Promise<JobTitle | undefined> {
  const row = await db
    .selectFrom('job_titles')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('title_key', '=', title.toLowerCase())
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return row ? toJobTitle(row) : undefined;
}

/** Every job title not deleted, by title (an organization has a handful). */
export async function listJobTitles(db: Db, organizationId: string, q?: string): Promise<JobTitle[]> {
  let query = db
    .selectFrom('job_titles')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('deleted_at', 'is', null);
  if (q) query = query.where('title', likeOperator(dialectOf(db)), likePattern(q));
  const rows = await query.orderBy('title_key').orderBy('id').execute();
  return rows.map(toJobTitle);
}

export async function insertJobTitle(db: Db, jobTitle: JobTitle): Promise<void> {
  await db
    .insertInto('job_titles')
    .values({
      id: jobTitle.id,
      organization_id: jobTitle.organizationId,
      title: jobTitle.title,
      title_key: jobTitle.title.toLowerCase(),
      created_at: jobTitle.createdAt,
      updated_at: jobTitle.updatedAt,
      deleted_at: null,
    })
    .execute();
}

export async function renameJobTitle(
  db: Db,
  organizationId: string,
  id: string,
  title: string,
  now: string,
): Promise<void> {
  await db
    .updateTable('job_titles')
    .set({ title, title_key: title.toLowerCase(), updated_at: now })
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .execute();
}

/** Deletes a job title: its holders, steps, tasks and permission entries lose it. */
export async function deleteJobTitle(db: Db, organizationId: string, id: string, now: string): Promise<void> {
  await db
    .updateTable('job_titles')
    .set({ deleted_at: now, updated_at: now })
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .execute();
  await db
    .deleteFrom('role_objects')
    .where('organization_id', '=', organizationId)
    .where('job_title_id', '=', id)
    .execute();
  await db
    .deleteFrom('template_permissions')
    .where('organization_id', '=', organizationId)
    .where('subject_type', '=', 'role')
    .where('subject_id', '=', id)
    .execute();
  await db
    .deleteFrom('process_permissions')
    .where('organization_id', '=', organizationId)
    .where('subject_type', '=', 'role')
    .where('subject_id', '=', id)
    .execute();
}

/** The members holding each of these job titles, in one query. */
export async function findHoldersOfJobTitles(
  db: Db,
  organizationId: string,
  ids: readonly string[],
): Promise<Map<string, number[]>> {
  const result = new Map<string, number[]>(ids.map((id) => [id, []]));
  if (ids.length === 0) return result;
  const rows = await db
    .selectFrom('role_objects')
    .select(['job_title_id', 'subject_id'])
    .where('organization_id', '=', organizationId)
    .where('subject_type', '=', 'user')
    .where('job_title_id', 'in', [...new Set(ids)])
    .orderBy('id')
    .execute();
  for (const row of rows) result.get(row.job_title_id)?.push(Number(row.subject_id));
  return result;
}

/** The job titles each of these members holds (deleted ones left out), in one query. */
export async function findJobTitlesOfUsers(
  db: Db,
  organizationId: string,
  userIds: readonly number[],
): Promise<Map<number, JobTitle[]>> {
  const result = new Map<number, JobTitle[]>(userIds.map((id) => [id, []]));
  if (userIds.length === 0) return result;
  const rows = await db
    .selectFrom('role_objects')
    .innerJoin('job_titles', 'job_titles.id', 'role_objects.job_title_id')
    .selectAll('job_titles')
    .select('role_objects.subject_id')
    .where('role_objects.organization_id', '=', organizationId)
    .where('role_objects.subject_type', '=', 'user')
    .where('role_objects.subject_id', 'in', [...new Set(userIds)].map(String))
    .where('job_titles.deleted_at', 'is', null)
    .orderBy('job_titles.title_key')
    .execute();
  for (const row of rows) result.get(Number(row.subject_id))?.push(toJobTitle(row));
  return result;
}

export async function insertRoleObject(db: Db, object: Omit<RoleObject, 'id'>): Promise<RoleObject> {
  const row = await db
    .insertInto('role_objects')
    .values({
      organization_id: object.organizationId,
      job_title_id: object.jobTitleId,
      subject_type: object.subjectType,
      subject_id: object.subjectId,
      created_at: object.createdAt,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toRoleObject(row);
}

export async function findRoleObject(
  db: Db,
  organizationId: string,
  where: { id: number } | { jobTitleId: string; subjectType: RoleObject['subjectType']; subjectId: string },
): Promise<RoleObject | undefined> {
  let query = db.selectFrom('role_objects').selectAll().where('organization_id', '=', organizationId);
  query =
    'id' in where
      ? query.where('id', '=', where.id)
      : query
          .where('job_title_id', '=', where.jobTitleId)
          .where('subject_type', '=', where.subjectType)
          .where('subject_id', '=', where.subjectId);
  const row = await query.executeTakeFirst();
  return row ? toRoleObject(row) : undefined;
}

export async function deleteRoleObject(db: Db, organizationId: string, id: number): Promise<void> {
  await db
    .deleteFrom('role_objects')
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .execute();
}
