/**
 * Profile pictures, organization logos and group logos: uploaded bytes are re-encoded by
 * the image adapter (never kept or served as uploaded), stored as a full size and a
 * thumbnail through the file store, and read back only by people who may see the owner.
 */
import { Readable } from 'node:stream';
import { ImageNotReadable, type ImageSizes } from '../../adapters/index.js';
import { findGroupsByIds } from '../../db/repositories/groups-repository.js';
import {
  deleteImagesOf,
  findActiveOrganizationIdsOfUser,
  findImageById,
  type ImageOwnerType,
  insertImage,
  type StoredImage,
  setGroupLogo,
  setOrganizationLogoSetting,
} from '../../db/repositories/images-repository.js';
import {
  findMember,
  findUserById,
  setProfilePicture,
  sharesOrganization,
} from '../../db/repositories/users-repository.js';
import { notFound, rejected } from '../../domain/errors.js';
import { isHexId, newHexId } from '../../domain/ids.js';
import type { Member } from '../../domain/people.js';
import { type AppContext, inTransaction, type MemberActor, nowIso, type Principal } from '../context.js';
import { recordActivities } from '../events/record.js';
import { publicBase } from '../notifications/mail-links.js';
import { authorize, groupNotFound, memberNotFound } from '../people/access.js';

/** Profile pictures: shown at most 512 px wide, thumbnails 128 px square. */
const PICTURE_SIZES: ImageSizes = { maxSide: 512, thumbSide: 128 };
/** Logos: up to 1024 px, thumbnails 256 px square. */
const LOGO_SIZES: ImageSizes = { maxSide: 1024, thumbSide: 256 };

const pictureMissing = () => notFound('PICTURE_NOT_FOUND', 'Picture');

export interface ImageOwner {
  type: ImageOwnerType;
  id: string;
  organizationId: string | null;
}

/** The URL an owner's image is served at (the `profile_pic` / `logo` the API shows). */
export function imageUrl(
  ctx: AppContext,
  image: Pick<StoredImage, 'id' | 'ownerType' | 'organizationId'>,
): string {
  const base = publicBase(ctx);
  if (image.ownerType === 'user') return `${base}/users-picture/${image.id}`;
  if (image.ownerType === 'organization')
    return `${base}/organizations/${image.organizationId}/logo/${image.id}`;
  return `${base}/${image.organizationId}/organization-assets/groups/${image.id}`;
}

/**
 * Re-encodes and stores the bytes as the owner's only image, pointing the owner at it in
 * the same transaction (`apply`). The replaced image's bytes are removed after commit; the
 * new bytes are removed again when the transaction fails.
 */
async function replaceImage(
  ctx: AppContext,
  owner: ImageOwner,
  bytes: Buffer,
  sizes: ImageSizes,
  apply: (tx: AppContext, url: string) => Promise<void>,
): Promise<StoredImage> {
  const encoded = await ctx.adapters.images.reencode(bytes, sizes).catch((error: unknown) => {
    if (error instanceof ImageNotReadable) {
      throw rejected('IMAGE_NOT_READABLE', 'Upload a JPEG, PNG, WebP, GIF, AVIF or TIFF image.');
    }
    throw error;
  });
  // A namespace of its own per image: the local store is content-addressed within a
  // namespace, so removing this image's bytes can never remove a file or image that
  // happens to hold the same bytes.
  const id = newHexId();
  const namespace = `img-${id}`;
  const maxBytes = ctx.config.files.maxUploadBytes;
  const full = await ctx.adapters.storage.put(Readable.from([encoded.full]), { namespace, maxBytes });
  const thumb = await ctx.adapters.storage
    .put(Readable.from([encoded.thumb]), { namespace, maxBytes })
    .catch(async (error: unknown) => {
      await ctx.adapters.storage.delete(full.key);
      throw error;
    });
  const image: StoredImage = {
    id,
    organizationId: owner.organizationId,
    ownerType: owner.type,
    ownerId: owner.id,
    storageKey: full.key,
    thumbKey: thumb.key,
    width: encoded.width,
    height: encoded.height,
  };
  let replaced: StoredImage[] = [];
  try {
    await inTransaction(ctx, async (tx) => {
      await insertImage(tx.db.kysely, image, nowIso(tx));
      replaced = await deleteImagesOf(tx.db.kysely, owner.type, owner.id, { except: image.id });
      await apply(tx, imageUrl(tx, image));
    });
  } catch (error) {
    await removeBytes(ctx, [image]);
    throw error;
  }
  await removeBytes(ctx, replaced);
  return image;
}

/** Removes the owner's image and points the owner at none; the bytes go after commit. */
async function removeImages(
  ctx: AppContext,
  owner: ImageOwner,
  apply: (tx: AppContext) => Promise<void>,
): Promise<void> {
  const removed = await inTransaction(ctx, async (tx) => {
    const rows = await deleteImagesOf(tx.db.kysely, owner.type, owner.id);
    await apply(tx);
    return rows;
  });
  await removeBytes(ctx, removed);
}

async function removeBytes(ctx: AppContext, images: readonly StoredImage[]): Promise<void> {
  for (const image of images) {
    await ctx.adapters.storage.delete(image.storageKey);
    await ctx.adapters.storage.delete(image.thumbKey);
  }
}

// ---- Profile pictures

/** `POST /me/profile-pic` and the administrators' `POST …/users/{id}/profile-pic`. */
async function setPicture(ctx: AppContext, actorId: number, userId: number, bytes: Buffer): Promise<void> {
  const owner: ImageOwner = { type: 'user', id: String(userId), organizationId: null };
  await replaceImage(ctx, owner, bytes, PICTURE_SIZES, async (tx, url) => {
    const before = await findProfilePicture(tx, userId);
    await setProfilePicture(tx.db.kysely, userId, url, nowIso(tx));
    await recordPictureChange(tx, actorId, userId, before, url);
  });
}

async function clearPicture(ctx: AppContext, actorId: number, userId: number): Promise<void> {
  const owner: ImageOwner = { type: 'user', id: String(userId), organizationId: null };
  await removeImages(ctx, owner, async (tx) => {
    const before = await findProfilePicture(tx, userId);
    await setProfilePicture(tx.db.kysely, userId, null, nowIso(tx));
    if (before !== null) await recordPictureChange(tx, actorId, userId, before, null);
  });
}

async function findProfilePicture(tx: AppContext, userId: number): Promise<string | null> {
  return (await findUserById(tx.db.kysely, userId))?.profilePic ?? null;
}

/** A picture belongs to the account, so the change is recorded in each of its organizations. */
async function recordPictureChange(
  tx: AppContext,
  actorId: number,
  userId: number,
  oldValue: string | null,
  newValue: string | null,
): Promise<void> {
  for (const organizationId of await findActiveOrganizationIdsOfUser(tx.db.kysely, userId)) {
    await recordActivities(tx, organizationId, { type: 'user', id: actorId }, [
      {
        action: 'picture_changed',
        objectType: 'user',
        objectId: String(userId),
        field: 'profile_pic',
        oldValue,
        newValue,
      },
    ]);
  }
}

export async function setOwnPicture(ctx: AppContext, principal: Principal, bytes: Buffer): Promise<void> {
  await setPicture(ctx, principal.userId, principal.userId, bytes);
}

export async function removeOwnPicture(ctx: AppContext, principal: Principal): Promise<void> {
  await clearPicture(ctx, principal.userId, principal.userId);
}

export async function setMemberPicture(
  ctx: AppContext,
  actor: MemberActor,
  userId: number,
  bytes: Buffer,
): Promise<Member> {
  await authorize(ctx, actor, 'member.update');
  await loadMember(ctx, actor, userId);
  await setPicture(ctx, actor.userId, userId, bytes);
  return loadMember(ctx, actor, userId);
}

export async function removeMemberPicture(
  ctx: AppContext,
  actor: MemberActor,
  userId: number,
): Promise<Member> {
  await authorize(ctx, actor, 'member.update');
  await loadMember(ctx, actor, userId);
  await clearPicture(ctx, actor.userId, userId);
  return loadMember(ctx, actor, userId);
}

async function loadMember(ctx: AppContext, actor: MemberActor, userId: number): Promise<Member> {
  const member = await findMember(ctx.db.kysely, actor.organizationId, userId);
  if (!member) throw memberNotFound();
  return member;
}

export interface ImageContent {
  stream: NodeJS.ReadableStream;
  /** Always PNG: the re-encoder writes nothing else. */
  contentType: 'image/png';
}

/** `GET /users-picture/{id}` (and the thumbnail): for anyone sharing an organization with the member. */
export async function readUserPicture(
  ctx: AppContext,
  principal: Principal,
  imageId: string,
  size: 'full' | 'thumb',
): Promise<ImageContent> {
  const image = await findImage(ctx, imageId, 'user');
  if (!(await sharesOrganization(ctx.db.kysely, principal.userId, Number(image.ownerId))))
    throw pictureMissing();
  return content(ctx, image, size);
}

// ---- Organization and group logos

export async function setOrganizationLogo(
  ctx: AppContext,
  actor: MemberActor,
  bytes: Buffer,
): Promise<StoredImage> {
  await authorize(ctx, actor, 'organization.update');
  const owner: ImageOwner = {
    type: 'organization',
    id: actor.organizationId,
    organizationId: actor.organizationId,
  };
  return replaceImage(ctx, owner, bytes, LOGO_SIZES, async (tx, url) => {
    await setOrganizationLogoSetting(tx.db.kysely, actor.organizationId, url, nowIso(tx));
    await recordLogoChange(tx, actor, 'organization', actor.organizationId, url);
  });
}

/** `DELETE /organizations/{org}/logo/{id}`: 404 unless it is the organization's current logo. */
export async function removeOrganizationLogo(
  ctx: AppContext,
  actor: MemberActor,
  imageId: string,
): Promise<void> {
  await authorize(ctx, actor, 'organization.update');
  await findOrganizationImage(ctx, actor, imageId, 'organization');
  const owner: ImageOwner = {
    type: 'organization',
    id: actor.organizationId,
    organizationId: actor.organizationId,
  };
  await removeImages(ctx, owner, async (tx) => {
    await setOrganizationLogoSetting(tx.db.kysely, actor.organizationId, null, nowIso(tx));
    await recordLogoChange(tx, actor, 'organization', actor.organizationId, null);
  });
}

export async function readOrganizationLogo(
  ctx: AppContext,
  actor: MemberActor,
  imageId: string,
  size: 'full' | 'thumb',
): Promise<ImageContent> {
  await authorize(ctx, actor, 'organization.read');
  return content(ctx, await findOrganizationImage(ctx, actor, imageId, 'organization'), size);
}

export async function setGroupLogoImage(
  ctx: AppContext,
  actor: MemberActor,
  groupId: string,
  bytes: Buffer,
): Promise<StoredImage> {
  await authorize(ctx, actor, 'group.manage');
  const groups = isHexId(groupId)
    ? await findGroupsByIds(ctx.db.kysely, actor.organizationId, [groupId])
    : new Map();
  if (!groups.has(groupId)) throw groupNotFound();
  const owner: ImageOwner = { type: 'group', id: groupId, organizationId: actor.organizationId };
  return replaceImage(ctx, owner, bytes, LOGO_SIZES, async (tx, url) => {
    await setGroupLogo(tx.db.kysely, actor.organizationId, groupId, url, nowIso(tx));
    await recordLogoChange(tx, actor, 'group', groupId, url);
  });
}

/** `GET /{org}/organization-assets/groups/{asset}`: a group logo, for the organization's members. */
export async function readGroupLogo(
  ctx: AppContext,
  actor: MemberActor,
  imageId: string,
  size: 'full' | 'thumb',
): Promise<ImageContent> {
  await authorize(ctx, actor, 'group.read');
  return content(ctx, await findOrganizationImage(ctx, actor, imageId, 'group'), size);
}

async function recordLogoChange(
  tx: AppContext,
  actor: MemberActor,
  objectType: 'organization' | 'group',
  objectId: string,
  newValue: string | null,
): Promise<void> {
  await recordActivities(tx, actor.organizationId, { type: 'user', id: actor.userId }, [
    { action: 'logo_changed', objectType, objectId, field: 'logo', oldValue: null, newValue },
  ]);
}

async function findImage(ctx: AppContext, imageId: string, type: ImageOwnerType): Promise<StoredImage> {
  const image = isHexId(imageId) ? await findImageById(ctx.db.kysely, imageId) : undefined;
  if (image?.ownerType !== type) throw pictureMissing();
  return image;
}

async function findOrganizationImage(
  ctx: AppContext,
  actor: MemberActor,
  imageId: string,
  type: ImageOwnerType,
): Promise<StoredImage> {
  const image = await findImage(ctx, imageId, type);
  if (image.organizationId !== actor.organizationId) throw pictureMissing();
  return image;
}

async function content(ctx: AppContext, image: StoredImage, size: 'full' | 'thumb'): Promise<ImageContent> {
  const stream = await ctx.adapters.storage.get(size === 'thumb' ? image.thumbKey : image.storageKey);
  return { stream, contentType: 'image/png' };
}
