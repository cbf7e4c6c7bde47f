/**
 * Filing processes and tasks in run folders (`folders/add-object`, `folders-objects/{id}`),
 * and the folders given with a launch or a process update.
 */

import {
  deleteFolderObject,
  findFolderObjectById,
  insertFolderObject,
  replaceSubjectFolders,
  syncProcessFolderIds,
} from '../../db/repositories/folder-objects-repository.js';
import { findFolderById, findFoldersByIds } from '../../db/repositories/folders-repository.js';
import { type FieldErrorCollector, notFound, rejected } from '../../domain/errors.js';
import type { FiledObject, FolderSubjectType } from '../../domain/folders.js';
import { assertCan } from '../../domain/policy.js';
import { type AppContext, inTransaction, type MemberActor, nowIso } from '../context.js';
import { actorRef, appendEvents, recordActivities } from '../events/record.js';
import { getProcess } from '../processes/get-process.js';
import { assertTaskAction, findVisibleTask, loadCaller } from '../tasks/task-access.js';
import { folderEventPayload, folderNotFound } from './folders.js';

export type { FiledObject };

const subjectNotFound = () => notFound('FOLDER_SUBJECT_NOT_FOUND', 'Filed object');
const objectNotFound = () => notFound('FOLDER_OBJECT_NOT_FOUND', 'Folder object');

export interface AddToFolderInput {
  folderId: string;
  subjectType: FolderSubjectType;
  subjectId: string;
}

export async function addObjectToFolder(
  ctx: AppContext,
  actor: MemberActor,
  input: AddToFolderInput,
): Promise<FiledObject> {
  return inTransaction(ctx, async (tx) => {
    const folder = await findFolderById(tx.db.kysely, actor.organizationId, input.folderId);
    if (!folder) throw folderNotFound();
    if (folder.folderType !== 'run') {
      throw rejected(
        'FOLDER_TYPE_MISMATCH',
        'Processes and tasks go in run folders; templates name their folder.',
      );
    }
    const processId = await assertCanFile(tx, actor, input.subjectType, input.subjectId);
    const object = await insertFolderObject(tx.db.kysely, actor.organizationId, input, nowIso(tx));
    if (object.subjectType === 'process')
      await syncProcessFolderIds(tx.db.kysely, actor.organizationId, [object.subjectId]);
    await recordFiling(tx, actor, { object, folder }, 'filed', processId);
    return { object, folder };
  });
}

export async function removeFolderObject(
  ctx: AppContext,
  actor: MemberActor,
  objectId: number,
): Promise<void> {
  await inTransaction(ctx, async (tx) => {
    const object = await findFolderObjectById(tx.db.kysely, actor.organizationId, objectId);
    if (!object) throw objectNotFound();
    const processId = await assertCanFile(tx, actor, object.subjectType, object.subjectId);
    const folder = await findFolderById(tx.db.kysely, actor.organizationId, object.folderId);
    if (!folder) throw objectNotFound();
    await deleteFolderObject(tx.db.kysely, actor.organizationId, object.id);
    if (object.subjectType === 'process')
      await syncProcessFolderIds(tx.db.kysely, actor.organizationId, [object.subjectId]);
    await recordFiling(tx, actor, { object, folder }, 'unfiled', processId);
  });
}

/** Folder ids given with a launch or a process update: each must be a run folder of the organization. */
export async function checkRunFolderIds(
  ctx: AppContext,
  organizationId: string,
  folderIds: readonly string[] | undefined,
  errors: FieldErrorCollector,
  field = 'folders',
): Promise<string[]> {
  if (!folderIds?.length) return [];
  const unique = [...new Set(folderIds)];
  const found = await findFoldersByIds(ctx.db.kysely, organizationId, unique);
  const bad = unique.filter((id) => found.get(id)?.folderType !== 'run');
  if (bad.length) errors.add(field, `Not run folders of this organization: ${bad.join(', ')}.`);
  return unique.filter((id) => !bad.includes(id));
}

/** Makes a process's folders exactly these (checked) ids: folder objects and the process's copy. */
export async function replaceProcessFolders(
  tx: AppContext,
  organizationId: string,
  processId: string,
  folderIds: readonly string[],
): Promise<void> {
  await replaceSubjectFolders(tx.db.kysely, organizationId, 'process', processId, folderIds, nowIso(tx));
  await syncProcessFolderIds(tx.db.kysely, organizationId, [processId]);
}

/** Files a new process in checked folders, in the launch's transaction (its copy is set by the launch). */
export async function fileNewProcess(
  tx: AppContext,
  organizationId: string,
  processId: string,
  folderIds: readonly string[],
): Promise<void> {
  if (folderIds.length === 0) return;
  await replaceSubjectFolders(tx.db.kysely, organizationId, 'process', processId, folderIds, nowIso(tx));
}

async function assertCanFile(
  tx: AppContext,
  actor: MemberActor,
  type: FolderSubjectType,
  id: string,
): Promise<string | null> {
  assertCan(actor, 'folder.read');
  if (type === 'process') {
    const process = await getProcess(tx, actor, id).catch(() => {
      throw subjectNotFound();
    });
    assertCan(actor, 'process.update');
    return process.id;
  }
  const caller = await loadCaller(tx, actor);
  const task = await findVisibleTask(tx, caller, id).catch(() => {
    throw subjectNotFound();
  });
  assertTaskAction(caller, 'task.update', task);
  return task.processId;
}

async function recordFiling(
  tx: AppContext,
  actor: MemberActor,
  { object, folder }: FiledObject,
  verb: 'filed' | 'unfiled',
  processId: string | null,
): Promise<void> {
  await recordActivities(tx, actor.organizationId, actorRef(actor), [
    {
      action: verb,
      objectType: object.subjectType,
      objectId: object.subjectId,
      processId,
      taskId: object.subjectType === 'task' ? object.subjectId : null,
      field: 'folders',
      newValue: { folder_id: folder.id, name: folder.name },
    },
  ]);
  await appendEvents(tx, actor.organizationId, [
    {
      name: verb === 'filed' ? 'folder.object_added' : 'folder.object_removed',
      processId: null,
      taskId: null,
      payload: {
        ...folderEventPayload(folder),
        subject: { type: object.subjectType, id: object.subjectId },
        folder_object_id: object.id,
      },
    },
  ]);
}
