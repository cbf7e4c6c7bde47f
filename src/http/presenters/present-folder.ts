import { type TSchema, Type } from 'typebox';
import type { Folder, FolderObject } from '../../domain/folders.js';
import { IsoDate, Nullable } from '../schemas/common.js';

const FolderFields = {
  id: Type.String(),
  name: Type.String(),
  folder_type: Type.String(),
  parent_id: Nullable(Type.String()),
  position: Type.Integer(),
  total: Type.Integer(),
  created_at: IsoDate,
  updated_at: IsoDate,
};

/** Sub-folders nest to any depth under `with=children`. */
const Child: TSchema = Type.Object(
  { ...FolderFields, children: Type.Optional(Type.Object({ data: Type.Array(Type.Unknown()) })) },
  { additionalProperties: false },
);

/** The spec's Folder; `children` (recursive) and `parent` only when asked for. */
export const FolderSchema = Type.Object(
  {
    ...FolderFields,
    children: Type.Optional(Type.Object({ data: Type.Array(Child) })),
    parent: Type.Optional(Type.Object({ data: Nullable(Type.Object(FolderFields)) })),
  },
  { additionalProperties: false },
);

/** The spec's addIntoFolderResponse. */
export const FolderObjectSchema = Type.Object(
  {
    id: Type.Integer(),
    folder_id: Type.String(),
    folder_name: Type.String(),
    folder_position: Type.Integer(),
    folder_parent_id: Nullable(Type.String()),
    subject_id: Type.String(),
    subject_type: Type.String(),
  },
  { additionalProperties: false },
);

export function presentFolder(folder: Folder, total: number) {
  return {
    id: folder.id,
    name: folder.name,
    folder_type: folder.folderType,
    parent_id: folder.parentId,
    position: folder.position,
    total,
    created_at: folder.createdAt,
    updated_at: folder.updatedAt,
  };
}

export interface FolderTreeData {
  children: ReadonlyMap<string | null, readonly Folder[]>;
  totals: ReadonlyMap<string, number>;
}

/** A folder with its sub-folders, theirs below them, to the bottom of the tree. */
export type PresentedFolder = ReturnType<typeof presentFolder> & { children: { data: PresentedFolder[] } };

export function presentFolderWithChildren(
  folder: Folder,
  tree: FolderTreeData,
  seen = new Set<string>(),
): PresentedFolder {
  seen.add(folder.id);
  const kids = (tree.children.get(folder.id) ?? []).filter((f) => !seen.has(f.id));
  return {
    ...presentFolder(folder, tree.totals.get(folder.id) ?? 0),
    children: { data: kids.map((k): PresentedFolder => presentFolderWithChildren(k, tree, seen)) },
  };
}

const WIRE_SUBJECT = { process: 'Run', task: 'Task' } as const;

export function presentFolderObject(object: FolderObject, folder: Folder) {
  return {
    id: object.id,
    folder_id: folder.id,
    folder_name: folder.name,
    folder_position: folder.position,
    folder_parent_id: folder.parentId,
    subject_id: object.subjectId,
    subject_type: WIRE_SUBJECT[object.subjectType],
  };
}
