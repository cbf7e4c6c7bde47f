/**
 * Files wired into tasks, processes and templates through the real endpoints: `with=assets`,
 * `file` form values in `taskdata` and kick-off values (checked, stored as the asset entries),
 * and the download of what a form value names. Archive and delete: files-wiring-lifecycle.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient } from '../helpers/api.js';
import { createTestContext, type TestContext } from '../helpers/context.js';
import { createOrgWithAdmin, type TestOrg } from '../helpers/factories.js';
import { createFileFixture, download, type FileFixture, tempDataDir, uploadFile } from '../helpers/files.js';
import { launchTemplate, plainSteps } from '../helpers/templates.js';

let t: TestContext;
let org: TestOrg;
let other: TestOrg;
let fx: FileFixture;
let dataDir: string;

beforeAll(async () => {
  dataDir = tempDataDir();
  t = await createTestContext({ DATA_DIR: dataDir });
  org = await createOrgWithAdmin(t.ctx, 'Wiring');
  other = await createOrgWithAdmin(t.ctx, 'Elsewhere');
  fx = await createFileFixture(t.app, org.admin.token, org.orgId);
});
afterAll(async () => {
  await t.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const base = () => `/organizations/${org.orgId}`;
const admin = () => apiClient(t.app, org.admin.token);
const ids = (list: Array<{ id: string }>) => list.map((a) => a.id);

/** Uploads `content` (random bytes unless given) and answers the asset as the upload did. */
async function upload(fields: Record<string, string>, content = randomBytes(4096), who: TestOrg = org) {
  const res = await uploadFile(t.app, who.admin.token, `/organizations/${who.orgId}/file`, fields, {
    filename: 'scan.pdf',
    content,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.data as Record<string, any>;
}

const taskUrl = (taskId = fx.taskId) => `${base()}/runs/${fx.processId}/tasks/${taskId}`;

describe('with=assets on tasks', () => {
  it('lists files uploaded to the task and to its process for its step, on the task and in task lists', async () => {
    const own = await upload({ subject_type: 'Task', subject_id: fx.taskId });
    const step = await upload({ subject_type: 'Run', subject_id: fx.processId, step_id: fx.stepId });
    const one = await admin().get(`${taskUrl()}?with=assets`);
    expect(one.status).toBe(200);
    expect(ids(one.body.data.assets.data)).toEqual(expect.arrayContaining([own.id, step.id]));
    expect(one.body.data.assets.data.find((a: any) => a.id === own.id)).toMatchObject({
      filename: 'scan.pdf',
      subject: { id: fx.taskId, type: 'Task' },
      url: `http://localhost:80${base()}/file/${own.id}/dl`,
      archived_at: null,
    });
    for (const url of [
      `${base()}/tasks?with=assets&per_page=100`,
      `${base()}/runs/${fx.processId}/tasks?with=assets`,
    ]) {
      const list = await admin().get(url);
      const byId = new Map(list.body.data.map((task: any) => [task.id, ids(task.assets.data)]));
      expect(byId.get(fx.taskId)).toEqual(expect.arrayContaining([own.id, step.id]));
      expect(byId.get(fx.otherTaskId)).not.toContain(own.id);
    }
    expect((await admin().get(taskUrl())).body.data.assets).toBeUndefined();
  });

  it('loads the files of every task of a page in one query, whatever the page size', async () => {
    const p = await launchTemplate(admin(), org.orgId, { steps: plainSteps(12) });
    const uploaded = new Map<string, string>();
    for (const taskId of Object.values(p.tasks)) {
      uploaded.set(taskId, (await upload({ subject_type: 'Task', subject_id: taskId })).id);
    }
    const queriesFor = async (perPage: number) => {
      const before = t.db.stats.queries;
      const res = await admin().get(`${base()}/runs/${p.runId}/tasks?with=assets&per_page=${perPage}`);
      const queries = t.db.stats.queries - before;
      expect(res.body.data).toHaveLength(perPage);
      for (const task of res.body.data) expect(ids(task.assets.data)).toEqual([uploaded.get(task.id)]);
      return queries;
    };
    const one = await queriesFor(1);
    expect(await queriesFor(12)).toBe(one);
    const before = t.db.stats.queries;
    await admin().get(`${base()}/runs/${p.runId}/tasks?per_page=12`);
    expect(one - (t.db.stats.queries - before)).toBe(1);
  });
});

describe('file values in taskdata', () => {
  it('stores the uploaded file in a file field, shows it on GET, and the download round-trips byte for byte', async () => {
    const content = randomBytes(200_000);
    const scan = await upload(
      { subject_type: 'Run', subject_id: fx.processId, uploaded_from: fx.fileFieldId },
      content,
    );
    const put = await admin().put(taskUrl(), {
      taskdata: {
        [fx.fileFieldId]: [{ ...scan, filename: 'forged.exe', size: 1 }],
        [fx.textFieldId]: 'seen',
      },
    });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    const stored = put.body.data.taskdata[fx.fileFieldId];
    expect(stored).toEqual([
      expect.objectContaining({ id: scan.id, filename: 'scan.pdf', size: content.length }),
    ]);
    const got = await admin().get(`${taskUrl()}?with=form_fields,assets`);
    expect(got.body.data.taskdata[fx.fileFieldId]).toEqual(stored);
    const field = got.body.data.form_fields.data.find((f: any) => f.id === fx.fileFieldId);
    expect(field.value ?? field.field_value).toEqual(stored);
    const listed = got.body.data.assets.data.find((a: any) => a.id === scan.id);
    const bytes = await download(t.app, org.admin.token, new URL(listed.url).pathname);
    expect(bytes.status).toBe(200);
    expect(Buffer.compare(bytes.bytes, content)).toBe(0);
  });

  it('accepts bare ids through PUT /form-field/value and stores the asset entries', async () => {
    const scan = await upload({ subject_type: 'Task', subject_id: fx.taskId, uploaded_from: fx.fileFieldId });
    const res = await admin().put(`${base()}/form-field/value`, {
      id: fx.fileFieldId,
      task_id: fx.taskId,
      form_value: [scan.id],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const got = await admin().get(taskUrl());
    expect(got.body.data.taskdata[fx.fileFieldId]).toEqual([
      expect.objectContaining({ id: scan.id, filename: 'scan.pdf' }),
    ]);
  });

  it('keeps a form sent back unchanged, even when one of its files was archived since', async () => {
    const scan = await upload({ subject_type: 'Task', subject_id: fx.taskId, uploaded_from: fx.fileFieldId });
    await admin().put(taskUrl(), { taskdata: { [fx.fileFieldId]: [scan.id] } });
    const { taskdata } = (await admin().get(taskUrl())).body.data;
    expect((await admin().delete(`${base()}/assets/${scan.id}`)).status).toBe(200);
    const again = await admin().put(taskUrl(), { taskdata: { ...taskdata, [fx.textFieldId]: 'resent' } });
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    expect(again.body.data.taskdata[fx.fileFieldId]).toEqual(taskdata[fx.fileFieldId]);
  });

  const refusals: Array<[string, () => Promise<Record<string, any>>]> = [
    [
      'another organization',
      async () =>
        upload(
          {
            subject_type: 'Task',
            subject_id: (await createFileFixture(t.app, other.admin.token, other.orgId)).taskId,
          },
          undefined,
          other,
        ),
    ],
    ['another task', () => upload({ subject_type: 'Task', subject_id: fx.otherTaskId })],
    [
      'the template',
      () => upload({ subject_type: 'Checklist', subject_id: fx.templateId, uploaded_from: 'ko_field' }),
    ],
  ];
  for (const [whose, make] of refusals) {
    it(`answers 422 and writes nothing when a file value names a file of ${whose}`, async () => {
      const foreign = await make();
      const before = (await admin().get(taskUrl())).body.data;
      const res = await admin().put(taskUrl(), {
        taskdata: { [fx.fileFieldId]: [{ id: foreign.id }], [fx.textFieldId]: 'must not be saved' },
      });
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(Object.keys(res.body.errors)).toEqual([`taskdata.${fx.fileFieldId}`]);
      const after = (await admin().get(taskUrl())).body.data;
      expect(after.taskdata).toEqual(before.taskdata);
      expect(after.last_updated).toBe(before.last_updated);
      const single = await admin().put(`${base()}/form-field/value`, {
        id: fx.fileFieldId,
        task_id: fx.taskId,
        form_value: [foreign.id],
      });
      expect(single.status).toBe(422);
    });
  }
});

describe('kick-off file values and with=assets on processes and templates', () => {
  it('launches with a kick-off file uploaded to the template: the file moves to the new process', async () => {
    const contract = await upload({
      subject_type: 'Checklist',
      subject_id: fx.templateId,
      uploaded_from: fx.kickoffFieldId,
    });
    const res = await admin().post(`${base()}/runs?with=assets`, {
      checklist_id: fx.templateId,
      name: 'With a contract',
      prerun: { [fx.kickoffFieldId]: [contract.id] },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const runId = res.body.data.id;
    expect(res.body.data.prerun[fx.kickoffFieldId]).toEqual([
      expect.objectContaining({ id: contract.id, subject: { id: runId, type: 'Run' } }),
    ]);
    expect(ids(res.body.data.assets.data)).toEqual([contract.id]);
    const template = await admin().get(`${base()}/checklists/${fx.templateId}?with=assets`);
    expect(ids(template.body.data.assets.data)).not.toContain(contract.id);
    expect((await admin().get(`${base()}/assets/${contract.id}`)).body.data.subject).toEqual({
      id: runId,
      type: 'Run',
    });
  });

  it('refuses a launch naming a file of another template or organization (422), and launches nothing', async () => {
    const elsewhere = await createFileFixture(t.app, org.admin.token, org.orgId);
    const otherTemplate = await upload({
      subject_type: 'Checklist',
      subject_id: elsewhere.templateId,
      uploaded_from: 'ko_field',
    });
    const theirs = await createFileFixture(t.app, other.admin.token, other.orgId);
    const otherOrg = await upload(
      { subject_type: 'Checklist', subject_id: theirs.templateId, uploaded_from: 'ko_field' },
      undefined,
      other,
    );
    const count = async () => (await admin().get(`${base()}/runs?per_page=1`)).body.meta.pagination.total;
    const before = await count();
    for (const foreign of [otherTemplate, otherOrg]) {
      const res = await admin().post(`${base()}/runs`, {
        checklist_id: fx.templateId,
        prerun: { [fx.kickoffFieldId]: [foreign.id] },
      });
      expect(res.status).toBe(422);
      expect(Object.keys(res.body.errors)).toEqual([`prerun.${fx.kickoffFieldId}`]);
    }
    expect(await count()).toBe(before);
    expect((await admin().get(`${base()}/assets/${otherTemplate.id}`)).body.data.subject.type).toBe(
      'Checklist',
    );
  });

  it('sets a process’s kick-off file with PUT /runs/{id}, and refuses another process’s file', async () => {
    const own = await upload({
      subject_type: 'Run',
      subject_id: fx.processId,
      uploaded_from: fx.kickoffFieldId,
    });
    const res = await admin().put(`${base()}/runs/${fx.processId}`, {
      prerun: { [fx.kickoffFieldId]: [own] },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.data.prerun[fx.kickoffFieldId]).toEqual([expect.objectContaining({ id: own.id })]);
    const second = await createFileFixture(t.app, org.admin.token, org.orgId);
    const foreign = await upload({
      subject_type: 'Run',
      subject_id: second.processId,
      uploaded_from: second.kickoffFieldId,
    });
    const refused = await admin().put(`${base()}/runs/${fx.processId}`, {
      name: 'Not renamed',
      prerun: { [fx.kickoffFieldId]: [foreign.id] },
    });
    expect(refused.status).toBe(422);
    const after = (await admin().get(`${base()}/runs/${fx.processId}`)).body.data;
    expect(after.name).not.toBe('Not renamed');
    expect(after.prerun[fx.kickoffFieldId]).toEqual([expect.objectContaining({ id: own.id })]);
  });

  it('lists a process’s kick-off and task files with=assets (and each task’s with tasks.assets), on one process and in the list', async () => {
    const kickoff = await upload({
      subject_type: 'Run',
      subject_id: fx.processId,
      uploaded_from: fx.kickoffFieldId,
    });
    const task = await upload({ subject_type: 'Task', subject_id: fx.taskId });
    const one = await admin().get(`${base()}/runs/${fx.processId}?with=assets,tasks.assets`);
    expect(ids(one.body.data.assets.data)).toEqual(expect.arrayContaining([kickoff.id, task.id]));
    const tasks = new Map(one.body.data.tasks.data.map((x: any) => [x.id, ids(x.assets.data)]));
    expect(tasks.get(fx.taskId)).toContain(task.id);
    expect(tasks.get(fx.taskId)).not.toContain(kickoff.id);
    const list = await admin().get(`${base()}/runs?with=assets&per_page=100`);
    const mine = list.body.data.find((p: any) => p.id === fx.processId);
    expect(ids(mine.assets.data)).toEqual(ids(one.body.data.assets.data));
    expect(list.body.data.every((p: any) => Array.isArray(p.assets.data))).toBe(true);
  });

  it('lists a template’s and its steps’ files with=assets, on GET and in the list', async () => {
    const fresh = await createFileFixture(t.app, org.admin.token, org.orgId);
    const guide = await upload({ subject_type: 'Checklist', subject_id: fresh.templateId });
    const step = await upload({ subject_type: 'Step', subject_id: fresh.stepId });
    const one = await admin().get(`${base()}/checklists/${fresh.templateId}?with=assets`);
    expect(one.status).toBe(200);
    expect(ids(one.body.data.assets.data).sort()).toEqual([guide.id, step.id].sort());
    const list = await admin().get(`${base()}/checklists?with=assets&per_page=100`);
    const byId = new Map(list.body.data.map((x: any) => [x.id, ids(x.assets.data)]));
    expect(byId.get(fresh.templateId)).toEqual(ids(one.body.data.assets.data));
    expect(byId.get(fx.templateId)).not.toContain(guide.id);
    expect((await admin().get(`${base()}/checklists/${fresh.templateId}`)).body.data.assets).toBeUndefined();
  });
});
