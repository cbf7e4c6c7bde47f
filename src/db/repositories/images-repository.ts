import type { Db } from '../database.js';
import { dialectOf, fromJson, lockForUpdate, toJson } from '../dialect.js';

export type ImageOwnerType = 'user' | 'organization' | 'group';

export interface StoredImage {
  id: string;
  organizationId: string | null;
  ownerType: ImageOwnerType;
  ownerId: string;
  storageKey: string;
  thumbKey: string;
  width: number;
  height: number;
}

export async function insertImage(db: Db, image: StoredImage, now: string): Promise<void> {
  await db
    .insertInto('images')
    .values({
      id: image.id,
      organization_id: image.organizationId,
      owner_type: image.ownerType,
      owner_id: image.ownerId,
      storage_key: image.storageKey,
      thumb_key: image.thumbKey,
      width: image.width,
      height: image.height,
      created_at: now,
    })
    .execute();
}

export async function findImageById(db: Db, id: string): Promise<StoredImage | undefined> {
  const row = await db.selectFrom('images').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  return {
    id: row.id,
    organizationId: row.organization_id,
    ownerType: row.owner_type,
    ownerId: row.owner_id,
    storageKey: row.storage_key,
    thumbKey: row.thumb_key,
    width: row.width,
    height: row.height,
  };
}

/** Removes the owner's images (a replaced or deleted picture); returns them, to delete their bytes. */
export async function deleteImagesOf(
  db: Db,
  ownerType: ImageOwnerType,
  ownerId: string,
  options: { except?: string } = {},
): Promise<StoredImage[]> {
  let query = db.deleteFrom('images').where('owner_type', '=', ownerType).where('owner_id', '=', ownerId);
  if (options.except) query = query.where('id', '!=', options.except);
  const rows = await query.returningAll().execute();
  return rows.map((row) => ({
    id: row.id,
    organizationId: row.organization_id,
    ownerType: row.owner_type,
    ownerId: row.owner_id,
    storageKey: row.storage_key,
    thumbKey: row.thumb_key,
    width: row.width,
    height: row.height,
  }));
}

/** Points the group at its logo (a URL), or at none. */
export async function setGroupLogo(
  db: Db,
  organizationId: string,
  groupId: string,
  logo: string | null,
  now: string,
): Promise<void> {
  await db
    .updateTable('groups')
    .set({ logo, last_updated: now })
    .where('organization_id', '=', organizationId)
    .where('id', '=', groupId)
    .execute();
}

/**
 * Sets `org_logo` in the organization's settings document, leaving its other keys alone:
 * the row is locked while the document is read and written back, so a concurrent settings
 * change is not lost.
 */
export async function setOrganizationLogoSetting(
  db: Db,
  organizationId: string,
  logo: string | null,
  now: string,
): Promise<void> {
  const row = await lockForUpdate(
    db.selectFrom('organizations').select('settings').where('id', '=', organizationId),
    dialectOf(db),
  ).executeTakeFirst();
  if (!row) return;
  const settings = { ...fromJson<Record<string, unknown>>(row.settings, {}), org_logo: logo };
  await db
    .updateTable('organizations')
    .set({ settings: toJson(settings), last_updated: now })
    .where('id', '=', organizationId)
    .execute();
}

/** Organizations the user is an active member of (where a change to their picture is recorded). */
export async function findActiveOrganizationIdsOfUser(db: Db, userId: number): Promise<string[]> {
  const rows = await db
    .selectFrom('memberships')
    .select('organization_id')
    .where('user_id', '=', userId)
    .where('status', '=', 'active')
    .execute();
  return rows.map((r) => r.organization_id);
}
