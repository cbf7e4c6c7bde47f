/**
 * Where uploaded bytes live, behind one small interface: the local disk under the data
 * directory by default, or an S3-compatible store when S3_URL is set (local-storage.ts,
 * s3-storage.ts; the adapters' index picks one). Streams in and out; a file is never held
 * whole in memory. Only types here, so the stores and their callers import this file and
 * nothing imports back.
 */
export interface StoredObject {
  /** The object's key in the store: what get/delete take. */
  key: string;
  size: number;
  /** Lowercase hex SHA-256 of the bytes. */
  sha256: string;
}

export interface PutOptions {
  /** Keeps one organization's bytes apart from another's (the organization id). */
  namespace: string;
  /** More bytes than this fail the put with 413 FILE_TOO_LARGE, and nothing is kept. */
  maxBytes: number;
}

export interface FileStorage {
  readonly backend: 'local' | 's3';
  /**
   * Stores the stream. Either the whole object becomes visible under the returned key or,
   * on any failure (too large, client gone, disk full), nothing is kept.
   */
  put(source: NodeJS.ReadableStream, options: PutOptions): Promise<StoredObject>;
  /** The bytes; a missing object fails with 404 FILE_CONTENT_MISSING. */
  get(key: string): Promise<NodeJS.ReadableStream>;
  exists(key: string): Promise<boolean>;
  /** Removes the object; removing a missing object is not an error. */
  delete(key: string): Promise<void>;
  /** Releases connections (the S3 client's sockets); called once, at shutdown. */
  close(): void;
}
