/**
 * `with=tags` (and the folder includes) for any resource: one loader per answer, one query
 * for all its items; the loaded records are shaped by the pure presenters.
 */
import type { FolderSubjectType } from '../domain/folders.js';
import type { TagSubjectType } from '../domain/tags.js';
import type { AppContext } from '../services/context.js';
import { loadFoldersByIds, loadFoldersOfSubjects } from '../services/folders/folder-includes.js';
import { loadTagsOfSubjects } from '../services/tags/tag-includes.js';
import { type IncludeLoader, wrap } from './includes.js';
import { presentFolder, presentFolderObject } from './presenters/present-folder.js';
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

/** A template's `folder: {data: folder | null}` from its `folder_id`. */
export function folderInclude<T>(
  ctx: AppContext,
  organizationId: string,
  folderIdOf: (item: T) => string | null,
): IncludeLoader<T> {
  return async (items) => {
    const ids = items.map(folderIdOf).filter((id): id is string => id !== null);
    const folders = await loadFoldersByIds(ctx, organizationId, ids);
    return (item) => {
      const folder = folders.get(folderIdOf(item) ?? '');
      return { folder: wrap(folder ? presentFolder(folder, 0) : null) };
    };
  };
}

/** `folders: {data: [...]}`: the run folders a process or task is filed in. */
export function foldersInclude<T>(
  ctx: AppContext,
  organizationId: string,
  subjectType: FolderSubjectType,
  idOf: (item: T) => string,
): IncludeLoader<T> {
  return async (items) => {
    const filed = await loadFoldersOfSubjects(ctx, organizationId, subjectType, items.map(idOf));
    return (item) => ({
      folders: wrap(
        (filed.get(idOf(item)) ?? []).map(({ object, folder }) => presentFolderObject(object, folder)),
      ),
    });
  };
}
