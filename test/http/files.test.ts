import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction } from '../../src/services/context.js';
import { purgeAssets } from '../../src/services/files/assets.js';
import { retainBlob } from '../../src/services/files/blobs.js';
import { apiClient } from '../helpers/api.js';
import { createTestContext, type TestContext } from '../helpers/context.js';
import { addMember, createOrgWithAdmin, type TestOrg } from '../helpers/factories.js';
import {
  createFileFixture,
  download,
  type FileFixture,
  filesUnder,
  tempDataDir,
  uploadFile,
} from '../helpers/files.js';

/** Upload, metadata, download, dedupe and delete of files, on the local store. */
let t: TestContext;
let org: TestOrg;
let fx: FileFixture;
let dataDir: string;

beforeAll(async () => {
  dataDir = tempDataDir();
  t = await createTestContext({ DATA_DIR: dataDir, MAX_UPLOAD_MB: '1' });
  org = await createOrgWithAdmin(t.ctx, 'Files');
  fx = await createFileFixture(t.app, org.admin.token, org.orgId);
});
afterAll(async () => {
  await t.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const base = () => `/organizations/${org.orgId}`;
const admin = () => apiClient(t.app, org.admin.token);
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const objects = () => filesUnder(path.join(dataDir, 'files', 'objects'));
const temporaries = () => filesUnder(path.join(dataDir, 'files', 'tmp'));
const countAssets = async () =>
  Number(
    (
      await t.db.kysely
        .selectFrom('assets')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('organization_id', '=', org.orgId)
        .executeTakeFirstOrThrow()
    ).n,
  );
const blobOf = (hash: string) =>
  t.db.kysely
    .selectFrom('file_blobs')
    .selectAll()
    .where('organization_id', '=', org.orgId)
    .where('sha256', '=', hash)
    .executeTakeFirst();

const taskFields = () => ({
  subject_type: 'Run',
  subject_id: fx.processId,
  step_id: fx.stepId,
  uploaded_from: fx.fileFieldId,
  checklist_id: fx.templateId,
  source: 'local',
});

describe('upload, metadata and download', () => {
  it('stores a task form file and answers the spec Asset; the bytes come back identical', async () => {
    const content = Buffer.from(`%PDF-1.4 binary \u0000\u00ff ${'x'.repeat(5000)}`, 'latin1');
    const res = await uploadFile(t.app, org.admin.token, `${base()}/file`, taskFields(), {
      filename: 'scan.pdf',
      content,
      contentType: 'text/html',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const asset = res.body.data;
    expect(asset).toMatchObject({
      filename: 'scan.pdf',
      version: 1,
      uploaded_from: fx.fileFieldId,
      step_id: fx.stepId,
      source: 'local',
      system: null,
      uploaded_to_s3: false,
      subject: { id: fx.processId, type: 'Run' },
      size: content.length,
      content_type: 'application/pdf',
      archived_at: null,
    });
    expect(asset.id).toMatch(/^[0-9a-f]{32}$/);
    expect(asset.url).toMatch(new RegExp(`/organizations/${org.orgId}/file/${asset.id}/dl$`));

    const meta = await admin().get(`${base()}/assets/${asset.id}`);
    expect(meta.status).toBe(200);
    expect(meta.body.data).toEqual(asset);
    const viaFile = await admin().get(`${base()}/file/${asset.id}`);
    expect(viaFile.body.data).toEqual(asset);

    const dl = await download(t.app, org.admin.token, `${base()}/file/${asset.id}/dl`);
    expect(dl.status).toBe(200);
    expect(sha(dl.bytes)).toBe(sha(content));
    // The type comes from the extension, never from what the client claimed.
    expect(dl.headers['content-type']).toBe('application/pdf');
    expect(dl.headers['content-length']).toBe(String(content.length));
    expect(dl.headers['content-disposition']).toBe(
      `attachment; filename=scan.pdf; filename*=UTF-8''scan.pdf`,
    );
    expect(dl.headers['x-content-type-options']).toBe('nosniff');

    const row = await t.db.kysely
      .selectFrom('assets')
      .selectAll()
      .where('id', '=', asset.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ task_id: fx.taskId, process_id: fx.processId, field_id: fx.fileFieldId });
    expect(row.uploader_type).toBe('user');
    expect(Number(row.uploader_id)).toBe(org.admin.userId);
  });

  it('answers GET /file/{id} with the bytes inline when the client does not ask for JSON', async () => {
    const content = Buffer.from('plain words');
    const res = await uploadFile(t.app, org.admin.token, `${base()}/file`, taskFields(), {
      filename: 'notes.txt',
      content,
    });
    const inline = await download(t.app, org.admin.token, `${base()}/file/${res.body.data.id}`);
    expect(inline.status).toBe(200);
    expect(inline.bytes.toString()).toBe('plain words');
    expect(inline.headers['content-type']).toMatch(/^text\/plain/);
    expect(inline.headers['content-disposition']).toBe(
      `inline; filename=notes.txt; filename*=UTF-8''notes.txt`,
    );
    const api = await download(t.app, org.admin.token, `/api${base()}/file/${res.body.data.id}/dl`);
    expect(api.bytes.toString()).toBe('plain words');
    const head = await t.app.inject({
      method: 'HEAD',
      url: `${base()}/file/${res.body.data.id}/dl`,
      headers: { authorization: `Bearer ${org.admin.token}` },
    });
    expect(head.statusCode).toBe(200);
    expect(head.headers['content-length']).toBe(String(content.length));
    expect(head.body).toBe('');
  });

  it('takes the file as part `file`, before the other fields, with a name that needs encoding', async () => {
    const content = Buffer.from('a,b\n1,2\n');
    const res = await uploadFile(
      t.app,
      org.admin.token,
      `${base()}/assets`,
      { subject_type: 'Task', subject_id: fx.taskId, uploaded_from: fx.fileFieldId, system: 'google drive' },
      // A client escapes quotes in the multipart header; the path is dropped.
      { part: 'file', filename: 'C:\\Users\\me\\Résumé \\"final\\".csv', content },
      { fileFirst: true },
    );
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.data).toMatchObject({
      filename: 'Résumé "final".csv',
      system: 'Google Drive',
      subject: { id: fx.taskId, type: 'Task' },
      step_id: fx.stepId,
    });
    const dl = await download(t.app, org.admin.token, `${base()}/file/${res.body.data.id}/dl`);
    expect(dl.headers['content-disposition']).toBe(
      `attachment; filename="R?sum? \\"final\\".csv"; filename*=UTF-8''R%C3%A9sum%C3%A9%20%22final%22.csv`,
    );
    expect(dl.bytes.equals(content)).toBe(true);
  });

  it('stores kick-off files against the template (ko_field) and template step files', async () => {
    const ko = await uploadFile(
      t.app,
      org.admin.token,
      `${base()}/file`,
      { subject_type: 'Checklist', subject_id: fx.templateId, uploaded_from: 'ko_field' },
      { filename: 'contract.docx', content: Buffer.from('contract') },
    );
    expect(ko.status, JSON.stringify(ko.body)).toBe(200);
    expect(ko.body.data).toMatchObject({
      uploaded_from: 'ko_field',
      subject: { type: 'Checklist', id: fx.templateId },
    });
    const step = await uploadFile(
      t.app,
      org.admin.token,
      `${base()}/file`,
      { subject_type: 'Step', subject_id: fx.stepId },
      { filename: 'howto.png', content: Buffer.from('png') },
    );
    expect(step.status, JSON.stringify(step.body)).toBe(200);
    expect(step.body.data).toMatchObject({ step_id: fx.stepId, subject: { type: 'Step', id: fx.stepId } });
  });
});

describe('the same content twice', () => {
  it('keeps one copy of the bytes for two assets; deleting one keeps the bytes for the other', async () => {
    const content = Buffer.from('shared content for dedupe');
    const hash = sha(content);
    const first = await uploadFile(t.app, org.admin.token, `${base()}/file`, taskFields(), {
      filename: 'one.txt',
      content,
    });
    const second = await uploadFile(
      t.app,
      org.admin.token,
      `${base()}/file`,
      { subject_type: 'Task', subject_id: fx.otherTaskId },
      { filename: 'two.txt', content },
    );
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(objects().filter((f) => f.endsWith(hash))).toHaveLength(1);
    expect(Number((await blobOf(hash))?.ref_count)).toBe(2);

    const del = await admin().delete(`${base()}/file/${first.body.data.id}`);
    expect(del.status).toBe(200);
    expect((await admin().get(`${base()}/assets/${first.body.data.id}`)).status).toBe(404);
    expect(Number((await blobOf(hash))?.ref_count)).toBe(1);
    const still = await download(t.app, org.admin.token, `${base()}/file/${second.body.data.id}/dl`);
    expect(still.bytes.equals(content)).toBe(true);

    await admin().delete(`${base()}/file/${second.body.data.id}`);
    expect(await blobOf(hash)).toBeUndefined();
    expect(objects().filter((f) => f.endsWith(hash))).toHaveLength(0);
  });

  it('archives with DELETE /assets/{id}: the record and bytes stay, marked archived', async () => {
    const content = Buffer.from('to be archived');
    const up = await uploadFile(t.app, org.admin.token, `${base()}/file`, taskFields(), {
      filename: 'old.txt',
      content,
    });
    const archived = await admin().delete(`${base()}/assets/${up.body.data.id}`);
    expect(archived.status).toBe(200);
    expect(archived.body.data.archived_at).toBe(t.clock.now().toISOString());
    const meta = await admin().get(`${base()}/assets/${up.body.data.id}`);
    expect(meta.body.data.archived_at).not.toBeNull();
    expect(objects().filter((f) => f.endsWith(sha(content)))).toHaveLength(1);
    const dl = await download(t.app, org.admin.token, `${base()}/file/${up.body.data.id}/dl`);
    expect(dl.bytes.equals(content)).toBe(true);
  });
});

describe('stored bytes and their references', () => {
  it('refuses with 409 FILE_STORE_CONFLICT to record bytes a concurrent delete just removed', async () => {
    const { storage } = t.ctx.adapters;
    const content = Buffer.from('raced');
    const stored = await storage.put(Readable.from([content]), { namespace: org.orgId, maxBytes: 1000 });
    // The last asset with this content was deleted between this upload's write and its record.
    await storage.delete(stored.key);
    await expect(inTransaction(t.ctx, (tx) => retainBlob(tx, org.orgId, stored))).rejects.toMatchObject({
      kind: 'conflict',
      code: 'FILE_STORE_CONFLICT',
    });
    expect(await blobOf(sha(content))).toBeUndefined();
  });
});

describe('purging', () => {
  it('removes every file of a hard-deleted process with its bytes, and leaves its template’s files', async () => {
    const mine = await createFileFixture(t.app, org.admin.token, org.orgId);
    const up = (fields: Record<string, string>, text: string) =>
      uploadFile(t.app, org.admin.token, `${base()}/file`, fields, {
        filename: 'p.pdf',
        content: Buffer.from(text),
      });
    const task = await up({ subject_type: 'Task', subject_id: mine.taskId }, 'purged task file');
    const run = await up({ subject_type: 'Run', subject_id: mine.processId }, 'purged run file');
    const template = await up({ subject_type: 'Step', subject_id: mine.stepId }, 'kept template file');
    await inTransaction(t.ctx, (tx) => purgeAssets(tx, org.orgId, { processIds: [mine.processId] }));
    expect((await admin().get(`${base()}/assets/${task.body.data.id}`)).status).toBe(404);
    expect((await admin().get(`${base()}/assets/${run.body.data.id}`)).status).toBe(404);
    expect((await admin().get(`${base()}/assets/${template.body.data.id}`)).status).toBe(200);
    expect(objects().some((f) => f.endsWith(sha(Buffer.from('purged task file'))))).toBe(false);
    expect(objects().some((f) => f.endsWith(sha(Buffer.from('kept template file'))))).toBe(true);
  });
});

describe('refusals', () => {
  it('answers 413 FILE_TOO_LARGE past MAX_UPLOAD_MB and keeps nothing: no row, no bytes, no temporary file', async () => {
    const before = { assets: await countAssets(), objects: objects().length };
    const res = await uploadFile(t.app, org.admin.token, `${base()}/file`, taskFields(), {
      filename: 'big.pdf',
      content: Buffer.alloc(1024 * 1024 + 1, 7),
    });
    expect(res.status).toBe(413);
    expect(res.body.code).toBe('FILE_TOO_LARGE');
    expect(await countAssets()).toBe(before.assets);
    expect(objects()).toHaveLength(before.objects);
    expect(temporaries()).toEqual([]);
    const exact = await uploadFile(t.app, org.admin.token, `${base()}/file`, taskFields(), {
      filename: 'exact.pdf',
      content: Buffer.alloc(1024 * 1024, 7),
    });
    expect(exact.status).toBe(200);
    expect(exact.body.data.size).toBe(1024 * 1024);
  });

  it('answers 404 for a subject that does not exist or belongs to another organization', async () => {
    const other = await createOrgWithAdmin(t.ctx, 'Elsewhere');
    const theirs = await createFileFixture(t.app, other.admin.token, other.orgId);
    const before = await countAssets();
    const file = { filename: 'a.pdf', content: Buffer.from('a') };
    const cases: Array<[Record<string, string>, string]> = [
      [{ subject_type: 'Run', subject_id: 'f'.repeat(32) }, 'PROCESS_NOT_FOUND'],
      [{ subject_type: 'Run', subject_id: theirs.processId }, 'PROCESS_NOT_FOUND'],
      [{ subject_type: 'Task', subject_id: theirs.taskId }, 'TASK_NOT_FOUND'],
      [
        { subject_type: 'Checklist', subject_id: theirs.templateId, uploaded_from: 'ko_field' },
        'TEMPLATE_NOT_FOUND',
      ],
      [{ subject_type: 'Step', subject_id: theirs.stepId }, 'STEP_NOT_FOUND'],
    ];
    for (const [fields, code] of cases) {
      const res = await uploadFile(t.app, org.admin.token, `${base()}/file`, fields, file);
      expect([res.status, res.body.code], JSON.stringify(fields)).toEqual([404, code]);
    }
    expect(await countAssets()).toBe(before);
    expect(temporaries()).toEqual([]);
    // Nor can their files be read, downloaded, archived or deleted from here.
    const theirFile = await uploadFile(
      t.app,
      other.admin.token,
      `/organizations/${other.orgId}/file`,
      { subject_type: 'Task', subject_id: theirs.taskId },
      file,
    );
    expect(theirFile.status).toBe(200);
    const id = theirFile.body.data.id;
    expect((await admin().get(`${base()}/assets/${id}`)).status).toBe(404);
    expect((await download(t.app, org.admin.token, `${base()}/file/${id}/dl`)).status).toBe(404);
    expect((await admin().delete(`${base()}/assets/${id}`)).status).toBe(404);
    expect((await admin().delete(`${base()}/file/${id}`)).status).toBe(404);
    expect(
      (await download(t.app, org.admin.token, `/organizations/${other.orgId}/file/${id}/dl`)).status,
    ).toBe(404);
  });

  it('answers 422 for a type not allowed, a missing file, a missing subject and a field of another subject', async () => {
    const before = { assets: await countAssets(), objects: objects().length };
    const exe = await uploadFile(t.app, org.admin.token, `${base()}/file`, taskFields(), {
      filename: 'setup.exe',
      content: Buffer.from('MZ'),
    });
    expect([exe.status, exe.body.code]).toEqual([422, 'FILE_TYPE_NOT_ALLOWED']);
    const html = await uploadFile(t.app, org.admin.token, `${base()}/file`, taskFields(), {
      filename: 'page.html',
      content: Buffer.from('<script>'),
    });
    expect(html.body.code).toBe('FILE_TYPE_NOT_ALLOWED');
    const none = await uploadFile(t.app, org.admin.token, `${base()}/file`, taskFields());
    expect([none.status, none.body.code]).toEqual([422, 'FILE_REQUIRED']);
    const two = await uploadFile(t.app, org.admin.token, `${base()}/file`, taskFields(), [
      { filename: 'one.pdf', content: Buffer.from('first of two') },
      { filename: 'two.pdf', content: Buffer.from('second of two') },
    ]);
    expect([two.status, two.body.code, two.body.errors]).toEqual([
      422,
      'VALIDATION_FAILED',
      { name: ['Send one file per upload.'] },
    ]);
    const json = await admin().post(`${base()}/file`, taskFields());
    expect([json.status, json.body.code]).toEqual([422, 'FILE_REQUIRED']);
    const noSubject = await uploadFile(
      t.app,
      org.admin.token,
      `${base()}/file`,
      {},
      {
        filename: 'a.pdf',
        content: Buffer.from('a'),
      },
    );
    expect([noSubject.status, noSubject.body.code]).toEqual([422, 'VALIDATION_FAILED']);
    expect(Object.keys(noSubject.body.errors)).toEqual(['subject_type', 'subject_id']);
    const wrongField = await uploadFile(
      t.app,
      org.admin.token,
      `${base()}/file`,
      { subject_type: 'Task', subject_id: fx.otherTaskId, uploaded_from: fx.fileFieldId },
      { filename: 'a.pdf', content: Buffer.from('a') },
    );
    expect([wrongField.status, wrongField.body.code]).toEqual([422, 'FILE_FIELD_MISMATCH']);
    const textField = await uploadFile(
      t.app,
      org.admin.token,
      `${base()}/file`,
      { ...taskFields(), uploaded_from: fx.textFieldId },
      { filename: 'a.pdf', content: Buffer.from('a') },
      { fileFirst: true },
    );
    expect(textField.body.code).toBe('FILE_FIELD_MISMATCH');
    expect(await countAssets()).toBe(before.assets);
    expect(objects()).toHaveLength(before.objects);
    expect(temporaries()).toEqual([]);
  });

  it('hides a task from a light member it is not assigned to, and refuses light members process files', async () => {
    const light = await addMember(t.ctx, org.orgId, 'light');
    const file = { filename: 'a.pdf', content: Buffer.from('a') };
    const task = await uploadFile(
      t.app,
      light.token,
      `${base()}/file`,
      { subject_type: 'Task', subject_id: fx.taskId },
      file,
    );
    expect([task.status, task.body.code]).toEqual([404, 'TASK_NOT_FOUND']);
    const mine = await uploadFile(t.app, org.admin.token, `${base()}/file`, taskFields(), file);
    expect((await apiClient(t.app, light.token).get(`${base()}/assets/${mine.body.data.id}`)).status).toBe(
      404,
    );
    const template = await uploadFile(
      t.app,
      light.token,
      `${base()}/file`,
      { subject_type: 'Step', subject_id: fx.stepId },
      file,
    );
    expect(template.status).toBe(403);
  });
});
