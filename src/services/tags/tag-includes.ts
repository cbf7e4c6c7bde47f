/** Tags of many objects at once, for `with=tags` on templates, processes, steps and tasks. */
import { findTagsOfSubjects } from '../../db/repositories/tag-links-repository.js';
import type { TagSubjectType } from '../../domain/tags.js';
import type { AppContext } from '../context.js';
import type { TagAttachment } from './tag-links.js';

/** One query for the whole answer; every id asked for is a key (possibly with []). */
export function loadTagsOfSubjects(
  ctx: AppContext,
  organizationId: string,
  subjectType: TagSubjectType,
  subjectIds: readonly string[],
): Promise<Map<string, TagAttachment[]>> {
  return findTagsOfSubjects(ctx.db.kysely, organizationId, subjectType, subjectIds);
}
