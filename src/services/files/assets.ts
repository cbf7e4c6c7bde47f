/**
 * Reading, archiving and deleting assets. Archiving (`DELETE …/assets/{id}`) keeps the row
 * and the bytes but drops the file from `with=assets` and from new form values; deleting
 * (`DELETE …/file/{id}`) removes the row and, when no other asset shares the content, the
 * bytes.
 */
import {
  deleteAssetRows,
  findAssetsOwnedBy,
  setAssetArchived,
} from '../../db/repositories/assets-repository.js';
import { forbidden } from '../../domain/errors.js';
import type { Asset } from '../../domain/files.js';
import { type AppContext, type GuestActor, inTransaction, type MemberActor, nowIso } from '../context.js';
import { type ActorRef, actorRef, recordActivities } from '../events/record.js';
import { findChangeableAsset, findGuestAsset, findVisibleAsset } from './asset-access.js';
import { releaseBlob } from './blobs.js';

export interface AssetContent {
  asset: Asset;
  stream: NodeJS.ReadableStream;
}

/** Metadata of an asset the member may see. */
export function getAsset(ctx: AppContext, actor: MemberActor, id: string): Promise<Asset> {
  return findVisibleAsset(ctx, actor, id);
}

/** The bytes of an asset the member may see, streamed from the store. */
export async function openAsset(ctx: AppContext, actor: MemberActor, id: string): Promise<AssetContent> {
  const asset = await findVisibleAsset(ctx, actor, id);
  return { asset, stream: await ctx.adapters.storage.get(asset.storageKey) };
}

/** A guest's view of a file of their own task (`taskId` narrows it to one task). */
export function getGuestAsset(
  ctx: AppContext,
  guest: GuestActor,
  id: string,
  taskId?: string,
): Promise<Asset> {
  return findGuestAsset(ctx, guest, id, taskId);
}

export async function openGuestAsset(
  ctx: AppContext,
  guest: GuestActor,
  id: string,
  taskId?: string,
): Promise<AssetContent> {
  const asset = await findGuestAsset(ctx, guest, id, taskId);
  return { asset, stream: await ctx.adapters.storage.get(asset.storageKey) };
}

/** Archives the asset (idempotent); answers it as it is now. */
export async function archiveAsset(ctx: AppContext, actor: MemberActor, id: string): Promise<Asset> {
  return inTransaction(ctx, async (tx) => {
    const asset = await findChangeableAsset(tx, actor, id);
    if (asset.archivedAt) return asset;
    const archivedAt = nowIso(tx);
    await setAssetArchived(tx.db.kysely, actor.organizationId, asset.id, archivedAt);
    await recordActivities(tx, actor.organizationId, actorRef(actor), [activity('archived', asset)]);
    return { ...asset, archivedAt };
  });
}

/** Deletes the asset and, unless other assets share its content, its bytes. */
export async function deleteAsset(ctx: AppContext, actor: MemberActor, id: string): Promise<void> {
  await inTransaction(ctx, async (tx) => {
    const asset = await findChangeableAsset(tx, actor, id);
    await removeAssets(tx, actor.organizationId, actorRef(actor), [asset]);
  });
}

/** A guest deletes a file they uploaded to their own task. */
export async function deleteGuestAsset(
  ctx: AppContext,
  guest: GuestActor,
  id: string,
  taskId: string,
): Promise<void> {
  await inTransaction(ctx, async (tx) => {
    const asset = await findGuestAsset(tx, guest, id, taskId);
    if (asset.uploaderType !== 'guest' || asset.uploaderId !== guest.guestId) {
      throw forbidden('GUEST_NOT_PERMITTED', 'Guests can only delete the files they uploaded.');
    }
    await removeAssets(tx, guest.organizationId, { type: 'guest', id: guest.guestId }, [asset]);
  });
}

/**
 * Deletes every asset of these processes, templates or tasks, with their bytes where no
 * other asset shares them: for the hard deletes of processes, templates and one-off tasks.
 * Call inside their transaction.
 */
export async function purgeAssets(
  tx: AppContext,
  organizationId: string,
  owners: { processIds?: readonly string[]; templateIds?: readonly string[]; taskIds?: readonly string[] },
  who: ActorRef = { type: 'system', id: null },
): Promise<void> {
  const assets = await findAssetsOwnedBy(tx.db.kysely, organizationId, owners);
  await removeAssets(tx, organizationId, who, assets);
}

async function removeAssets(tx: AppContext, organizationId: string, who: ActorRef, assets: readonly Asset[]) {
  if (assets.length === 0) return;
  await deleteAssetRows(
    tx.db.kysely,
    organizationId,
    assets.map((a) => a.id),
  );
  await recordActivities(
    tx,
    organizationId,
    who,
    assets.map((a) => activity('deleted', a)),
  );
  // Blobs last, in a fixed order: the bytes go only after everything else in the transaction.
  for (const sha of [...assets.map((a) => a.sha256)].sort()) await releaseBlob(tx, organizationId, sha);
}

function activity(action: string, asset: Asset) {
  return {
    action,
    objectType: 'asset',
    objectId: asset.id,
    processId: asset.processId,
    taskId: asset.taskId,
    field: asset.fieldId,
    oldValue: asset.filename,
  };
}
