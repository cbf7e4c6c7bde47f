/**
 * Files follow the life of what they are attached to, through the real endpoints: archiving a
 * process archives its files (activating it brings them back), hard deletes of processes,
 * one-off tasks and templates remove their files and bytes, and a one-off task's files move
 * with it when it is linked to or unlinked from a process.
 */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient } from '../helpers/api.js';
import { createTestContext, type TestContext } from '../helpers/context.js';
import { createOrgWithAdmin, type TestOrg } from '../helpers/factories.js';
import { createFileFixture, download, filesUnder, tempDataDir, uploadFile } from '../helpers/files.js';

let t: TestContext;
let org: TestOrg;
let dataDir: string;

beforeAll(async () => {
  dataDir = tempDataDir();
  t = await createTestContext({ DATA_DIR: dataDir });
  org = await createOrgWithAdmin(t.ctx, 'Lifecycle');
});
afterAll(async () => {
  await t.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const base = () => `/organizations/${org.orgId}`;
const admin = () => apiClient(t.app, org.admin.token);
const ids = (list: Array<{ id: string }>) => list.map((a) => a.id);
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const stored = (content: Buffer) =>
  filesUnder(path.join(dataDir, 'files', 'objects')).some((f) => f.endsWith(sha(content)));
const fixture = () => createFileFixture(t.app, org.admin.token, org.orgId);

/** Uploads fresh random bytes; answers the asset and the bytes. */
async function upload(fields: Record<string, string>) {
  const content = randomBytes(2048);
  const res = await uploadFile(t.app, org.admin.token, `${base()}/file`, fields, {
    filename: 'a.pdf',
    content,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return { id: res.body.data.id as string, content };
}

const assetStatus = async (id: string) => (await admin().get(`${base()}/assets/${id}`)).status;

describe('archiving a process', () => {
  it('archives its files with it (with=assets shows them only when archived ones are asked for) and activating brings them back', async () => {
    const fx = await fixture();
    const kickoff = await upload({
      subject_type: 'Run',
      subject_id: fx.processId,
      uploaded_from: fx.kickoffFieldId,
    });
    const task = await upload({ subject_type: 'Task', subject_id: fx.taskId });
    const alone = await upload({ subject_type: 'Task', subject_id: fx.taskId });
    expect((await admin().delete(`${base()}/assets/${alone.id}`)).status).toBe(200);
    t.clock.advance(60_000);

    expect((await admin().delete(`${base()}/runs/${fx.processId}`)).status).toBe(200);
    const run = `${base()}/runs/${fx.processId}`;
    expect((await admin().get(`${run}?with=assets`)).body.data.assets.data).toEqual([]);
    expect((await admin().get(`${run}/tasks/${fx.taskId}?with=assets`)).body.data.assets.data).toEqual([]);
    const archivedList = await admin().get(`${base()}/runs?archived=only&with=assets&per_page=100`);
    const listed = archivedList.body.data.find((p: any) => p.id === fx.processId).assets.data;
    expect(ids(listed).sort()).toEqual([kickoff.id, task.id, alone.id].sort());
    expect(listed.every((a: any) => a.archived_at !== null)).toBe(true);
    const tasks = await admin().get(`${run}/tasks?archived=true&with=assets`);
    expect(ids(tasks.body.data.find((x: any) => x.id === fx.taskId).assets.data)).toContain(task.id);
    // Archived, not deleted: the bytes stay and can still be fetched by id.
    expect((await download(t.app, org.admin.token, `${base()}/file/${task.id}/dl`)).status).toBe(200);

    expect((await admin().put(`${run}/activate`)).status).toBe(200);
    const back = await admin().get(`${run}?with=assets`);
    expect(ids(back.body.data.assets.data).sort()).toEqual([kickoff.id, task.id].sort());
    expect((await admin().get(`${base()}/assets/${alone.id}`)).body.data.archived_at).not.toBeNull();
  });
});

describe('hard deletes', () => {
  it('deleting a process removes its files and their bytes, and leaves its template’s files', async () => {
    const fx = await fixture();
    const files = [
      await upload({ subject_type: 'Run', subject_id: fx.processId, uploaded_from: fx.kickoffFieldId }),
      await upload({ subject_type: 'Run', subject_id: fx.processId, step_id: fx.stepId }),
      await upload({ subject_type: 'Task', subject_id: fx.otherTaskId }),
    ];
    const guide = await upload({ subject_type: 'Step', subject_id: fx.stepId });
    expect(files.every((f) => stored(f.content))).toBe(true);
    expect((await admin().delete(`${base()}/runs/${fx.processId}`)).status).toBe(200);
    const deleted = await admin().delete(`${base()}/runs/${fx.processId}/delete`);
    expect(deleted.status, JSON.stringify(deleted.body)).toBe(200);
    for (const f of files) {
      expect(await assetStatus(f.id)).toBe(404);
      expect(stored(f.content)).toBe(false);
    }
    expect(await assetStatus(guide.id)).toBe(200);
    expect(stored(guide.content)).toBe(true);
  });

  it('deleting a one-off task removes its files (one in its own file field) and their bytes', async () => {
    const created = await admin().post(`${base()}/tasks`, {
      title: 'With a file',
      task_type: 'task',
      deadline: '2025-01-09 17:00:00',
      form_fields: [{ label: 'Receipt', field_type: 'file', required: false }],
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const taskId = created.body.data.id;
    const receipt = await upload({ subject_type: 'Task', subject_id: taskId });
    const fields = (await admin().get(`${base()}/tasks/${taskId}?with=form_fields`)).body.data.form_fields
      .data;
    const put = await admin().put(`${base()}/tasks/${taskId}`, {
      taskdata: { [fields[0].id]: [receipt.id] },
    });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    expect(put.body.data.taskdata[fields[0].id]).toEqual([expect.objectContaining({ id: receipt.id })]);
    expect((await admin().delete(`${base()}/tasks/${taskId}/delete`)).status).toBe(204);
    expect(await assetStatus(receipt.id)).toBe(404);
    expect(stored(receipt.content)).toBe(false);
  });

  it('deleting a template removes its and its steps’ files, not the kick-off files its processes hold', async () => {
    const fx = await fixture();
    const guide = await upload({ subject_type: 'Checklist', subject_id: fx.templateId });
    const step = await upload({ subject_type: 'Step', subject_id: fx.stepId });
    const contract = await upload({
      subject_type: 'Checklist',
      subject_id: fx.templateId,
      uploaded_from: 'ko_field',
    });
    const launched = await admin().post(`${base()}/runs`, {
      checklist_id: fx.templateId,
      prerun: { [fx.kickoffFieldId]: [contract.id] },
    });
    expect(launched.status, JSON.stringify(launched.body)).toBe(201);
    expect((await admin().delete(`${base()}/checklists/${fx.templateId}`)).status).toBe(200);
    const deleted = await admin().delete(`${base()}/checklists/${fx.templateId}/delete`);
    expect(deleted.status, JSON.stringify(deleted.body)).toBe(200);
    for (const f of [guide, step]) {
      expect(await assetStatus(f.id)).toBe(404);
      expect(stored(f.content)).toBe(false);
    }
    const kept = await download(t.app, org.admin.token, `${base()}/file/${contract.id}/dl`);
    expect(Buffer.compare(kept.bytes, contract.content)).toBe(0);
  });
});

describe('one-off tasks linked to a process', () => {
  it('take their files with them when linked and unlinked, so deleting the process keeps them', async () => {
    const fx = await fixture();
    const created = await admin().post(`${base()}/tasks`, {
      title: 'Loose',
      task_type: 'task',
      deadline: '2025-01-09 17:00:00',
    });
    const taskId = created.body.data.id;
    const note = await upload({ subject_type: 'Task', subject_id: taskId });
    const run = `${base()}/runs/${fx.processId}`;
    expect(
      (await admin().post(`${base()}/tasks/${taskId}/link-process`, { run_id: fx.processId })).status,
    ).toBe(200);
    expect(ids((await admin().get(`${run}?with=assets`)).body.data.assets.data)).toContain(note.id);
    expect((await admin().delete(`${base()}/tasks/${taskId}/link-process`)).status).toBe(200);
    expect(ids((await admin().get(`${run}?with=assets`)).body.data.assets.data)).not.toContain(note.id);
    await admin().delete(run);
    expect((await admin().delete(`${run}/delete`)).status).toBe(200);
    expect(await assetStatus(note.id)).toBe(200);
    expect(stored(note.content)).toBe(true);
  });
});
