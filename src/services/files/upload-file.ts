/**
 * `POST /organizations/{org}/file`: one multipart upload becomes one asset. The file part
 * streams straight into the store (never whole in memory) and stops at MAX_UPLOAD_MB; the
 * subject is checked before the bytes are read when its fields come first, and again once
 * every field is in. A refused upload leaves nothing behind: no asset row, no new bytes.
 */
import type { StoredObject } from '../../adapters/index.js';
import { insertAsset } from '../../db/repositories/assets-repository.js';
import { AppError, invalidFields } from '../../domain/errors.js';
import { type Asset, checkUploadName, type FileSource, type FileSystemName } from '../../domain/files.js';
import { newHexId } from '../../domain/ids.js';
import { type AppContext, type GuestActor, inTransaction, type MemberActor, nowIso } from '../context.js';
import { recordActivities } from '../events/record.js';
import { resolveGuestTaskTarget } from './asset-access.js';
import { discardStored, retainBlob } from './blobs.js';
import { hasSubject, readOptions, readSubjectFields } from './upload-fields.js';
import { resolveMemberTarget, type UploadTarget } from './upload-targets.js';

/** One part of the multipart form, as the HTTP layer hands it over. */
export type UploadPart =
  | { kind: 'field'; name: string; value: string }
  | { kind: 'file'; filename: string | undefined; stream: NodeJS.ReadableStream };

type Fields = Record<string, string>;
type Resolve = (fields: Fields) => Promise<UploadTarget>;

/** A member's upload; the form names the subject (`subject_type`, `subject_id`, …). */
export function uploadMemberFile(ctx: AppContext, actor: MemberActor, parts: AsyncIterable<UploadPart>) {
  const resolve: Resolve = (fields) => resolveMemberTarget(ctx, actor, readSubjectFields(fields));
  return upload(ctx, actor.organizationId, { type: 'user', id: actor.userId }, parts, resolve, hasSubject);
}

/** A guest's upload to one of their own tasks (the task comes from the path). */
export function uploadGuestTaskFile(
  ctx: AppContext,
  guest: GuestActor,
  taskId: string,
  parts: AsyncIterable<UploadPart>,
) {
  const resolve: Resolve = (fields) =>
    resolveGuestTaskTarget(ctx, guest, taskId, fields.uploaded_from || undefined);
  return upload(ctx, guest.organizationId, { type: 'guest', id: guest.guestId }, parts, resolve, () => true);
}

/** What has arrived of the form so far. */
interface Received {
  fields: Fields;
  file?: { filename: string; contentType: string };
  stored?: StoredObject;
  /** The target resolved before the bytes, and how many fields it was resolved with. */
  early?: { target: UploadTarget; fieldCount: number };
}

async function upload(
  ctx: AppContext,
  organizationId: string,
  uploader: { type: 'user' | 'guest'; id: number },
  parts: AsyncIterable<UploadPart>,
  resolve: Resolve,
  canResolveEarly: (fields: Fields) => boolean,
): Promise<Asset> {
  const { storage } = ctx.adapters;
  const got: Received = { fields: {} };
  try {
    await receive(ctx, organizationId, parts, got, (fields) =>
      canResolveEarly(fields) ? resolve(fields) : undefined,
    );
    const { stored, file } = got;
    if (!stored || !file) {
      throw new AppError('FILE_REQUIRED', 'The upload has no file.', {
        fieldErrors: { name: ['A file is required (multipart part "name" or "file").'] },
      });
    }
    const options = readOptions(got.fields);
    const fieldCount = Object.keys(got.fields).length;
    const target = got.early?.fieldCount === fieldCount ? got.early.target : await resolve(got.fields);
    const saved = await recordAsset(ctx, uploader, { organizationId, target, file, stored, ...options });
    if (saved.duplicateKey) await storage.delete(saved.duplicateKey).catch(() => {});
    return saved.asset;
  } catch (error) {
    const leftover = got.stored;
    if (leftover) await inTransaction(ctx, (tx) => discardStored(tx, organizationId, leftover));
    throw error;
  }
}

/** Reads the parts in order; the file streams into the store as it arrives. */
async function receive(
  ctx: AppContext,
  organizationId: string,
  parts: AsyncIterable<UploadPart>,
  got: Received,
  resolveEarly: (fields: Fields) => Promise<UploadTarget> | undefined,
): Promise<void> {
  for await (const part of parts) {
    if (part.kind === 'field') {
      if (!(part.name in got.fields)) got.fields[part.name] = part.value.trim();
      continue;
    }
    if (got.stored) throw invalidFields('VALIDATION_FAILED', { name: ['Send one file per upload.'] });
    got.file = checkUploadName(part.filename);
    readOptions(got.fields);
    // Refuse before reading the bytes when the subject is already known.
    const early = resolveEarly(got.fields);
    if (early) got.early = { target: await early, fieldCount: Object.keys(got.fields).length };
    got.stored = await ctx.adapters.storage.put(part.stream, {
      namespace: organizationId,
      maxBytes: ctx.config.files.maxUploadBytes,
    });
  }
}

interface NewAssetInput {
  organizationId: string;
  target: UploadTarget;
  file: { filename: string; contentType: string };
  stored: StoredObject;
  source: FileSource;
  system: FileSystemName | null;
}

async function recordAsset(
  ctx: AppContext,
  uploader: { type: 'user' | 'guest'; id: number },
  input: NewAssetInput,
): Promise<{ asset: Asset; duplicateKey: string | undefined }> {
  return inTransaction(ctx, async (tx) => {
    const { organizationId } = input;
    const blob = await retainBlob(tx, organizationId, input.stored);
    const { target } = input;
    const asset: Asset = {
      id: newHexId(),
      organizationId,
      storageKey: blob.storageKey,
      backend: tx.adapters.storage.backend,
      sha256: input.stored.sha256,
      size: input.stored.size,
      filename: input.file.filename,
      contentType: input.file.contentType,
      ...target,
      source: input.source,
      system: input.system,
      uploaderType: uploader.type,
      uploaderId: uploader.id,
      version: 1,
      createdAt: nowIso(tx),
      archivedAt: null,
    };
    await insertAsset(tx.db.kysely, asset);
    await recordActivities(tx, organizationId, uploader, [
      {
        action: 'uploaded',
        objectType: 'asset',
        objectId: asset.id,
        processId: asset.processId,
        taskId: asset.taskId,
        field: asset.fieldId,
        newValue: asset.filename,
      },
    ]);
    return { asset, duplicateKey: blob.duplicateKey };
  });
}
