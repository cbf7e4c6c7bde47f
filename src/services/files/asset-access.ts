/**
 * Who may see and change an asset that exists. An asset is visible to whoever can see what
 * it is attached to (its task, else its process, else its template); for anyone else it
 * does not exist (404 ASSET_NOT_FOUND). A guest sees only the files of their own tasks.
 */
import { findAssetById } from '../../db/repositories/assets-repository.js';
import { findProcessById } from '../../db/repositories/processes-repository.js';
import { AppError, notFound } from '../../domain/errors.js';
import type { Asset } from '../../domain/files.js';
import { assertCan, can } from '../../domain/policy.js';
import type { Task } from '../../domain/tasks/task.js';
import type { AppContext, GuestActor, MemberActor } from '../context.js';
import { fieldsOfTask, loadDefinition } from '../processes/definitions.js';
import { getProcess } from '../processes/get-process.js';
import { getTask } from '../tasks/get-task.js';
import { assertTaskAction, findVisibleTask, loadCaller } from '../tasks/task-access.js';
import { assertCanEditTemplate, assertCanReadTemplates } from '../templates/template-permissions.js';
import { locateField, type UploadTarget } from './upload-targets.js';

export const assetNotFound = () => notFound('ASSET_NOT_FOUND', 'File');

/** Runs `check`, turning "the subject is not there for you" into "the asset is not found". */
async function hidingSubject<T>(check: () => Promise<T>): Promise<T> {
  try {
    return await check();
  } catch (error) {
    if (error instanceof AppError && error.kind === 'not_found') throw assetNotFound();
    throw error;
  }
}

async function findAsset(ctx: AppContext, organizationId: string, id: string): Promise<Asset> {
  const asset = await findAssetById(ctx.db.kysely, organizationId, id);
  if (!asset) throw assetNotFound();
  return asset;
}

/** An asset the member may see. */
export async function findVisibleAsset(ctx: AppContext, actor: MemberActor, id: string): Promise<Asset> {
  const asset = await findAsset(ctx, actor.organizationId, id);
  await hidingSubject(async () => {
    if (asset.taskId) await getTask(ctx, actor, asset.taskId);
    else if (asset.processId) await getProcess(ctx, actor, asset.processId);
    else assertCanReadTemplates(actor);
  });
  return asset;
}

/**
 * An asset the member may archive or delete: its uploader, an administrator, or whoever
 * may change what it is attached to (fill the task, update the process, edit the template).
 */
export async function findChangeableAsset(ctx: AppContext, actor: MemberActor, id: string): Promise<Asset> {
  const asset = await findVisibleAsset(ctx, actor, id);
  const uploader = asset.uploaderType === 'user' && asset.uploaderId === actor.userId;
  if (can(actor, 'asset.manage', { isUploader: uploader })) return asset;
  if (asset.taskId) {
    const { task } = await hidingSubject(() => getTask(ctx, actor, asset.taskId as string));
    assertTaskAction(await loadCaller(ctx, actor), 'task.fill', task);
  } else if (asset.processId) {
    assertCan(actor, 'process.update');
  } else {
    assertCanEditTemplate(actor);
  }
  return asset;
}

/**
 * A task the guest owns (directly or through a group; see the tasks module's access rules);
 * any other task does not exist for them, and one that does not admit guests answers 403.
 */
export async function findGuestTask(ctx: AppContext, guest: GuestActor, taskId: string): Promise<Task> {
  const caller = await loadCaller(ctx, guest);
  const task = await findVisibleTask(ctx, caller, taskId);
  assertTaskAction(caller, 'task.fill', task);
  return task;
}

/** Where a guest's upload to their own task goes; `uploaded_from` must be one of its fields. */
export async function resolveGuestTaskTarget(
  ctx: AppContext,
  guest: GuestActor,
  taskId: string,
  uploadedFrom: string | undefined,
): Promise<UploadTarget> {
  const task = await findGuestTask(ctx, guest, taskId);
  const process = task.processId
    ? await findProcessById(ctx.db.kysely, guest.organizationId, task.processId)
    : undefined;
  const definition = process ? await loadDefinition(ctx, process) : undefined;
  const located = locateField(uploadedFrom, fieldsOfTask(task, definition), false);
  return {
    subjectType: 'Task',
    subjectId: task.id,
    processId: task.processId,
    templateId: task.templateId,
    stepId: task.stepId,
    taskId: task.id,
    uploadedFrom: located.uploadedFrom,
    fieldId: located.field?.id ?? null,
  };
}

/**
 * An asset of one of the guest's tasks (of `taskId` when given). Files of anything else —
 * other tasks, kick-off forms, templates — do not exist for a guest.
 */
export async function findGuestAsset(
  ctx: AppContext,
  guest: GuestActor,
  id: string,
  taskId?: string,
): Promise<Asset> {
  const asset = await findAsset(ctx, guest.organizationId, id);
  if (!asset.taskId || (taskId !== undefined && asset.taskId !== taskId)) throw assetNotFound();
  await hidingSubject(() => findGuestTask(ctx, guest, asset.taskId as string));
  return asset;
}
