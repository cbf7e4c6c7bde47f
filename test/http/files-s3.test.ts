import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient } from '../helpers/api.js';
import { createTestContext, type TestContext } from '../helpers/context.js';
import { createOrgWithAdmin, type TestOrg } from '../helpers/factories.js';
import {
  createFileFixture,
  download,
  type FileFixture,
  filesUnder,
  tempDataDir,
  uploadFile,
} from '../helpers/files.js';

/**
 * The S3 store, against s3rver (a local S3-compatible server) through the real AWS SDK:
 * multipart upload, download, shared content, deletion and the size limit.
 */
const BUCKET = 'flowlane-test';
let s3: S3rver;
let client: S3Client;
let t: TestContext;
let org: TestOrg;
let fx: FileFixture;
let dataDir: string;
let s3Dir: string;

beforeAll(async () => {
  dataDir = tempDataDir();
  s3Dir = tempDataDir();
  s3 = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory: s3Dir,
    configureBuckets: [{ name: BUCKET }],
  });
  const { port } = await s3.run();
  const endpoint = `http://127.0.0.1:${port}`;
  t = await createTestContext({
    DATA_DIR: dataDir,
    MAX_UPLOAD_MB: '20',
    S3_URL: endpoint,
    S3_BUCKET: BUCKET,
    S3_ACCESS_KEY_ID: 'S3RVER',
    S3_SECRET_ACCESS_KEY: 'S3RVER',
  });
  client = new S3Client({
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  });
  org = await createOrgWithAdmin(t.ctx, 'S3 files');
  fx = await createFileFixture(t.app, org.admin.token, org.orgId);
});
afterAll(async () => {
  await t.close();
  client.destroy();
  await s3.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.rmSync(s3Dir, { recursive: true, force: true });
});

const base = () => `/organizations/${org.orgId}`;
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const bucketKeys = async () =>
  ((await client.send(new ListObjectsV2Command({ Bucket: BUCKET }))).Contents ?? []).map((o) => o.Key);
const taskFile = (content: Buffer, filename = 'data.zip') =>
  uploadFile(
    t.app,
    org.admin.token,
    `${base()}/file`,
    { subject_type: 'Task', subject_id: fx.taskId },
    { filename, content },
  );

describe('S3 store', () => {
  it('uploads in parts, answers uploaded_to_s3 and downloads the same bytes; nothing on the local disk', async () => {
    const content = randomBytes(19 * 1024 * 1024);
    const res = await taskFile(content);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.data).toMatchObject({ uploaded_to_s3: true, size: content.length });
    const keys = await bucketKeys();
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatch(new RegExp(`^${org.orgId}/`));
    const dl = await download(t.app, org.admin.token, `${base()}/file/${res.body.data.id}/dl`);
    expect(dl.status).toBe(200);
    expect(sha(dl.bytes)).toBe(sha(content));
    expect(filesUnder(dataDir)).toEqual([]);
    await apiClient(t.app, org.admin.token).delete(`${base()}/file/${res.body.data.id}`);
    expect(await bucketKeys()).toEqual([]);
  });

  it('keeps one object for the same content twice, and removes it with the last file', async () => {
    const content = Buffer.from('shared on s3');
    const first = await taskFile(content, 'a.txt');
    const second = await taskFile(content, 'b.txt');
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(await bucketKeys()).toHaveLength(1);
    const api = apiClient(t.app, org.admin.token);
    await api.delete(`${base()}/file/${first.body.data.id}`);
    const still = await download(t.app, org.admin.token, `${base()}/file/${second.body.data.id}/dl`);
    expect(still.bytes.toString()).toBe('shared on s3');
    await api.delete(`${base()}/file/${second.body.data.id}`);
    expect(await bucketKeys()).toEqual([]);
  });

  it('answers 413 past MAX_UPLOAD_MB and leaves no object behind', async () => {
    const res = await taskFile(Buffer.alloc(20 * 1024 * 1024 + 1, 3));
    expect([res.status, res.body.code]).toEqual([413, 'FILE_TOO_LARGE']);
    expect(await bucketKeys()).toEqual([]);
    const rows = await t.db.kysely
      .selectFrom('assets')
      .select('id')
      .where('organization_id', '=', org.orgId)
      .execute();
    expect(rows).toEqual([]);
  });
});
