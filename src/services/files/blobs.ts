/**
 * Reference counting of stored bytes. Every asset holds one reference to the blob of its
 * content; the bytes are removed when the last reference goes. Both directions take the
 * blob row's lock, and bytes are removed while that lock is held, so an upload of the same
 * content that commits later either finds the row (and the bytes) or learns that its bytes
 * were just removed (409 FILE_STORE_CONFLICT: upload again) — never a row without bytes.
 */

import type { StoredObject } from '../../adapters/index.js';
import {
  deleteBlobRow,
  findBlobForUpdate,
  insertBlobIfMissing,
  updateBlob,
} from '../../db/repositories/assets-repository.js';
import { conflict } from '../../domain/errors.js';
import type { AppContext } from '../context.js';

export interface RetainedBlob {
  /** The key every asset of this content uses. */
  storageKey: string;
  /**
   * A second copy of content already stored (the S3 store's random keys): remove it after
   * the transaction commits.
   */
  duplicateKey: string | undefined;
}

const storeRaced = () =>
  conflict('FILE_STORE_CONFLICT', 'The file was being removed while it was uploaded; upload it again.');

/** Takes a reference to freshly stored bytes. Call inside the transaction that records the asset. */
export async function retainBlob(
  tx: AppContext,
  organizationId: string,
  stored: StoredObject,
): Promise<RetainedBlob> {
  const db = tx.db.kysely;
  const { storage } = tx.adapters;
  await insertBlobIfMissing(db, {
    organization_id: organizationId,
    sha256: stored.sha256,
    storage_key: stored.key,
    backend: storage.backend,
    size: stored.size,
    created_at: tx.clock.now().toISOString(),
  });
  const blob = await findBlobForUpdate(db, organizationId, stored.sha256);
  if (!blob) throw storeRaced();
  let storageKey = blob.storage_key;
  let duplicateKey: string | undefined;
  if (blob.storage_key !== stored.key) {
    if (blob.backend === storage.backend && (await storage.exists(blob.storage_key))) {
      duplicateKey = stored.key;
    } else {
      // The older copy is gone or in another store: this upload's copy takes its place.
      storageKey = stored.key;
      await updateBlob(db, organizationId, stored.sha256, {
        storage_key: stored.key,
        backend: storage.backend,
      });
    }
  } else if (!(await storage.exists(stored.key))) {
    throw storeRaced();
  }
  await updateBlob(db, organizationId, stored.sha256, { ref_count: blob.ref_count + 1 });
  return { storageKey, duplicateKey };
}

/**
 * Drops one reference; the last one removes the row and the bytes. Call inside the
 * transaction that removes the asset, as its last step.
 */
export async function releaseBlob(tx: AppContext, organizationId: string, sha256: string): Promise<void> {
  const { storage } = tx.adapters;
  const blob = await findBlobForUpdate(tx.db.kysely, organizationId, sha256);
  if (!blob) return;
  if (blob.ref_count > 1) {
    await updateBlob(tx.db.kysely, organizationId, sha256, { ref_count: blob.ref_count - 1 });
    return;
  }
  await deleteBlobRow(tx.db.kysely, organizationId, sha256);
  if (blob.backend === storage.backend) await storage.delete(blob.storage_key);
}

/**
 * Removes bytes stored for an upload that was then refused (unknown subject, bad field):
 * unless an asset already uses the same content, nothing of the upload stays behind.
 */
export async function discardStored(
  tx: AppContext,
  organizationId: string,
  stored: StoredObject,
): Promise<void> {
  const blob = await findBlobForUpdate(tx.db.kysely, organizationId, stored.sha256);
  if (blob && blob.storage_key === stored.key) return;
  await tx.adapters.storage.delete(stored.key);
}
