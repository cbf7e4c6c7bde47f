/** Tags put on templates, processes, steps and tasks (`tag_links`); scoped by organization. */

import type { ExpressionBuilder } from 'kysely';
import type { Tag, TagLink, TagSubjectType } from '../../domain/tags.js';
import type { Db } from '../database.js';
import { toJson } from '../dialect.js';
import type { Database } from '../schema.js';
import { toTag } from './tags-repository.js';

/** Puts a tag on a subject once: a second attach answers the existing link. */
export async function insertTagLink(
  db: Db,
  organizationId: string,
  link: Omit<TagLink, 'id'>,
  now: string,
): Promise<TagLink> {
  await db
    .insertInto('tag_links')
    .values({
      organization_id: organizationId,
      tag_id: link.tagId,
      subject_type: link.subjectType,
      subject_id: link.subjectId,
      created_at: now,
    })
    .onConflict((oc) => oc.columns(['organization_id', 'tag_id', 'subject_type', 'subject_id']).doNothing())
    .execute();
  const row = await db
    .selectFrom('tag_links')
    .select('id')
    .where('organization_id', '=', organizationId)
    .where('tag_id', '=', link.tagId)
    .where('subject_type', '=', link.subjectType)
    .where('subject_id', '=', link.subjectId)
    .executeTakeFirstOrThrow();
  return { ...link, id: row.id };
}

export async function findTagLinkById(
  db: Db,
  organizationId: string,
  id: number,
): Promise<TagLink | undefined> {
  const row = await db
    .selectFrom('tag_links')
    .select(['id', 'tag_id', 'subject_type', 'subject_id'])
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row
    ? { id: row.id, tagId: row.tag_id, subjectType: row.subject_type, subjectId: row.subject_id }
    : undefined;
}

export async function deleteTagLink(db: Db, organizationId: string, id: number): Promise<void> {
  await db
    .deleteFrom('tag_links')
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .execute();
}

/** Makes the subject's tags exactly these (ids already checked to be the organization's). */
export async function replaceSubjectTags(
  db: Db,
  organizationId: string,
  subjectType: TagSubjectType,
  subjectId: string,
  tagIds: readonly string[],
  now: string,
): Promise<void> {
  await replaceTagsOfSubjects(db, organizationId, subjectType, [subjectId], tagIds, now);
}

/** The same tags on several subjects (a launch's process, one-off tasks), replacing theirs. */
export async function replaceTagsOfSubjects(
  db: Db,
  organizationId: string,
  subjectType: TagSubjectType,
  subjectIds: readonly string[],
  tagIds: readonly string[],
  now: string,
): Promise<void> {
  if (subjectIds.length === 0) return;
  await db
    .deleteFrom('tag_links')
    .where('organization_id', '=', organizationId)
    .where('subject_type', '=', subjectType)
    .where('subject_id', 'in', [...subjectIds])
    .execute();
  const unique = [...new Set(tagIds)];
  if (unique.length === 0) return;
  await db
    .insertInto('tag_links')
    .values(
      subjectIds.flatMap((subjectId) =>
        unique.map((tagId) => ({
          organization_id: organizationId,
          tag_id: tagId,
          subject_type: subjectType,
          subject_id: subjectId,
          created_at: now,
        })),
      ),
    )
    .execute();
}

/** The tags (not archived) of each subject, in one query; every subject asked for is a key. */
export async function findTagsOfSubjects(
  db: Db,
  organizationId: string,
  subjectType: TagSubjectType,
  subjectIds: readonly string[],
): Promise<Map<string, Array<{ link: TagLink; tag: Tag }>>> {
  const result = new Map<string, Array<{ link: TagLink; tag: Tag }>>();
  for (const id of subjectIds) result.set(id, []);
  if (subjectIds.length === 0) return result;
  const rows = await db
    .selectFrom('tag_links')
    .innerJoin('tags', 'tags.id', 'tag_links.tag_id')
    .selectAll('tags')
    .select(['tag_links.id as link_id', 'tag_links.subject_id as link_subject_id'])
    .where('tag_links.organization_id', '=', organizationId)
    .where('tag_links.subject_type', '=', subjectType)
    .where('tag_links.subject_id', 'in', [...new Set(subjectIds)])
    .where('tags.deleted_at', 'is', null)
    .orderBy('tags.title')
    .execute();
  for (const row of rows) {
    result.get(row.link_subject_id)?.push({
      link: { id: row.link_id, tagId: row.id, subjectType, subjectId: row.link_subject_id },
      tag: toTag(row),
    });
  }
  return result;
}

/**
 * `processes.tags` is a copy of the process's tag ids kept for the process answer; the
 * links are the truth. Rewrites the copy of these processes from their links.
 */
export async function syncProcessTagIds(db: Db, organizationId: string, processIds: readonly string[]) {
  if (processIds.length === 0) return;
  const tags = await findTagIdsOfSubjects(db, organizationId, 'process', processIds);
  for (const id of new Set(processIds)) {
    await db
      .updateTable('processes')
      .set({ tags: toJson(tags.get(id) ?? []) })
      .where('organization_id', '=', organizationId)
      .where('id', '=', id)
      .execute();
  }
}

/** Tag ids linked to each subject, archived tags included (links outlive an archive). */
async function findTagIdsOfSubjects(
  db: Db,
  organizationId: string,
  subjectType: TagSubjectType,
  subjectIds: readonly string[],
): Promise<Map<string, string[]>> {
  const rows = await db
    .selectFrom('tag_links')
    .select(['subject_id', 'tag_id'])
    .where('organization_id', '=', organizationId)
    .where('subject_type', '=', subjectType)
    .where('subject_id', 'in', [...new Set(subjectIds)])
    .orderBy('id')
    .execute();
  const result = new Map<string, string[]>();
  for (const row of rows) result.set(row.subject_id, [...(result.get(row.subject_id) ?? []), row.tag_id]);
  return result;
}

/** Ids of the subjects carrying one of these tags (any tag when undefined): the link key's range. */
export function taggedSubjects(
  // biome-ignore lint/suspicious/noExplicitAny: used inside any table's where clause.
  eb: ExpressionBuilder<Database, any>,
  organizationId: string,
  subjectType: 'template' | 'process' | 'task',
  tagIds: readonly string[] | undefined,
) {
  let query = eb
    .selectFrom('tag_links')
    .select('tag_links.subject_id')
    .where('tag_links.organization_id', '=', organizationId)
    .where('tag_links.subject_type', '=', subjectType);
  if (tagIds) query = query.where('tag_links.tag_id', 'in', [...tagIds]);
  return query;
}
