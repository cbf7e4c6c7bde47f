/** Stream helpers and errors every file store shares. */
import { createHash, type Hash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { AppError } from '../../domain/errors.js';

export const fileTooLarge = (maxBytes: number) =>
  new AppError(
    'FILE_TOO_LARGE',
    `The file is larger than the ${Math.floor(maxBytes / (1024 * 1024))} MB allowed.`,
  );

export const contentMissing = () =>
  new AppError('FILE_CONTENT_MISSING', "The file's content is no longer stored.");

/**
 * Passes bytes through while counting and hashing them; fails as soon as more than
 * `maxBytes` went by, so an oversize upload stops at the limit instead of at its end.
 */
export class DigestStream extends Transform {
  /** Not `size`: upload libraries read a body's `size` as its total length. */
  byteCount = 0;
  private readonly hash: Hash = createHash('sha256');

  constructor(private readonly maxBytes: number) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.byteCount += chunk.length;
    if (this.byteCount > this.maxBytes) {
      callback(fileTooLarge(this.maxBytes));
      return;
    }
    this.hash.update(chunk);
    callback(null, chunk);
  }

  digest(): string {
    return this.hash.digest('hex');
  }
}

/** Namespaces become path segments and key prefixes: keep them to safe characters. */
export function assertNamespace(namespace: string): void {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(namespace)) throw new Error(`invalid storage namespace "${namespace}"`);
}
