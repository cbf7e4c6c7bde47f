import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient } from '../helpers/api.js';
import { createTestContext, type TestContext } from '../helpers/context.js';
import { createOrgWithAdmin, type TestOrg } from '../helpers/factories.js';
import { createFileFixture, download, type FileFixture, tempDataDir, uploadFile } from '../helpers/files.js';
import { guestCodeOf } from '../helpers/people.js';

/** Guests upload to, read and delete the files of their own tasks through their guest code. */
let t: TestContext;
let org: TestOrg;
let fx: FileFixture;
let dataDir: string;
let code: string;
const email = 'client@example.com';

beforeAll(async () => {
  dataDir = tempDataDir();
  t = await createTestContext({ DATA_DIR: dataDir });
  org = await createOrgWithAdmin(t.ctx, 'Guest files');
  fx = await createFileFixture(t.app, org.admin.token, org.orgId);
  const api = apiClient(t.app, org.admin.token);
  for (const taskId of [fx.taskId, fx.otherTaskId]) {
    const put = await api.put(`${base()}/runs/${fx.processId}/tasks/${taskId}`, {
      owners: { guests: [email] },
    });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
  }
  code = await guestCodeOf(api, org.orgId, email);
});
afterAll(async () => {
  await t.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const base = () => `/organizations/${org.orgId}`;
const guestBase = () => `${base()}/guests/${code}`;
const file = (text: string) => ({ filename: 'signed.pdf', content: Buffer.from(text) });

describe('guest files', () => {
  it('uploads to their own task with no token, and reads and downloads it back', async () => {
    const res = await uploadFile(
      t.app,
      undefined,
      `${guestBase()}/tasks/${fx.taskId}/file`,
      { uploaded_from: fx.fileFieldId },
      file('signed by the client'),
    );
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.data).toMatchObject({
      subject: { type: 'Task', id: fx.taskId },
      uploaded_from: fx.fileFieldId,
    });
    const id = res.body.data.id;
    const row = await t.db.kysely
      .selectFrom('assets')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.uploader_type).toBe('guest');

    const meta = await apiClient(t.app).get(`${guestBase()}/tasks/${fx.taskId}/file/${id}`);
    expect(meta.status).toBe(200);
    expect(meta.body.data.id).toBe(id);
    const bytes = await download(t.app, undefined, `${guestBase()}/file/${id}/dl`);
    expect(bytes.bytes.toString()).toBe('signed by the client');
    // Members see it too, as a file of the task.
    const asMember = await download(t.app, org.admin.token, `${base()}/file/${id}/dl`);
    expect(asMember.bytes.toString()).toBe('signed by the client');
  });

  it('is refused on a task that does not admit guests, and cannot see other tasks or kick-off files', async () => {
    const review = await uploadFile(
      t.app,
      undefined,
      `${guestBase()}/tasks/${fx.otherTaskId}/file`,
      {},
      file('x'),
    );
    expect([review.status, review.body.code]).toEqual([403, 'GUEST_NOT_PERMITTED']);
    const admin = await uploadFile(
      t.app,
      org.admin.token,
      `${base()}/file`,
      { subject_type: 'Checklist', subject_id: fx.templateId, uploaded_from: 'ko_field' },
      file('kick-off'),
    );
    expect(admin.status).toBe(200);
    const seen = await apiClient(t.app).get(`${guestBase()}/file/${admin.body.data.id}`);
    expect([seen.status, seen.body.code]).toEqual([404, 'ASSET_NOT_FOUND']);
    const wrongCode = await uploadFile(
      t.app,
      undefined,
      `${base()}/guests/nope/tasks/${fx.taskId}/file`,
      {},
      file('x'),
    );
    expect(wrongCode.status).toBe(404);
  });

  it('answers 404 for a task that is not theirs', async () => {
    const other = await createFileFixture(t.app, org.admin.token, org.orgId);
    const res = await uploadFile(
      t.app,
      undefined,
      `${guestBase()}/tasks/${other.taskId}/file`,
      {},
      file('x'),
    );
    expect([res.status, res.body.code]).toEqual([404, 'TASK_NOT_FOUND']);
  });

  it('deletes what the guest uploaded, but not what a member uploaded to the same task', async () => {
    const own = await uploadFile(
      t.app,
      undefined,
      `${guestBase()}/tasks/${fx.taskId}/file`,
      {},
      file('mine'),
    );
    const del = await apiClient(t.app).delete(`${guestBase()}/tasks/${fx.taskId}/file/${own.body.data.id}`);
    expect(del.status).toBe(200);
    expect((await apiClient(t.app, org.admin.token).get(`${base()}/assets/${own.body.data.id}`)).status).toBe(
      404,
    );
    const members = await uploadFile(
      t.app,
      org.admin.token,
      `${base()}/file`,
      { subject_type: 'Task', subject_id: fx.taskId },
      file('members'),
    );
    const refused = await apiClient(t.app).delete(
      `${guestBase()}/tasks/${fx.taskId}/file/${members.body.data.id}`,
    );
    expect([refused.status, refused.body.code]).toEqual([403, 'GUEST_NOT_PERMITTED']);
  });
});
