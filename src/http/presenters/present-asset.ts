/**
 * Assets as Tallyfy answers them (the spec's Asset: id, filename, version, uploaded_from,
 * uploaded_at, step_id, uploaded_to_s3, subject{id, type}; the docs add source and system),
 * plus the download `url` and Flowlane's size, content_type and archived_at.
 */
import { Type } from 'typebox';
import { type Asset, fileValueEntry } from '../../domain/files.js';
import { wrap } from '../includes.js';
import { IsoDate, Nullable, NullableDate } from '../schemas/common.js';

export const AssetSchema = Type.Object(
  {
    id: Type.String(),
    filename: Type.String(),
    version: Type.Integer(),
    uploaded_from: Nullable(Type.String()),
    uploaded_at: IsoDate,
    step_id: Nullable(Type.String()),
    source: Type.String(),
    system: Nullable(Type.String()),
    uploaded_to_s3: Type.Boolean(),
    subject: Type.Object({ id: Type.String(), type: Type.String() }),
    url: Type.String({ description: 'Where the bytes are downloaded (…/file/{id}/dl)' }),
    size: Type.Integer(),
    content_type: Type.String(),
    archived_at: NullableDate,
  },
  { additionalProperties: true },
);

/** The download address of an asset, on the base the caller reached the server at. */
export function assetUrl(asset: Pick<Asset, 'id' | 'organizationId'>, baseUrl: string): string {
  return `${baseUrl}/organizations/${asset.organizationId}/file/${asset.id}/dl`;
}

export function presentAsset(asset: Asset, baseUrl: string) {
  return { ...fileValueEntry(asset), url: assetUrl(asset, baseUrl), archived_at: asset.archivedAt };
}

/**
 * `with=assets` of any resource (processes `Run`, tasks `Task`, templates `Checklist`, steps
 * `Step`): the item's files, loaded by the service in one query per answer, as `{data: [...]}`.
 */
export function presentAssets(assets: readonly Asset[] | undefined, baseUrl: string) {
  return wrap((assets ?? []).map((a) => presentAsset(a, baseUrl)));
}
