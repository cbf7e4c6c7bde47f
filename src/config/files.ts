import path from 'node:path';
import type { EnvReader } from './env.js';

export interface S3Config {
  /** S3_URL: the S3-compatible endpoint, e.g. `https://s3.eu-west-1.amazonaws.com` or a MinIO URL. */
  endpoint: string;
  /** S3_BUCKET: where the bytes go; it must exist. */
  bucket: string;
  /** S3_REGION (default us-east-1; most S3-compatible stores ignore it). */
  region: string;
  /** S3_ACCESS_KEY_ID / S3_SECRET_ACCESS_KEY; both unset uses the SDK's default credential chain. */
  accessKeyId: string | undefined;
  secretAccessKey: string | undefined;
  /** S3_FORCE_PATH_STYLE (default true): `endpoint/bucket/key`, which S3-compatible stores expect. */
  forcePathStyle: boolean;
}

export interface FilesConfig {
  /** MAX_UPLOAD_MB (default 100): the largest file one upload may carry, in bytes. */
  maxUploadBytes: number;
  /** MAX_IMAGE_UPLOAD_MB (default 5): the largest profile picture or logo upload, in bytes. */
  maxImageBytes: number;
  /** Where the local store keeps files: `<DATA_DIR>/files` unless FILES_DIR says otherwise. */
  dir: string;
  /** Set when S3_URL is: files go to that S3-compatible store instead of the local disk. */
  s3: S3Config | undefined;
}

const MB = 1024 * 1024;

/** Uploaded files: size limit, local directory or S3 store. */
export function readFilesConfig(read: EnvReader, dataDir: string): FilesConfig {
  // 5 GB: the largest object S3 takes in one piece, and far past any form attachment.
  const maxUploadBytes = read.int('MAX_UPLOAD_MB', 100, 1, 5 * 1024) * MB;
  const dir = path.resolve(read.str('FILES_DIR') ?? path.join(dataDir, 'files'));
  const maxImageBytes = read.int('MAX_IMAGE_UPLOAD_MB', 5, 1, 50) * MB;
  return { maxUploadBytes, maxImageBytes, dir, s3: readS3(read) };
}

function readS3(read: EnvReader): S3Config | undefined {
  const { env, problems } = read;
  const endpoint = env.S3_URL?.trim();
  if (!endpoint) return undefined;
  try {
    const url = new URL(endpoint);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('protocol');
  } catch {
    problems.push(`S3_URL must be an absolute http(s) URL (got "${endpoint}")`);
  }
  const bucket = env.S3_BUCKET?.trim() ?? '';
  if (!bucket) problems.push('S3_BUCKET is required when S3_URL is set');
  const accessKeyId = env.S3_ACCESS_KEY_ID?.trim() || undefined;
  const secretAccessKey = env.S3_SECRET_ACCESS_KEY?.trim() || undefined;
  if (!accessKeyId !== !secretAccessKey) {
    problems.push('S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY must be set together');
  }
  return {
    endpoint,
    bucket,
    region: env.S3_REGION?.trim() || 'us-east-1',
    accessKeyId,
    secretAccessKey,
    forcePathStyle: read.bool('S3_FORCE_PATH_STYLE', true),
  };
}
