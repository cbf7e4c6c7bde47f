/** Asset rows (uploaded files) and the blob rows that count references to their bytes. */
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Asset, AssetSubjectType, FileSource, FileSystemName } from '../../domain/files.js';
import { dialectOf, lockForUpdate, toInt } from '../dialect.js';
import type { Database } from '../schema.js';
import type { AssetsTable, FileBlobsTable } from '../tables/files.js';

type Db = Kysely<Database> | Transaction<Database>;

/** Subjects that are part of a template rather than of a process launched from it. */
const TEMPLATE_SIDE = ['Checklist', 'Step'];

export function toAsset(row: Selectable<AssetsTable>): Asset {
  return {
    id: row.id,
    organizationId: row.organization_id,
    storageKey: row.storage_key,
    backend: row.backend === 's3' ? 's3' : 'local',
    sha256: row.sha256,
    size: toInt(row.size),
    filename: row.filename,
    contentType: row.content_type,
    subjectType: row.subject_type as AssetSubjectType,
    subjectId: row.subject_id,
    processId: row.process_id,
    templateId: row.template_id,
    stepId: row.step_id,
    taskId: row.task_id,
    uploadedFrom: row.uploaded_from,
    fieldId: row.field_id,
    source: row.source as FileSource,
    system: row.system as FileSystemName | null,
    uploaderType: row.uploader_type,
    uploaderId: toInt(row.uploader_id),
    version: toInt(row.version),
    createdAt: row.created_at,
    archivedAt: row.archived_at,
  };
}

export async function insertAsset(db: Db, a: Asset): Promise<void> {
  await db
    .insertInto('assets')
    .values({
      id: a.id,
      organization_id: a.organizationId,
      storage_key: a.storageKey,
      backend: a.backend,
      sha256: a.sha256,
      size: a.size,
      filename: a.filename,
      content_type: a.contentType,
      subject_type: a.subjectType,
      subject_id: a.subjectId,
      process_id: a.processId,
      template_id: a.templateId,
      step_id: a.stepId,
      task_id: a.taskId,
      uploaded_from: a.uploadedFrom,
      field_id: a.fieldId,
      source: a.source,
      system: a.system,
      uploader_type: a.uploaderType,
      uploader_id: a.uploaderId,
      version: a.version,
      created_at: a.createdAt,
      archived_at: a.archivedAt,
    })
    .execute();
}

export async function findAssetById(db: Db, organizationId: string, id: string): Promise<Asset | undefined> {
  const row = await db
    .selectFrom('assets')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? toAsset(row) : undefined;
}

export async function findAssetsByIds(
  db: Db,
  organizationId: string,
  ids: readonly string[],
): Promise<Asset[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('assets')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('id', 'in', [...ids])
    .execute();
  return rows.map(toAsset);
}

export async function setAssetArchived(
  db: Db,
  organizationId: string,
  id: string,
  at: string,
): Promise<void> {
  await db
    .updateTable('assets')
    .set({ archived_at: at })
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .execute();
}

export async function deleteAssetRows(db: Db, organizationId: string, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await db
    .deleteFrom('assets')
    .where('organization_id', '=', organizationId)
    .where('id', 'in', [...ids])
    .execute();
}

/** Which live (not archived) assets to load for `with=assets`. */
export interface AssetScope {
  /** Everything uploaded to these processes (their tasks' files included). */
  processIds?: readonly string[];
  /** Files of these tasks, whether uploaded to the task or to its process for its step. */
  taskIds?: readonly string[];
  /** Template-side files (the template and its steps). */
  templateIds?: readonly string[];
  /** Files uploaded to these template steps. */
  stepIds?: readonly string[];
}

/**
 * Live assets matching any part of the scope, oldest first, in one query; archived ones too
 * when `includeArchived` (lists asked for `archived=true`).
 */
export async function findAssetsInScope(
  db: Db,
  organizationId: string,
  scope: AssetScope,
  includeArchived = false,
): Promise<Asset[]> {
  const { processIds = [], taskIds = [], templateIds = [], stepIds = [] } = scope;
  if (!processIds.length && !taskIds.length && !templateIds.length && !stepIds.length) return [];
  const rows = await db
    .selectFrom('assets')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .$if(!includeArchived, (q) => q.where('archived_at', 'is', null))
    .where((eb) => {
      const any = [];
      if (processIds.length) any.push(eb('process_id', 'in', [...processIds]));
      if (taskIds.length) any.push(eb('task_id', 'in', [...taskIds]));
      if (templateIds.length) {
        any.push(
          eb.and([eb('template_id', 'in', [...templateIds]), eb('subject_type', 'in', TEMPLATE_SIDE)]),
        );
      }
      if (stepIds.length)
        any.push(eb.and([eb('subject_type', '=', 'Step'), eb('subject_id', 'in', [...stepIds])]));
      return eb.or(any);
    })
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map(toAsset);
}

/** Every asset (archived ones too) of these processes, tasks, or templates (template side only). */
export async function findAssetsOwnedBy(
  db: Db,
  organizationId: string,
  owners: { processIds?: readonly string[]; templateIds?: readonly string[]; taskIds?: readonly string[] },
): Promise<Asset[]> {
  const { processIds = [], templateIds = [], taskIds = [] } = owners;
  if (!processIds.length && !templateIds.length && !taskIds.length) return [];
  const rows = await db
    .selectFrom('assets')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where((eb) => {
      const any = [];
      if (processIds.length) any.push(eb('process_id', 'in', [...processIds]));
      if (taskIds.length) any.push(eb('task_id', 'in', [...taskIds]));
      if (templateIds.length) {
        any.push(
          eb.and([eb('template_id', 'in', [...templateIds]), eb('subject_type', 'in', TEMPLATE_SIDE)]),
        );
      }
      return eb.or(any);
    })
    .execute();
  return rows.map(toAsset);
}

/**
 * Archives the live assets of a process with the process (`at` is the process's
 * `archived_at`, so activating it can bring back exactly these and not the files that were
 * archived on their own before).
 */
export async function archiveProcessAssets(
  db: Db,
  organizationId: string,
  processId: string,
  at: string,
): Promise<void> {
  await db
    .updateTable('assets')
    .set({ archived_at: at })
    .where('organization_id', '=', organizationId)
    .where('process_id', '=', processId)
    .where('archived_at', 'is', null)
    .execute();
}

/** Brings back the assets archived with the process at `archivedAt` (see archiveProcessAssets). */
export async function restoreProcessAssets(
  db: Db,
  organizationId: string,
  processId: string,
  archivedAt: string,
): Promise<void> {
  await db
    .updateTable('assets')
    .set({ archived_at: null })
    .where('organization_id', '=', organizationId)
    .where('process_id', '=', processId)
    .where('archived_at', '=', archivedAt)
    .execute();
}

/**
 * Moves template kick-off uploads (subject `Checklist`, no step) to the process whose
 * kick-off form now holds them: they then follow the process (its `with=assets`, its
 * visibility, its deletion) instead of the template.
 */
export async function moveKickoffAssetsToProcess(
  db: Db,
  organizationId: string,
  assetIds: readonly string[],
  processId: string,
): Promise<void> {
  if (assetIds.length === 0) return;
  await db
    .updateTable('assets')
    .set({ subject_type: 'Run', subject_id: processId, process_id: processId })
    .where('organization_id', '=', organizationId)
    .where('id', 'in', [...assetIds])
    .where('subject_type', '=', 'Checklist')
    .where('step_id', 'is', null)
    .execute();
}

/** A one-off task was linked to (or unlinked from) a process: its files follow it. */
export async function setTaskAssetsProcess(
  db: Db,
  organizationId: string,
  taskId: string,
  processId: string | null,
  templateId: string | null,
): Promise<void> {
  await db
    .updateTable('assets')
    .set({ process_id: processId, template_id: templateId })
    .where('organization_id', '=', organizationId)
    .where('task_id', '=', taskId)
    .execute();
}

// ---- blobs ----------------------------------------------------------------------------

export type Blob = Selectable<FileBlobsTable>;

/** Creates the blob row with no references when the content is new; leaves it alone otherwise. */
export async function insertBlobIfMissing(db: Db, blob: Omit<FileBlobsTable, 'ref_count'>): Promise<void> {
  await db
    .insertInto('file_blobs')
    .values({ ...blob, ref_count: 0 })
    .onConflict((oc) => oc.columns(['organization_id', 'sha256']).doNothing())
    .execute();
}

/** The blob row, locked until the transaction ends (the one lock every reference change takes). */
export async function findBlobForUpdate(
  db: Db,
  organizationId: string,
  sha256: string,
): Promise<Blob | undefined> {
  const dialect = dialectOf(db);
  const query = db
    .selectFrom('file_blobs')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('sha256', '=', sha256);
  const row = await lockForUpdate(query, dialect).executeTakeFirst();
  return row ? { ...row, ref_count: toInt(row.ref_count), size: toInt(row.size) } : undefined;
}

export async function updateBlob(
  db: Db,
  organizationId: string,
  sha256: string,
  changes: Partial<Pick<FileBlobsTable, 'ref_count' | 'storage_key' | 'backend'>>,
): Promise<void> {
  await db
    .updateTable('file_blobs')
    .set(changes)
    .where('organization_id', '=', organizationId)
    .where('sha256', '=', sha256)
    .execute();
}

export async function deleteBlobRow(db: Db, organizationId: string, sha256: string): Promise<void> {
  await db
    .deleteFrom('file_blobs')
    .where('organization_id', '=', organizationId)
    .where('sha256', '=', sha256)
    .execute();
}
