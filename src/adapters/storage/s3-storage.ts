/**
 * The S3-compatible store (AWS S3, MinIO, Ceph, R2, …) through the official AWS SDK v3.
 * Uploads stream through lib-storage's multipart upload (a few parts in memory at a time,
 * never the whole file). The SHA-256 is known only once the last byte went by, so objects
 * get a random key under the namespace; identical content is shared through the blob rows
 * (services/files/blobs.ts) rather than through the key.
 */
import { randomUUID } from 'node:crypto';
import { pipeline } from 'node:stream';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { S3Config } from '../../config/files.js';
import type { FileStorage, PutOptions, StoredObject } from './file-storage.js';
import { assertNamespace, contentMissing, DigestStream } from './storage-streams.js';

const PART_SIZE = 8 * 1024 * 1024;

export function createS3Storage(config: S3Config): FileStorage {
  const client = new S3Client({
    endpoint: config.endpoint,
    region: config.region,
    forcePathStyle: config.forcePathStyle,
    ...(config.accessKeyId && config.secretAccessKey
      ? { credentials: { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey } }
      : {}),
    // Checksums only where S3 requires them: many S3-compatible stores reject the SDK's
    // default trailing CRC32 on streamed bodies.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  const Bucket = config.bucket;

  async function put(source: NodeJS.ReadableStream, options: PutOptions): Promise<StoredObject> {
    assertNamespace(options.namespace);
    const key = `${options.namespace}/${randomUUID()}`;
    const digest = new DigestStream(options.maxBytes);
    let streamError: unknown;
    pipeline(source, digest, (error) => {
      if (error) streamError = error;
    });
    const upload = new Upload({
      client,
      params: { Bucket, Key: key, Body: digest, ContentType: 'application/octet-stream' },
      partSize: PART_SIZE,
      queueSize: 2,
      leavePartsOnError: false,
    });
    try {
      await upload.done();
    } catch (error) {
      await remove(key).catch(() => {});
      // The stream's own error (too large, client gone) says more than the SDK's wrapper.
      throw streamError ?? error;
    }
    return { key, size: digest.byteCount, sha256: digest.digest() };
  }

  async function get(key: string): Promise<NodeJS.ReadableStream> {
    try {
      const result = await client.send(new GetObjectCommand({ Bucket, Key: key }));
      if (!result.Body) throw contentMissing();
      return result.Body as NodeJS.ReadableStream;
    } catch (error) {
      if (isNotFound(error)) throw contentMissing();
      throw error;
    }
  }

  async function exists(key: string): Promise<boolean> {
    try {
      await client.send(new HeadObjectCommand({ Bucket, Key: key }));
      return true;
    } catch (error) {
      if (isNotFound(error)) return false;
      throw error;
    }
  }

  async function remove(key: string): Promise<void> {
    await client.send(new DeleteObjectCommand({ Bucket, Key: key }));
  }

  return { backend: 's3', put, get, exists, delete: remove, close: () => client.destroy() };
}

function isNotFound(error: unknown): boolean {
  if (!(error instanceof S3ServiceException)) return false;
  return error.name === 'NoSuchKey' || error.name === 'NotFound' || error.$metadata.httpStatusCode === 404;
}
