/** Folder request bodies and queries (wire) → typed inputs of the folder services. */
import type { Static } from 'typebox';
import { invalidFields } from '../../domain/errors.js';
import { folderSubjectTypeOf, folderTypeOf } from '../../domain/folders.js';
import { parseSort } from '../../domain/pagination.js';
import type { AddToFolderInput } from '../../services/folders/folder-objects.js';
import {
  FOLDER_SORTS,
  type FolderInput,
  type FolderListInput,
  type FolderSort,
} from '../../services/folders/folders.js';
import type { AddObjectBody, FolderBody, FolderListQuery } from './folders.schemas.js';

const positionOf = (raw: number | string | undefined) => (raw === undefined ? undefined : Number(raw));

/** `folder_type` is read on create only: a folder's kind never changes. */
export function createFolderInputOf(body: Static<typeof FolderBody>): FolderInput {
  return {
    name: body.name,
    folderType: folderTypeOf(body.folder_type),
    parentId: body.parent_id || null,
    position: positionOf(body.position),
  };
}

export function updateFolderInputOf(body: Static<typeof FolderBody>): FolderInput {
  return {
    name: body.name,
    parentId: body.parent_id === undefined ? undefined : body.parent_id || null,
    position: positionOf(body.position),
  };
}

export function folderListInputOf(query: Static<typeof FolderListQuery>): FolderListInput {
  const sort = parseSort(query.sort, FOLDER_SORTS, { field: 'position', direction: 'asc' }) as FolderSort;
  return { folderType: folderTypeOf(query.folder_type), parentId: query.parent_id, q: query.q, sort };
}

export function addObjectInputOf(body: Static<typeof AddObjectBody>): AddToFolderInput {
  const subjectType = folderSubjectTypeOf(body.subject_type);
  if (!subjectType)
    throw invalidFields('VALIDATION_FAILED', { subject_type: ['The subject_type must be Run or Task.'] });
  return { folderId: body.folder_id, subjectType, subjectId: body.subject_id };
}
