/**
 * Assets as Tallyfy answers them (the spec's Asset: id, filename, version, uploaded_from,
 * uploaded_at, step_id, uploaded_to_s3, subject{id, type}; the docs add source and system),
 * plus the download `url` and Flowlane's size, content_type and archived_at.
 */
import { Type } from 'typebox';
import { type Asset, type AssetSubjectType, fileValueEntry } from '../../domain/files.js';
import type { AppContext } from '../../services/context.js';
import { loadAssetsForSubjects } from '../../services/files/file-values.js';
import { type IncludeLoader, wrap } from '../includes.js';
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
 * The `with=assets` loader for any resource whose items have an `id`: processes (`Run`),
 * tasks (`Task`), templates (`Checklist`), template steps (`Step`). One query per answer;
 * each item gets `assets: {data: [...]}`. Archived files are left out unless
 * `includeArchived` (lists asked for `archived=true`, where archived processes show the
 * files archived with them).
 */
export function assetsInclude<T extends { id: string }>(
  ctx: AppContext,
  organizationId: string,
  subjectType: AssetSubjectType,
  baseUrl: string,
  options: { includeArchived?: boolean } = {},
): IncludeLoader<T> {
  return async (items) => {
    const byId = await loadAssetsForSubjects(
      ctx,
      organizationId,
      subjectType,
      items.map((i) => i.id),
      options,
    );
    return (item) => ({ assets: wrap((byId.get(item.id) ?? []).map((a) => presentAsset(a, baseUrl))) });
  };
}
