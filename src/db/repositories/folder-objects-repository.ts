/** Processes and tasks filed in run folders (`folder_objects`); scoped by organization. */
import type { ExpressionBuilder } from 'kysely';
import type { Folder, FolderObject, FolderSubjectType } from '../../domain/folders.js';
import type { Db } from '../database.js';
import { toJson } from '../dialect.js';
import type { Database } from '../schema.js';
import { toFolder } from './folders-repository.js';

/** Files a subject in a folder once: a second add answers the existing filing. */
export async function insertFolderObject(
  db: Db,
  organizationId: string,
  object: Omit<FolderObject, 'id'>,
  now: string,
): Promise<FolderObject> {
  await db
    .insertInto('folder_objects')
    .values({
      organization_id: organizationId,
      folder_id: object.folderId,
      subject_type: object.subjectType,
      subject_id: object.subjectId,
      created_at: now,
    })
    .onConflict((oc) =>
      oc.columns(['organization_id', 'folder_id', 'subject_type', 'subject_id']).doNothing(),
    )
    .execute();
  const row = await db
    .selectFrom('folder_objects')
    .select('id')
    .where('organization_id', '=', organizationId)
    .where('folder_id', '=', object.folderId)
    .where('subject_type', '=', object.subjectType)
    .where('subject_id', '=', object.subjectId)
    .executeTakeFirstOrThrow();
  return { ...object, id: row.id };
}

export async function findFolderObjectById(
  db: Db,
  organizationId: string,
  id: number,
): Promise<FolderObject | undefined> {
  const row = await db
    .selectFrom('folder_objects')
    .select(['id', 'folder_id', 'subject_type', 'subject_id'])
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row
    ? { id: row.id, folderId: row.folder_id, subjectType: row.subject_type, subjectId: row.subject_id }
    : undefined;
}

export async function deleteFolderObject(db: Db, organizationId: string, id: number): Promise<void> {
  await db
    .deleteFrom('folder_objects')
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .execute();
}

/** Processes filed in a folder, for keeping their copy of folder ids current after a change. */
export async function findProcessIdsInFolder(
  db: Db,
  organizationId: string,
  folderId: string,
): Promise<string[]> {
  const rows = await db
    .selectFrom('folder_objects')
    .select('subject_id')
    .where('organization_id', '=', organizationId)
    .where('folder_id', '=', folderId)
    .where('subject_type', '=', 'process')
    .execute();
  return rows.map((r) => r.subject_id);
}

/** Makes a subject's folders exactly these (ids checked to be the organization's run folders). */
export async function replaceSubjectFolders(
  db: Db,
  organizationId: string,
  subjectType: FolderSubjectType,
  subjectId: string,
  folderIds: readonly string[],
  now: string,
): Promise<void> {
  await db
    .deleteFrom('folder_objects')
    .where('organization_id', '=', organizationId)
    .where('subject_type', '=', subjectType)
    .where('subject_id', '=', subjectId)
    .execute();
  const unique = [...new Set(folderIds)];
  if (unique.length === 0) return;
  await db
    .insertInto('folder_objects')
    .values(
      unique.map((folderId) => ({
        organization_id: organizationId,
        folder_id: folderId,
        subject_type: subjectType,
        subject_id: subjectId,
        created_at: now,
      })),
    )
    .execute();
}

/** The folders each subject is filed in, one query; every subject asked for is a key. */
export async function findFoldersOfSubjects(
  db: Db,
  organizationId: string,
  subjectType: FolderSubjectType,
  subjectIds: readonly string[],
): Promise<Map<string, Array<{ object: FolderObject; folder: Folder }>>> {
  const result = new Map<string, Array<{ object: FolderObject; folder: Folder }>>();
  for (const id of subjectIds) result.set(id, []);
  if (subjectIds.length === 0) return result;
  const rows = await db
    .selectFrom('folder_objects')
    .innerJoin('folders', 'folders.id', 'folder_objects.folder_id')
    .selectAll('folders')
    .select(['folder_objects.id as object_id', 'folder_objects.subject_id as object_subject_id'])
    .where('folder_objects.organization_id', '=', organizationId)
    .where('folder_objects.subject_type', '=', subjectType)
    .where('folder_objects.subject_id', 'in', [...new Set(subjectIds)])
    .orderBy('folders.name')
    .execute();
  for (const row of rows) {
    result.get(row.object_subject_id)?.push({
      object: { id: row.object_id, folderId: row.id, subjectType, subjectId: row.object_subject_id },
      folder: toFolder(row),
    });
  }
  return result;
}

/**
 * `processes.folders` is a copy of the process's folder ids kept for the process answer;
 * the folder objects are the truth. Rewrites the copy of these processes from them.
 */
export async function syncProcessFolderIds(db: Db, organizationId: string, processIds: readonly string[]) {
  if (processIds.length === 0) return;
  const rows = await db
    .selectFrom('folder_objects')
    .select(['subject_id', 'folder_id'])
    .where('organization_id', '=', organizationId)
    .where('subject_type', '=', 'process')
    .where('subject_id', 'in', [...new Set(processIds)])
    .orderBy('id')
    .execute();
  const byProcess = new Map<string, string[]>();
  for (const row of rows)
    byProcess.set(row.subject_id, [...(byProcess.get(row.subject_id) ?? []), row.folder_id]);
  for (const id of new Set(processIds)) {
    await db
      .updateTable('processes')
      .set({ folders: toJson(byProcess.get(id) ?? []) })
      .where('organization_id', '=', organizationId)
      .where('id', '=', id)
      .execute();
  }
}

/** Ids of the subjects filed in one of these folders: the folder key's range. */
export function subjectsInFolders(
  // biome-ignore lint/suspicious/noExplicitAny: used inside any table's where clause.
  eb: ExpressionBuilder<Database, any>,
  organizationId: string,
  subjectType: FolderSubjectType,
  folderIds: readonly string[],
) {
  return eb
    .selectFrom('folder_objects')
    .select('folder_objects.subject_id')
    .where('folder_objects.organization_id', '=', organizationId)
    .where('folder_objects.subject_type', '=', subjectType)
    .where('folder_objects.folder_id', 'in', [...folderIds]);
}
