/** Folder use cases: create, rename, move, delete (never the contents), read and list. */

import {
  findProcessIdsInFolder,
  syncProcessFolderIds,
} from '../../db/repositories/folder-objects-repository.js';
import {
  countFolderContents,
  deleteFolderRow,
  findFolderById,
  findFolderTree,
  insertFolder,
  updateFolderRow,
} from '../../db/repositories/folders-repository.js';
import { invalidFields, notFound, rejected } from '../../domain/errors.js';
import {
  childrenIndex,
  type Folder,
  type FolderType,
  folderWithDescendants,
  validateFolderName,
  wouldCycle,
} from '../../domain/folders.js';
import { newHexId } from '../../domain/ids.js';
import { type Page, type PageRequest, toPage } from '../../domain/pagination.js';
import { assertCan } from '../../domain/policy.js';
import { type AppContext, inTransaction, type MemberActor, nowIso } from '../context.js';
import { actorRef, appendEvents, recordActivities } from '../events/record.js';

export const folderNotFound = () => notFound('FOLDER_NOT_FOUND', 'Folder');

/** A folder as written by a caller; `parentId: null` moves it to the top level. */
export interface FolderInput {
  name?: string | undefined;
  folderType?: FolderType | undefined;
  parentId?: string | null | undefined;
  position?: number | undefined;
}

export const FOLDER_SORTS = ['title', 'updated', 'position', 'popular'] as const;
export type FolderSort = { field: (typeof FOLDER_SORTS)[number]; direction: 'asc' | 'desc' };

export interface FolderListInput {
  folderType: FolderType;
  /** Only the children of this folder; undefined: the top level, unless `q` searches them all. */
  parentId?: string | undefined;
  q?: string | undefined;
  sort: FolderSort;
}

/** A folder, how many things it holds directly, and the tree of its kind for includes. */
export interface FolderView {
  folder: Folder;
  total: number;
  /** Every folder of the same kind, with their totals (children and parent come from here). */
  tree: FolderTree;
}

export interface FolderTree {
  folders: readonly Folder[];
  totals: ReadonlyMap<string, number>;
}

export async function createFolder(
  ctx: AppContext,
  actor: MemberActor,
  input: FolderInput,
): Promise<FolderView> {
  assertCan(actor, 'folder.manage');
  const name = validateFolderName(input.name, true) as string;
  const folderType = input.folderType ?? 'checklist';
  const folder = await inTransaction(ctx, async (tx) => {
    const org = actor.organizationId;
    const tree = await findFolderTree(tx.db.kysely, org, folderType);
    const parentId = input.parentId ?? null;
    if (parentId !== null && !tree.some((f) => f.id === parentId)) throw parentNotFound();
    const siblings = tree.filter((f) => f.parentId === parentId);
    const now = nowIso(tx);
    const created: Folder = {
      id: newHexId(),
      organizationId: org,
      folderType,
      name,
      parentId,
      position: input.position ?? Math.max(0, ...siblings.map((f) => f.position)) + 1,
      createdAt: now,
      updatedAt: now,
    };
    await insertFolder(tx.db.kysely, created, actor.userId);
    await recordFolder(tx, actor, created, 'created', { newValue: { name, parent_id: parentId } });
    return created;
  });
  return viewOf(ctx, folder);
}

/** Renames, moves (`parentId`) or reorders (`position`) a folder; never into itself. */
export async function updateFolder(
  ctx: AppContext,
  actor: MemberActor,
  folderId: string,
  input: FolderInput,
): Promise<FolderView> {
  assertCan(actor, 'folder.manage');
  const name = validateFolderName(input.name, false);
  const folder = await inTransaction(ctx, async (tx) => {
    const org = actor.organizationId;
    const before = await findFolderById(tx.db.kysely, org, folderId);
    if (!before) throw folderNotFound();
    const changes: { name?: string; parentId?: string | null; position?: number } = {};
    if (name !== undefined) changes.name = name;
    if (input.position !== undefined) changes.position = input.position;
    if (input.parentId !== undefined && input.parentId !== before.parentId) {
      const tree = await findFolderTree(tx.db.kysely, org, before.folderType);
      if (input.parentId !== null) {
        if (!tree.some((f) => f.id === input.parentId)) throw parentNotFound();
        if (wouldCycle(tree, before.id, input.parentId)) {
          throw rejected('FOLDER_CYCLE', 'A folder cannot be moved into itself or one of its sub-folders.');
        }
      }
      changes.parentId = input.parentId;
    }
    const now = nowIso(tx);
    await updateFolderRow(tx.db.kysely, org, before.id, changes, now);
    const after: Folder = { ...before, ...changes, updatedAt: now };
    await recordFolder(tx, actor, after, changes.parentId !== undefined ? 'moved' : 'updated', {
      oldValue: { name: before.name, parent_id: before.parentId, position: before.position },
      newValue: { name: after.name, parent_id: after.parentId, position: after.position },
    });
    return after;
  });
  return viewOf(ctx, folder);
}

/** Deletes a folder; its sub-folders move up a level and its contents stay where they were. */
export async function deleteFolder(ctx: AppContext, actor: MemberActor, folderId: string): Promise<void> {
  assertCan(actor, 'folder.manage');
  await inTransaction(ctx, async (tx) => {
    const org = actor.organizationId;
    const folder = await findFolderById(tx.db.kysely, org, folderId);
    if (!folder) throw folderNotFound();
    const processes = await findProcessIdsInFolder(tx.db.kysely, org, folder.id);
    await deleteFolderRow(tx.db.kysely, folder, nowIso(tx));
    await syncProcessFolderIds(tx.db.kysely, org, processes);
    await recordFolder(tx, actor, folder, 'deleted', { oldValue: { name: folder.name } });
  });
}

export async function getFolder(ctx: AppContext, actor: MemberActor, folderId: string): Promise<FolderView> {
  assertCan(actor, 'folder.read');
  const folder = await findFolderById(ctx.db.kysely, actor.organizationId, folderId);
  if (!folder) throw folderNotFound();
  return viewOf(ctx, folder);
}

/** A page of one kind's folders: the top level (or a folder's children), or all matching `q`. */
export async function listFolders(
  ctx: AppContext,
  actor: MemberActor,
  input: FolderListInput,
  page: PageRequest,
): Promise<Page<FolderView>> {
  assertCan(actor, 'folder.read');
  const tree = await loadTree(ctx, actor.organizationId, input.folderType);
  const q = input.q?.trim().toLowerCase();
  let items = tree.folders.filter((f) =>
    q ? f.name.toLowerCase().includes(q) : f.parentId === (input.parentId ?? null),
  );
  if (q && input.parentId) items = items.filter((f) => f.parentId === input.parentId);
  items = [...items].sort(comparator(input.sort, tree.totals));
  const window = page.all ? items : items.slice((page.page - 1) * page.perPage, page.page * page.perPage);
  const views = window.map((folder) => ({ folder, total: tree.totals.get(folder.id) ?? 0, tree }));
  return toPage(page, views, items.length);
}

/**
 * A folder and every folder below it, for the `entire_folder_tree` list filters; unknown
 * ids stay as given (the filter then simply matches nothing).
 */
export async function expandFolderTree(
  ctx: AppContext,
  organizationId: string,
  folderType: FolderType,
  folderIds: readonly string[],
): Promise<string[]> {
  if (folderIds.length === 0) return [];
  const tree = await findFolderTree(ctx.db.kysely, organizationId, folderType);
  return [...new Set(folderIds.flatMap((id) => folderWithDescendants(tree, id)))];
}

/** Sub-folders in position order, for `with=children`. */
export function childrenOf(tree: FolderTree): Map<string | null, Folder[]> {
  return childrenIndex(tree.folders);
}

function comparator(sort: FolderSort, totals: ReadonlyMap<string, number>) {
  const sign = sort.direction === 'desc' ? -1 : 1;
  return (a: Folder, b: Folder) => {
    let d = 0;
    if (sort.field === 'title') d = a.name.localeCompare(b.name);
    else if (sort.field === 'updated') d = a.updatedAt.localeCompare(b.updatedAt);
    else if (sort.field === 'popular') d = (totals.get(a.id) ?? 0) - (totals.get(b.id) ?? 0);
    else d = a.position - b.position;
    return sign * d || a.id.localeCompare(b.id);
  };
}

async function loadTree(
  ctx: AppContext,
  organizationId: string,
  folderType: FolderType,
): Promise<FolderTree> {
  const folders = await findFolderTree(ctx.db.kysely, organizationId, folderType);
  const totals = await countFolderContents(
    ctx.db.kysely,
    organizationId,
    folderType,
    folders.map((f) => f.id),
  );
  return { folders, totals };
}

async function viewOf(ctx: AppContext, folder: Folder): Promise<FolderView> {
  const tree = await loadTree(ctx, folder.organizationId, folder.folderType);
  return { folder, total: tree.totals.get(folder.id) ?? 0, tree };
}

/** A template's `folder_id` must name a checklist folder of its organization (422 otherwise). */
export async function assertChecklistFolder(ctx: AppContext, organizationId: string, folderId: string) {
  const folder = await findFolderById(ctx.db.kysely, organizationId, folderId);
  if (folder?.folderType !== 'checklist') {
    throw invalidFields('UNKNOWN_FOLDERS', {
      folder_id: ['The folder_id must be a checklist folder of this organization.'],
    });
  }
}

const parentNotFound = () => notFound('FOLDER_NOT_FOUND', 'Parent folder');

/** The event body of a folder change. */
export function folderEventPayload(folder: Folder) {
  return {
    folder: {
      id: folder.id,
      name: folder.name,
      folder_type: folder.folderType,
      parent_id: folder.parentId,
      position: folder.position,
    },
  };
}

async function recordFolder(
  tx: AppContext,
  actor: MemberActor,
  folder: Folder,
  verb: 'created' | 'updated' | 'moved' | 'deleted',
  values: { oldValue?: unknown; newValue?: unknown },
): Promise<void> {
  await recordActivities(tx, folder.organizationId, actorRef(actor), [
    { action: verb, objectType: 'folder', objectId: folder.id, ...values },
  ]);
  await appendEvents(tx, folder.organizationId, [
    { name: `folder.${verb}`, processId: null, taskId: null, payload: folderEventPayload(folder) },
  ]);
}
