import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { createLocalStorage } from '../../src/adapters/storage/local-storage.js';
import { ConfigError, loadConfig } from '../../src/config/index.js';
import { checkUploadName } from '../../src/domain/files.js';
import { dispositionOf } from '../../src/http/routes/file-transfer.js';
import { filesUnder, tempDataDir } from '../helpers/files.js';

const MB = 1024 * 1024;

describe('file settings', () => {
  it('defaults to 100 MB uploads on the local disk under the data directory', () => {
    const config = loadConfig({ DATA_DIR: '/srv/flow' });
    expect(config.files).toEqual({
      maxUploadBytes: 100 * MB,
      maxImageBytes: 5 * MB,
      dir: '/srv/flow/files',
      s3: undefined,
    });
  });

  it('reads the S3 store settings', () => {
    const config = loadConfig({
      MAX_UPLOAD_MB: '300',
      S3_URL: 'http://127.0.0.1:9000',
      S3_BUCKET: 'files',
      S3_ACCESS_KEY_ID: 'key',
      S3_SECRET_ACCESS_KEY: 'secret',
      S3_REGION: 'eu-west-1',
      S3_FORCE_PATH_STYLE: 'false',
    });
    expect(config.files.maxUploadBytes).toBe(300 * MB);
    expect(config.files.s3).toEqual({
      endpoint: 'http://127.0.0.1:9000',
      bucket: 'files',
      region: 'eu-west-1',
      accessKeyId: 'key',
      secretAccessKey: 'secret',
      forcePathStyle: false,
    });
    expect(loadConfig({ S3_URL: 'https://s3.example', S3_BUCKET: 'b' }).files.s3).toMatchObject({
      region: 'us-east-1',
      forcePathStyle: true,
      accessKeyId: undefined,
    });
  });

  it('lists every problem with the file settings', () => {
    let error: unknown;
    try {
      loadConfig({
        MAX_UPLOAD_MB: '0',
        S3_URL: 'ftp://x',
        S3_ACCESS_KEY_ID: 'only-one',
        S3_FORCE_PATH_STYLE: 'maybe',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toMatch(/MAX_UPLOAD_MB must be an integer from 1 to 5120/);
    expect(problems).toMatch(/S3_URL must be an absolute http\(s\) URL/);
    expect(problems).toMatch(/S3_BUCKET is required/);
    expect(problems).toMatch(/must be set together/);
    expect(problems).toMatch(/S3_FORCE_PATH_STYLE must be true or false/);
  });
});

describe('upload names', () => {
  it.each([
    ['report.PDF', 'report.PDF', 'application/pdf'],
    ['../../etc/photo.jpeg', 'photo.jpeg', 'image/jpeg'],
    [
      'C:\\Users\\me\\sheet.xlsx',
      'sheet.xlsx',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    ],
    ['evil\r\nX-Header: 1.txt', 'evilX-Header: 1.txt', 'text/plain'],
  ])('keeps %j as %j served as %s', (raw, filename, contentType) => {
    expect(checkUploadName(raw)).toEqual({ filename, contentType });
  });

  it.each(['run.exe', 'page.html', 'image.svg', 'noextension', '.png', '', undefined])(
    'refuses %j with 422 FILE_TYPE_NOT_ALLOWED',
    (raw) => {
      expect(() => checkUploadName(raw)).toThrowError(
        expect.objectContaining({ code: 'FILE_TYPE_NOT_ALLOWED' }),
      );
    },
  );

  it('shortens a very long name to 255 characters, keeping the extension', () => {
    const { filename } = checkUploadName(`${'a'.repeat(400)}.docx`);
    expect(filename).toHaveLength(255);
    expect(filename.endsWith('.docx')).toBe(true);
  });

  it('writes Content-Disposition that quotes cannot break, with the RFC 5987 name', () => {
    expect(dispositionOf('a "b"\\c.pdf', 'attachment')).toBe(
      `attachment; filename="a \\"b\\"\\\\c.pdf"; filename*=UTF-8''a%20%22b%22%5Cc.pdf`,
    );
    expect(dispositionOf('日本.pdf', 'inline')).toBe(
      `inline; filename="??.pdf"; filename*=UTF-8''%E6%97%A5%E6%9C%AC.pdf`,
    );
  });
});

describe('local store', () => {
  const dir = tempDataDir();
  const store = createLocalStorage(dir);
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

  it('stores content under its SHA-256, once for the same bytes, and streams it back', async () => {
    const content = Buffer.from('content-addressed');
    const a = await store.put(Readable.from([content]), { namespace: 'org1', maxBytes: MB });
    const b = await store.put(Readable.from([content.subarray(0, 5), content.subarray(5)]), {
      namespace: 'org1',
      maxBytes: MB,
    });
    expect(a).toEqual({ key: `org1/${sha(content)}`, size: content.length, sha256: sha(content) });
    expect(b).toEqual(a);
    expect(filesUnder(path.join(dir, 'objects'))).toEqual([
      path.join('org1', sha(content).slice(0, 2), sha(content)),
    ]);
    const chunks: Buffer[] = [];
    for await (const chunk of await store.get(a.key)) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).equals(content)).toBe(true);
    expect(await store.exists(a.key)).toBe(true);
    await store.delete(a.key);
    expect(await store.exists(a.key)).toBe(false);
    await expect(store.get(a.key)).rejects.toMatchObject({ code: 'FILE_CONTENT_MISSING' });
  });

  it('keeps nothing, not even a temporary file, when the stream fails half way or runs over the limit', async () => {
    const failing = new Readable({
      read() {
        this.push(Buffer.alloc(1000, 1));
        this.destroy(new Error('client went away'));
      },
    });
    await expect(store.put(failing, { namespace: 'org2', maxBytes: MB })).rejects.toThrow('client went away');
    const big = Readable.from([Buffer.alloc(MB), Buffer.alloc(1)]);
    await expect(store.put(big, { namespace: 'org2', maxBytes: MB })).rejects.toMatchObject({
      code: 'FILE_TOO_LARGE',
      kind: 'too_large',
    });
    expect(filesUnder(path.join(dir, 'objects', 'org2'))).toEqual([]);
    expect(filesUnder(path.join(dir, 'tmp'))).toEqual([]);
  });

  it('refuses keys and namespaces that could leave the store directory', async () => {
    await expect(store.get('../../etc/passwd')).rejects.toThrow(/invalid local storage key/);
    await expect(
      store.put(Readable.from([Buffer.from('x')]), { namespace: '../x', maxBytes: MB }),
    ).rejects.toThrow(/invalid storage namespace/);
  });
});
