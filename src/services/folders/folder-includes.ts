/** Folders of many objects at once, for `with=folder` (templates) and `with=folders` (processes, tasks). */
import { findFoldersOfSubjects } from '../../db/repositories/folder-objects-repository.js';
import { findFoldersByIds } from '../../db/repositories/folders-repository.js';
import type { Folder, FolderSubjectType } from '../../domain/folders.js';
import type { AppContext } from '../context.js';
import type { FiledObject } from './folder-objects.js';

/** The folders named by templates' `folder_id`, one query. */
export function loadFoldersByIds(
  ctx: AppContext,
  organizationId: string,
  ids: readonly string[],
): Promise<Map<string, Folder>> {
  return findFoldersByIds(ctx.db.kysely, organizationId, ids);
}

/** Where each process or task is filed, one query; every id asked for is a key. */
export function loadFoldersOfSubjects(
  ctx: AppContext,
  organizationId: string,
  subjectType: FolderSubjectType,
  subjectIds: readonly string[],
): Promise<Map<string, FiledObject[]>> {
  return findFoldersOfSubjects(ctx.db.kysely, organizationId, subjectType, subjectIds);
}
