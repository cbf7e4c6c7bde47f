/**
 * Job titles (the wire's organization roles): create, rename, delete and list them. Any
 * member reads them; administrators manage them. Deleting one takes it off its holders,
 * steps, tasks and permission lists.
 */
import {
  deleteJobTitle as deleteJobTitleRows,
  deleteRoleObject,
  findHoldersOfJobTitles,
  findJobTitleByTitle,
  findJobTitlesByIds,
  findJobTitlesOfUsers,
  findRoleObject,
  insertJobTitle,
  insertRoleObject,
  listJobTitles,
  renameJobTitle,
} from '../../db/repositories/job-titles-repository.js';
import { removeOwnerFromAllTasks } from '../../db/repositories/task-owners-repository.js';
import { findMember } from '../../db/repositories/users-repository.js';
import { notFound, rejected } from '../../domain/errors.js';
import { newHexId } from '../../domain/ids.js';
import { type JobTitle, type RoleObject, validateJobTitle } from '../../domain/job-titles.js';
import { assertCan } from '../../domain/policy.js';
import { type AppContext, inTransaction, type MemberActor, nowIso } from '../context.js';
import { asDuplicate } from '../errors.js';
import { actorRef, appendEvents, recordActivities } from '../events/record.js';

export const jobTitleNotFound = () => notFound('JOB_TITLE_NOT_FOUND', 'Job title');
const titleTaken = () => rejected('JOB_TITLE_TAKEN', 'A job title with this title already exists.');

/** A job title and, when asked for (`with=assignees`), the members holding it. */
export interface JobTitleView {
  jobTitle: JobTitle;
  holders?: number[] | undefined;
}

export async function listOrganizationJobTitles(
  ctx: AppContext,
  actor: MemberActor,
  options: { q?: string | undefined; withHolders: boolean },
): Promise<JobTitleView[]> {
  assertCan(actor, 'job_title.read');
  const org = actor.organizationId;
  const titles = await listJobTitles(ctx.db.kysely, org, options.q?.trim() || undefined);
  if (!options.withHolders) return titles.map((jobTitle) => ({ jobTitle }));
  const holders = await findHoldersOfJobTitles(
    ctx.db.kysely,
    org,
    titles.map((t) => t.id),
  );
  return titles.map((jobTitle) => ({ jobTitle, holders: holders.get(jobTitle.id) ?? [] }));
}

export async function createJobTitle(ctx: AppContext, actor: MemberActor, title: string | undefined) {
  assertCan(actor, 'job_title.manage');
  const clean = validateJobTitle(title);
  return asDuplicate(
    () =>
      inTransaction(ctx, async (tx) => {
        if (await findJobTitleByTitle(tx.db.kysely, actor.organizationId, clean)) throw titleTaken();
        const now = nowIso(tx);
        const jobTitle: JobTitle = {
          id: newHexId(),
          organizationId: actor.organizationId,
          title: clean,
          createdAt: now,
          updatedAt: now,
          deletedAt: null,
        };
        await insertJobTitle(tx.db.kysely, jobTitle);
        await recordJobTitle(tx, actor, jobTitle, 'created', { newValue: { title: clean } });
        return jobTitle;
      }),
    titleTaken,
  );
}

export async function updateJobTitle(
  ctx: AppContext,
  actor: MemberActor,
  jobTitleId: string,
  title: string | undefined,
) {
  assertCan(actor, 'job_title.manage');
  const clean = validateJobTitle(title);
  return asDuplicate(
    () =>
      inTransaction(ctx, async (tx) => {
        const org = actor.organizationId;
        const before = (await findJobTitlesByIds(tx.db.kysely, org, [jobTitleId])).get(jobTitleId);
        if (!before) throw jobTitleNotFound();
        const other = await findJobTitleByTitle(tx.db.kysely, org, clean);
        if (other && other.id !== before.id) throw titleTaken();
        const now = nowIso(tx);
        await renameJobTitle(tx.db.kysely, org, before.id, clean, now);
        const after: JobTitle = { ...before, title: clean, updatedAt: now };
        await recordJobTitle(tx, actor, after, 'updated', {
          oldValue: { title: before.title },
          newValue: { title: clean },
        });
        return after;
      }),
    titleTaken,
  );
}

export async function deleteJobTitle(ctx: AppContext, actor: MemberActor, jobTitleId: string) {
  assertCan(actor, 'job_title.manage');
  await inTransaction(ctx, async (tx) => {
    const org = actor.organizationId;
    const jobTitle = (await findJobTitlesByIds(tx.db.kysely, org, [jobTitleId])).get(jobTitleId);
    if (!jobTitle) throw jobTitleNotFound();
    const now = nowIso(tx);
    await deleteJobTitleRows(tx.db.kysely, org, jobTitle.id, now);
    // Like a deleted group: the tasks it was on lose it (steps keep the id, which assigns nobody).
    await removeOwnerFromAllTasks(tx.db.kysely, org, 'role', jobTitle.id);
    await recordJobTitle(tx, actor, { ...jobTitle, deletedAt: now }, 'deleted', {
      oldValue: { title: jobTitle.title },
    });
  });
}

/** The event body of a job title change (webhook subscribers receive it). */
export function jobTitleEventPayload(jobTitle: JobTitle) {
  return {
    organization_role: {
      id: jobTitle.id,
      title: jobTitle.title,
      created_at: jobTitle.createdAt,
      deleted_at: jobTitle.deletedAt,
    },
  };
}

async function recordJobTitle(
  tx: AppContext,
  actor: MemberActor,
  jobTitle: JobTitle,
  verb: 'created' | 'updated' | 'deleted',
  values: { oldValue?: unknown; newValue?: unknown },
): Promise<void> {
  await recordActivities(tx, jobTitle.organizationId, actorRef(actor), [
    { action: verb, objectType: 'organization_role', objectId: jobTitle.id, ...values },
  ]);
  await appendEvents(tx, jobTitle.organizationId, [
    {
      name: `organization_role.${verb}`,
      processId: null,
      taskId: null,
      payload: jobTitleEventPayload(jobTitle),
      actor: actorRef(actor),
    },
  ]);
}

/** A member to give a job title (the wire's role object: `subject_type` User). */
export interface JobTitleHolderInput {
  jobTitleId: string;
  subjectType: RoleObject['subjectType'];
  subjectId: number;
}

/** Gives a member a job title; giving one they hold already answers the existing row. */
export async function addJobTitleHolder(
  ctx: AppContext,
  actor: MemberActor,
  input: JobTitleHolderInput,
): Promise<RoleObject> {
  assertCan(actor, 'job_title.manage');
  return inTransaction(ctx, async (tx) => addHolder(tx, actor, input));
}

/**
 * Sets exactly which job titles each listed member holds (the bulk route adds the missing
 * ones and removes the others), all in one transaction.
 */
export async function setJobTitlesOfMembers(
  ctx: AppContext,
  actor: MemberActor,
  entries: ReadonlyArray<{
    jobTitleIds: string[];
    subjectType: RoleObject['subjectType'];
    subjectId: number;
  }>,
): Promise<RoleObject[]> {
  assertCan(actor, 'job_title.manage');
  return inTransaction(ctx, async (tx) => {
    const org = actor.organizationId;
    const result: RoleObject[] = [];
    for (const entry of entries) {
      const held =
        (await findJobTitlesOfUsers(tx.db.kysely, org, [entry.subjectId])).get(entry.subjectId) ?? [];
      for (const jobTitle of held) {
        if (entry.jobTitleIds.includes(jobTitle.id)) continue;
        const row = await findRoleObject(tx.db.kysely, org, {
          jobTitleId: jobTitle.id,
          subjectType: 'user',
          subjectId: String(entry.subjectId),
        });
        if (row) await removeHolder(tx, actor, row);
      }
      for (const jobTitleId of entry.jobTitleIds) {
        result.push(
          await addHolder(tx, actor, {
            jobTitleId,
            subjectType: entry.subjectType,
            subjectId: entry.subjectId,
          }),
        );
      }
    }
    return result;
  });
}

/** Takes a job title off the member holding it (`DELETE roles-object/{id}`). */
export async function removeRoleObject(ctx: AppContext, actor: MemberActor, id: number): Promise<void> {
  assertCan(actor, 'job_title.manage');
  await inTransaction(ctx, async (tx) => {
    const row = await findRoleObject(tx.db.kysely, actor.organizationId, { id });
    if (!row) throw notFound('ROLE_OBJECT_NOT_FOUND', 'Role object');
    await removeHolder(tx, actor, row);
  });
}

async function addHolder(
  tx: AppContext,
  actor: MemberActor,
  input: JobTitleHolderInput,
): Promise<RoleObject> {
  const org = actor.organizationId;
  const jobTitle = (await findJobTitlesByIds(tx.db.kysely, org, [input.jobTitleId])).get(input.jobTitleId);
  if (!jobTitle) throw jobTitleNotFound();
  const member = await findMember(tx.db.kysely, org, input.subjectId);
  if (!member) throw notFound('MEMBER_NOT_FOUND', 'Member');
  const subject = {
    jobTitleId: jobTitle.id,
    subjectType: input.subjectType,
    subjectId: String(member.user.id),
  };
  const existing = await findRoleObject(tx.db.kysely, org, subject);
  if (existing) return existing;
  const row = await insertRoleObject(tx.db.kysely, {
    organizationId: org,
    ...subject,
    createdAt: nowIso(tx),
  });
  await recordHolder(tx, actor, jobTitle, row, 'assigned');
  return row;
}

async function removeHolder(tx: AppContext, actor: MemberActor, row: RoleObject): Promise<void> {
  const org = actor.organizationId;
  await deleteRoleObject(tx.db.kysely, org, row.id);
  const jobTitle = (await findJobTitlesByIds(tx.db.kysely, org, [row.jobTitleId])).get(row.jobTitleId);
  if (jobTitle) await recordHolder(tx, actor, jobTitle, row, 'unassigned');
}

async function recordHolder(
  tx: AppContext,
  actor: MemberActor,
  jobTitle: JobTitle,
  row: RoleObject,
  verb: 'assigned' | 'unassigned',
): Promise<void> {
  const value = { organization_role: jobTitle.id, user_id: Number(row.subjectId) };
  await recordActivities(tx, jobTitle.organizationId, actorRef(actor), [
    {
      action: verb,
      objectType: 'organization_role',
      objectId: jobTitle.id,
      ...(verb === 'assigned' ? { newValue: value } : { oldValue: value }),
    },
  ]);
  await appendEvents(tx, jobTitle.organizationId, [
    {
      name: `organization_role.${verb}`,
      processId: null,
      taskId: null,
      payload: { ...jobTitleEventPayload(jobTitle), user_id: Number(row.subjectId) },
      actor: actorRef(actor),
    },
  ]);
}
