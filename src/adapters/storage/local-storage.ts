/**
 * The local-disk store: `<dir>/objects/<namespace>/<first two hex>/<sha256>`, content-
 * addressed, so the same bytes uploaded twice are kept once. Every put streams into
 * `<dir>/tmp/`, is flushed to disk, then renamed into place: a crash leaves at most a stray
 * temporary file, never a half-written object under its final name.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { FileStorage, PutOptions, StoredObject } from './file-storage.js';
import { assertNamespace, contentMissing, DigestStream } from './storage-streams.js';

const KEY = /^([A-Za-z0-9_-]{1,64})\/([0-9a-f]{64})$/;
/** Temporary files older than this are left over from a crash and are swept. */
const STALE_TMP_MS = 24 * 3600 * 1000;

export function createLocalStorage(dir: string): FileStorage {
  const tmpDir = path.join(dir, 'tmp');
  let swept = false;

  const pathOf = (key: string): string => {
    const match = KEY.exec(key);
    // The key comes from our own rows; refusing anything else keeps paths inside `dir`.
    if (!match) throw new Error(`invalid local storage key "${key}"`);
    const [, namespace, sha] = match as unknown as [string, string, string];
    return path.join(dir, 'objects', namespace, sha.slice(0, 2), sha);
  };

  async function put(source: NodeJS.ReadableStream, options: PutOptions): Promise<StoredObject> {
    assertNamespace(options.namespace);
    await fs.promises.mkdir(tmpDir, { recursive: true });
    if (!swept) {
      swept = true;
      await sweepStaleTemporaries(tmpDir);
    }
    const tmp = path.join(tmpDir, `${randomUUID()}.part`);
    const digest = new DigestStream(options.maxBytes);
    try {
      await pipeline(source, digest, fs.createWriteStream(tmp, { flags: 'wx' }));
      await flushToDisk(tmp);
      const sha256 = digest.digest();
      const key = `${options.namespace}/${sha256}`;
      const target = pathOf(key);
      await fs.promises.mkdir(path.dirname(target), { recursive: true });
      // Same content, same name: renaming over an existing copy replaces it with identical bytes.
      await fs.promises.rename(tmp, target);
      return { key, size: digest.byteCount, sha256 };
    } catch (error) {
      await fs.promises.rm(tmp, { force: true });
      throw error;
    }
  }

  async function get(key: string): Promise<NodeJS.ReadableStream> {
    let handle: fs.promises.FileHandle;
    try {
      handle = await fs.promises.open(pathOf(key), 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw contentMissing();
      throw error;
    }
    return handle.createReadStream();
  }

  async function exists(key: string): Promise<boolean> {
    try {
      await fs.promises.access(pathOf(key));
      return true;
    } catch {
      return false;
    }
  }

  async function remove(key: string): Promise<void> {
    await fs.promises.rm(pathOf(key), { force: true });
  }

  return { backend: 'local', put, get, exists, delete: remove, close: () => {} };
}

async function flushToDisk(file: string): Promise<void> {
  const handle = await fs.promises.open(file, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function sweepStaleTemporaries(tmpDir: string): Promise<void> {
  // Wall-clock time on purpose: it is compared with file modification times, not business time.
  const cutoff = Date.now() - STALE_TMP_MS;
  for (const name of await fs.promises.readdir(tmpDir)) {
    const file = path.join(tmpDir, name);
    const stat = await fs.promises.stat(file).catch(() => undefined);
    if (stat && stat.mtimeMs < cutoff) await fs.promises.rm(file, { force: true });
  }
}
