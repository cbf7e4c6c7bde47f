/**
 * `with=tags` (and the folder includes) for any resource: one loader per answer, one query
 * for all its items; the loaded records are shaped by the pure presenters.
 */
import type { TagSubjectType } from '../domain/tags.js';
import type { AppContext } from '../services/context.js';
import { loadTagsOfSubjects } from '../services/tags/tag-includes.js';
import { type IncludeLoader, wrap } from './includes.js';
import { presentTagLink } from './presenters/present-tag.js';

/** `tags: {data: [{id, tag_id, title, color}]}` of each item. */
export function tagsInclude<T>(
  ctx: AppContext,
  organizationId: string,
  subjectType: TagSubjectType,
  idOf: (item: T) => string,
): IncludeLoader<T> {
  return async (items) => {
    const tags = await loadTagsOfSubjects(ctx, organizationId, subjectType, items.map(idOf));
    return (item) => ({
      tags: wrap((tags.get(idOf(item)) ?? []).map(({ link, tag }) => presentTagLink(link, tag))),
    });
  };
}
