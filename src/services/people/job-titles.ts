/**
 * Job titles (the wire's organization roles): create, rename, delete and list them. Any
 * member reads them; administrators manage them. Deleting one takes it off its holders,
 * steps, tasks and permission lists.
 */
import {
  deleteJobTitle as deleteJobTitleRows,
  findHoldersOfJobTitles,
  findJobTitleByTitle,
  findJobTitlesByIds,
  insertJobTitle,
  listJobTitles,
  renameJobTitle,
} from '../../db/repositories/job-titles-repository.js';
import { notFound, rejected } from '../../domain/errors.js';
import { newHexId } from '../../domain/ids.js';
import { type JobTitle, validateJobTitle } from '../../domain/job-titles.js';
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
