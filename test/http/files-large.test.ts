import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../helpers/context.js';
import { createOrgWithAdmin, type TestOrg } from '../helpers/factories.js';
import { createFileFixture, type FileFixture, tempDataDir } from '../helpers/files.js';

/**
 * One large file through a real listening server: a 300 MB upload generated on the fly and
 * streamed as the request body, then downloaded, compared by SHA-256, while the process's
 * resident memory stays far below the file's size (nothing holds the file whole).
 */
const SIZE = 300 * 1024 * 1024;
const MB = 1024 * 1024;

let t: TestContext;
let org: TestOrg;
let fx: FileFixture;
let dataDir: string;
let baseUrl: string;

beforeAll(async () => {
  dataDir = tempDataDir();
  t = await createTestContext({ DATA_DIR: dataDir, MAX_UPLOAD_MB: '400' });
  org = await createOrgWithAdmin(t.ctx, 'Large files');
  fx = await createFileFixture(t.app, org.admin.token, org.orgId);
  baseUrl = await t.app.listen({ host: '127.0.0.1', port: 0 });
});
afterAll(async () => {
  await t.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** Samples resident memory until stopped; answers the highest reading. */
function watchMemory() {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  return () => {
    clearInterval(timer);
    return Math.max(peak, process.memoryUsage().rss);
  };
}

/** `size` bytes made 1 MB at a time (each chunk different), hashed as they go out. */
function generated(size: number, hash: ReturnType<typeof createHash>): Readable {
  const block = randomBytes(MB);
  let sent = 0;
  return new Readable({
    read() {
      if (sent >= size) {
        this.push(null);
        return;
      }
      const chunk = Buffer.from(block.subarray(0, Math.min(MB, size - sent)));
      chunk.writeUInt32BE(sent / MB, 0);
      hash.update(chunk);
      sent += chunk.length;
      this.push(chunk);
    },
  });
}

function uploadLarge(
  hash: ReturnType<typeof createHash>,
  size = SIZE,
  fields: Record<string, string> = {
    subject_type: 'Task',
    subject_id: fx.taskId,
    uploaded_from: fx.fileFieldId,
  },
): Promise<{ status: number; body: any }> {
  const boundary = `----flowlane${randomBytes(8).toString('hex')}`;
  const head = Buffer.from(
    Object.entries(fields)
      .map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`)
      .join('') +
      `--${boundary}\r\nContent-Disposition: form-data; name="name"; filename="big.zip"\r\n` +
      'Content-Type: application/zip\r\n\r\n',
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const body = Readable.from(
    (async function* () {
      yield head;
      yield* generated(size, hash);
      yield tail;
    })(),
  );
  return new Promise((resolve, reject) => {
    const req = http.request(`${baseUrl}/organizations/${org.orgId}/file`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${org.admin.token}`,
        accept: 'application/json',
        'content-type': `multipart/form-data; boundary=${boundary}`,
        'content-length': String(head.length + size + tail.length),
      },
    });
    req.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c) => {
        text += c;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
    });
    req.on('error', reject);
    body.pipe(req);
  });
}

function downloadHash(id: string): Promise<{ status: number; sha256: string; size: number }> {
  return new Promise((resolve, reject) => {
    const url = `${baseUrl}/organizations/${org.orgId}/file/${id}/dl`;
    http
      .get(url, { headers: { authorization: `Bearer ${org.admin.token}` } }, (res) => {
        const hash = createHash('sha256');
        let size = 0;
        res.on('data', (c: Buffer) => {
          hash.update(c);
          size += c.length;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, sha256: hash.digest('hex'), size }));
        res.on('error', reject);
      })
      .on('error', reject);
  });
}

it('round-trips a 300 MB file byte for byte with flat memory', { timeout: 240_000 }, async () => {
  const sent = createHash('sha256');
  const before = process.memoryUsage().rss;
  const stopUpload = watchMemory();
  const res = await uploadLarge(sent);
  const uploadPeak = stopUpload();
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  expect(res.body.data.size).toBe(SIZE);
  const sentSha = sent.digest('hex');
  const row = await t.db.kysely
    .selectFrom('assets')
    .selectAll()
    .where('id', '=', res.body.data.id)
    .executeTakeFirstOrThrow();
  expect(row.sha256).toBe(sentSha);

  const stopDownload = watchMemory();
  const back = await downloadHash(res.body.data.id);
  const downloadPeak = stopDownload();
  expect(back).toEqual({ status: 200, sha256: sentSha, size: SIZE });
  // Generous for garbage-collector slack, and still far from the 300 MB a buffered copy costs.
  expect((uploadPeak - before) / MB).toBeLessThan(100);
  expect((downloadPeak - before) / MB).toBeLessThan(100);
});

it('reads the rest of a refused upload before answering, so a client still sending gets the answer', async () => {
  const res = await uploadLarge(createHash('sha256'), 20 * MB, {
    subject_type: 'Task',
    subject_id: 'f'.repeat(32),
  });
  expect([res.status, res.body.code]).toEqual([404, 'TASK_NOT_FOUND']);
  // The server is fine afterwards: the next upload goes through.
  const after = await uploadLarge(createHash('sha256'), MB);
  expect(after.status).toBe(200);
});
