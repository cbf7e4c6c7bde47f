/**
 * Folders: one tree per kind of content. Checklist folders hold templates (a template names
 * its folder); run folders hold processes and tasks (as folder objects). Deleting a folder
 * never deletes what is in it: contents leave the folder, sub-folders move up one level.
 */
import { FieldErrorCollector } from './errors.js';

export const FOLDER_NAME_MAX = 200;

export type FolderType = 'checklist' | 'run';
export type FolderSubjectType = 'process' | 'task';

export interface Folder {
  id: string;
  organizationId: string;
  folderType: FolderType;
  name: string;
  parentId: string | null;
  position: number;
  createdAt: string;
  updatedAt: string;
}

export interface FolderObject {
  id: number;
  folderId: string;
  subjectType: FolderSubjectType;
  subjectId: string;
}

/** As Tallyfy: `run` makes a run folder; anything else a checklist folder. */
export const folderTypeOf = (wire: string | undefined): FolderType => (wire === 'run' ? 'run' : 'checklist');

/** The wire's `subject_type` of a folder object (`Run`, `Task`, any case). */
export function folderSubjectTypeOf(wire: string): FolderSubjectType | undefined {
  const lower = wire.toLowerCase();
  if (lower === 'run' || lower === 'process') return 'process';
  if (lower === 'task') return 'task';
  return undefined;
}

export function validateFolderName(raw: string | undefined, required: boolean): string | undefined {
  if (raw === undefined && !required) return undefined;
  const errors = new FieldErrorCollector();
  const name = raw?.trim() ?? '';
  if (!name) errors.add('name', 'The name field is required.');
  else if (name.length > FOLDER_NAME_MAX)
    errors.add('name', `The name may not be greater than ${FOLDER_NAME_MAX} characters.`);
  errors.throwIfAny();
  return name;
}

/** The folder and every folder below it, from the whole tree of its kind. */
export function folderWithDescendants(tree: readonly Folder[], rootId: string): string[] {
  const children = childrenIndex(tree);
  const out: string[] = [];
  const stack = [rootId];
  while (stack.length) {
    const id = stack.pop() as string;
    if (out.includes(id)) continue;
    out.push(id);
    stack.push(...(children.get(id) ?? []).map((f) => f.id));
  }
  return out;
}

/** True when making `parentId` the parent of `folderId` would put the folder inside itself. */
export function wouldCycle(tree: readonly Folder[], folderId: string, parentId: string): boolean {
  return folderWithDescendants(tree, folderId).includes(parentId);
}

export function childrenIndex(tree: readonly Folder[]): Map<string | null, Folder[]> {
  const index = new Map<string | null, Folder[]>();
  for (const f of tree) index.set(f.parentId, [...(index.get(f.parentId) ?? []), f]);
  for (const list of index.values())
    list.sort((a, b) => a.position - b.position || a.name.localeCompare(b.name));
  return index;
}

/** An object as filed in one folder. */
export interface FiledObject {
  object: FolderObject;
  folder: Folder;
}
