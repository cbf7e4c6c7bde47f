/** Folders of one organization; every query is scoped by it. */
import type { Selectable } from 'kysely';
import type { Folder, FolderType } from '../../domain/folders.js';
import type { Db } from '../database.js';
import { toInt } from '../dialect.js';
import type { FoldersTable } from '../tables/organize.js';

export function toFolder(row: Selectable<FoldersTable>): Folder {
  return {
    id: row.id,
    organizationId: row.organization_id,
    folderType: row.folder_type,
    name: row.name,
    parentId: row.parent_id,
    position: toInt(row.position),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export async function findFolderById(
  db: Db,
  organizationId: string,
  id: string,
): Promise<Folder | undefined> {
  const row = await db
    .selectFrom('folders')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? toFolder(row) : undefined;
}

export async function findFoldersByIds(
  db: Db,
  organizationId: string,
  ids: readonly string[],
): Promise<Map<string, Folder>> {
  const result = new Map<string, Folder>();
  if (ids.length === 0) return result;
  const rows = await db
    .selectFrom('folders')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('id', 'in', [...new Set(ids)])
    .execute();
  for (const row of rows) result.set(row.id, toFolder(row));
  return result;
}

/**
 * The whole tree of one kind (an organization keeps tens to hundreds of folders): lists,
 * moves and includes work on it in memory after this one index range.
 */
export async function findFolderTree(
  db: Db,
  organizationId: string,
  folderType: FolderType,
): Promise<Folder[]> {
  const rows = await db
    .selectFrom('folders')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('folder_type', '=', folderType)
    .orderBy('parent_id')
    .orderBy('position')
    .execute();
  return rows.map(toFolder);
}

export async function insertFolder(db: Db, folder: Folder, createdBy: number): Promise<void> {
  await db
    .insertInto('folders')
    .values({
      id: folder.id,
      organization_id: folder.organizationId,
      folder_type: folder.folderType,
      name: folder.name,
      parent_id: folder.parentId,
      position: folder.position,
      created_by: createdBy,
      created_at: folder.createdAt,
      updated_at: folder.updatedAt,
    })
    .execute();
}

export async function updateFolderRow(
  db: Db,
  organizationId: string,
  id: string,
  changes: { name?: string; parentId?: string | null; position?: number },
  now: string,
): Promise<void> {
  await db
    .updateTable('folders')
    .set({
      ...(changes.name !== undefined ? { name: changes.name } : {}),
      ...(changes.parentId !== undefined ? { parent_id: changes.parentId } : {}),
      ...(changes.position !== undefined ? { position: changes.position } : {}),
      updated_at: now,
    })
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .execute();
}

/**
 * Deletes a folder and nothing it holds: its sub-folders move to its parent, its templates
 * leave it, and its folder objects (the filing, not the processes or tasks) go.
 */
export async function deleteFolderRow(db: Db, folder: Folder, now: string): Promise<void> {
  const org = folder.organizationId;
  await db
    .updateTable('folders')
    .set({ parent_id: folder.parentId, updated_at: now })
    .where('organization_id', '=', org)
    .where('parent_id', '=', folder.id)
    .execute();
  await db
    .updateTable('templates')
    .set({ folder_id: null })
    .where('organization_id', '=', org)
    .where('folder_id', '=', folder.id)
    .execute();
  await db
    .deleteFrom('folder_objects')
    .where('organization_id', '=', org)
    .where('folder_id', '=', folder.id)
    .execute();
  await db.deleteFrom('folders').where('organization_id', '=', org).where('id', '=', folder.id).execute();
}

/** What each folder holds directly: templates for checklist folders, folder objects for run folders. */
export async function countFolderContents(
  db: Db,
  organizationId: string,
  folderType: FolderType,
  folderIds: readonly string[],
): Promise<Map<string, number>> {
  const result = new Map<string, number>(folderIds.map((id) => [id, 0]));
  if (folderIds.length === 0) return result;
  const ids = [...new Set(folderIds)];
  const rows =
    folderType === 'checklist'
      ? await db
          .selectFrom('templates')
          .select((eb) => ['folder_id as id', eb.fn.countAll().as('n')])
          .where('organization_id', '=', organizationId)
          .where('folder_id', 'in', ids)
          .where('archived_at', 'is', null)
          .groupBy('folder_id')
          .execute()
      : await db
          .selectFrom('folder_objects')
          .select((eb) => ['folder_id as id', eb.fn.countAll().as('n')])
          .where('organization_id', '=', organizationId)
          .where('folder_id', 'in', ids)
          .groupBy('folder_id')
          .execute();
  for (const row of rows) if (row.id) result.set(row.id, toInt(row.n));
  return result;
}
