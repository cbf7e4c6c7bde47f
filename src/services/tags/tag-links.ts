/**
 * Putting tags on templates, steps, processes and tasks, and taking them off: the caller
 * must be allowed to change the object, and both the tag and the object must be of the
 * caller's organization.
 */

import {
  deleteTagLink,
  findTagLinkById,
  insertTagLink,
  replaceTagsOfSubjects,
  syncProcessTagIds,
} from '../../db/repositories/tag-links-repository.js';
import { findTagById, findTagsByIds } from '../../db/repositories/tags-repository.js';
import { findTemplateIdOfStep } from '../../db/repositories/template-steps-repository.js';
import { findTemplateById } from '../../db/repositories/templates-repository.js';
import { type FieldErrorCollector, notFound } from '../../domain/errors.js';
import { assertCan } from '../../domain/policy.js';
import type { TagAttachment, TagSubjectType } from '../../domain/tags.js';
import { type AppContext, inTransaction, type MemberActor, nowIso } from '../context.js';
import { actorRef, appendEvents, recordActivities } from '../events/record.js';
import { getProcess } from '../processes/get-process.js';
import { assertTaskAction, findVisibleTask, loadCaller } from '../tasks/task-access.js';
import { tagEventPayload, tagNotFound } from './tags.js';

export type { TagAttachment };

const subjectNotFound = () => notFound('TAG_SUBJECT_NOT_FOUND', 'Tagged object');
const linkNotFound = () => notFound('TAG_LINK_NOT_FOUND', 'Tag link');

export interface AttachTagInput {
  tagId: string;
  subjectType: TagSubjectType;
  subjectId: string;
}

export async function attachTag(
  ctx: AppContext,
  actor: MemberActor,
  input: AttachTagInput,
): Promise<TagAttachment> {
  return inTransaction(ctx, async (tx) => {
    const tag = await findTagById(tx.db.kysely, actor.organizationId, input.tagId);
    if (!tag) throw tagNotFound();
    const processId = await assertCanChangeSubject(tx, actor, input.subjectType, input.subjectId);
    const link = await insertTagLink(tx.db.kysely, actor.organizationId, input, nowIso(tx));
    if (link.subjectType === 'process')
      await syncProcessTagIds(tx.db.kysely, actor.organizationId, [link.subjectId]);
    await recordLink(tx, actor, { link, tag }, 'tagged', processId);
    return { link, tag };
  });
}

export async function detachTag(ctx: AppContext, actor: MemberActor, linkId: number): Promise<TagAttachment> {
  return inTransaction(ctx, async (tx) => {
    const link = await findTagLinkById(tx.db.kysely, actor.organizationId, linkId);
    if (!link) throw linkNotFound();
    const processId = await assertCanChangeSubject(tx, actor, link.subjectType, link.subjectId);
    const tag = await findTagById(tx.db.kysely, actor.organizationId, link.tagId, { includeArchived: true });
    if (!tag) throw linkNotFound();
    await deleteTagLink(tx.db.kysely, actor.organizationId, link.id);
    if (link.subjectType === 'process')
      await syncProcessTagIds(tx.db.kysely, actor.organizationId, [link.subjectId]);
    await recordLink(tx, actor, { link, tag }, 'untagged', processId);
    return { link, tag };
  });
}

/**
 * Checks tag ids given with a launch or a new one-off task: each must be a tag of the
 * organization (not archived). Unknown ids are added to `errors` under `field`.
 */
export async function checkTagIds(
  ctx: AppContext,
  organizationId: string,
  tagIds: readonly string[] | undefined,
  errors: FieldErrorCollector,
  field = 'tags',
): Promise<string[]> {
  if (!tagIds?.length) return [];
  const unique = [...new Set(tagIds)];
  const found = await findTagsByIds(ctx.db.kysely, organizationId, unique);
  const unknown = unique.filter((id) => !found.has(id));
  if (unknown.length) errors.add(field, `Unknown tags: ${unknown.join(', ')}.`);
  return unique.filter((id) => found.has(id));
}

/** Puts checked tags on new objects, in the caller's transaction (launch, one-off task). */
export async function tagNewSubjects(
  tx: AppContext,
  organizationId: string,
  subjectType: TagSubjectType,
  subjectIds: readonly string[],
  tagIds: readonly string[],
): Promise<void> {
  if (tagIds.length === 0) return;
  await replaceTagsOfSubjects(tx.db.kysely, organizationId, subjectType, subjectIds, tagIds, nowIso(tx));
}

/** Makes a process's tags exactly these (checked) ids: links and the process's copy of them. */
export async function replaceProcessTags(
  tx: AppContext,
  organizationId: string,
  processId: string,
  tagIds: readonly string[],
): Promise<void> {
  await replaceTagsOfSubjects(tx.db.kysely, organizationId, 'process', [processId], tagIds, nowIso(tx));
  await syncProcessTagIds(tx.db.kysely, organizationId, [processId]);
}

/** 404 when the object is not the caller's to see, 403 when it may not change it; its process. */
async function assertCanChangeSubject(
  tx: AppContext,
  actor: MemberActor,
  type: TagSubjectType,
  id: string,
): Promise<string | null> {
  const org = actor.organizationId;
  switch (type) {
    case 'template': {
      const template = await findTemplateById(tx.db.kysely, org, id);
      if (!template) throw subjectNotFound();
      assertCan(actor, 'template.edit');
      return null;
    }
    case 'step': {
      if (!(await findTemplateIdOfStep(tx.db.kysely, org, id))) throw subjectNotFound();
      assertCan(actor, 'template.edit');
      return null;
    }
    case 'process': {
      const process = await getProcess(tx, actor, id).catch(() => {
        throw subjectNotFound();
      });
      assertCan(actor, 'process.update');
      return process.id;
    }
    case 'task': {
      const caller = await loadCaller(tx, actor);
      const task = await findVisibleTask(tx, caller, id).catch(() => {
        throw subjectNotFound();
      });
      assertTaskAction(caller, 'task.update', task);
      return task.processId;
    }
  }
}

async function recordLink(
  tx: AppContext,
  actor: MemberActor,
  { link, tag }: TagAttachment,
  verb: 'tagged' | 'untagged',
  processId: string | null,
): Promise<void> {
  await recordActivities(tx, actor.organizationId, actorRef(actor), [
    {
      action: verb,
      objectType: link.subjectType,
      objectId: link.subjectId,
      processId,
      taskId: link.subjectType === 'task' ? link.subjectId : null,
      field: 'tags',
      newValue: { tag_id: tag.id, title: tag.title },
    },
  ]);
  await appendEvents(tx, actor.organizationId, [
    {
      name: verb === 'tagged' ? 'tag.attached' : 'tag.detached',
      // Not sequenced with the process's own events: tagging takes no process lock.
      processId: null,
      taskId: null,
      payload: {
        ...tagEventPayload(tag),
        subject: { type: link.subjectType, id: link.subjectId },
        link_id: link.id,
      },
    },
  ]);
}
