import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FieldErrorCollector } from '../../src/domain/errors.js';
import type { FieldDefinition } from '../../src/domain/templates/definition.js';
import { presentAssets } from '../../src/http/presenters/present-asset.js';
import {
  loadAssetsForSubjects,
  validateFileFieldValue,
  validateFileValues,
} from '../../src/services/files/file-values.js';
import { apiClient } from '../helpers/api.js';
import { createTestContext, type TestContext } from '../helpers/context.js';
import { createOrgWithAdmin, type TestOrg } from '../helpers/factories.js';
import { createFileFixture, type FileFixture, tempDataDir, uploadFile } from '../helpers/files.js';

/**
 * The contract the tasks, processes and templates modules use: `file` form values must name
 * assets of the subject being filled, and `with=assets` loads every item's files in one query.
 */
let t: TestContext;
let org: TestOrg;
let fx: FileFixture;
let dataDir: string;
const ids: Record<string, string> = {};

beforeAll(async () => {
  dataDir = tempDataDir();
  t = await createTestContext({ DATA_DIR: dataDir });
  org = await createOrgWithAdmin(t.ctx, 'File values');
  fx = await createFileFixture(t.app, org.admin.token, org.orgId);
  const up = async (name: string, fields: Record<string, string>) => {
    const res = await uploadFile(t.app, org.admin.token, `/organizations/${org.orgId}/file`, fields, {
      filename: `${name}.pdf`,
      content: Buffer.from(name),
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    ids[name] = res.body.data.id;
  };
  await up('taskScan', { subject_type: 'Run', subject_id: fx.processId, uploaded_from: fx.fileFieldId });
  await up('taskLoose', { subject_type: 'Task', subject_id: fx.taskId });
  await up('otherTask', { subject_type: 'Task', subject_id: fx.otherTaskId });
  await up('kickoff', { subject_type: 'Checklist', subject_id: fx.templateId, uploaded_from: 'ko_field' });
  await up('runKickoff', { subject_type: 'Run', subject_id: fx.processId, uploaded_from: fx.kickoffFieldId });
  await up('stepGuide', { subject_type: 'Step', subject_id: fx.stepId });
  await up('archived', { subject_type: 'Task', subject_id: fx.taskId });
  const archived = await apiClient(t.app, org.admin.token).delete(
    `/organizations/${org.orgId}/assets/${ids.archived}`,
  );
  expect(archived.status).toBe(200);
  const other = await createOrgWithAdmin(t.ctx, 'Other');
  const theirs = await createFileFixture(t.app, other.admin.token, other.orgId);
  const res = await uploadFile(
    t.app,
    other.admin.token,
    `/organizations/${other.orgId}/file`,
    { subject_type: 'Task', subject_id: theirs.taskId },
    { filename: 'theirs.pdf', content: Buffer.from('theirs') },
  );
  ids.otherOrg = res.body.data.id;
});
afterAll(async () => {
  await t.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const fileField = (id: string, label = 'Scan'): FieldDefinition =>
  ({ id, label, fieldType: 'file', stepId: null }) as unknown as FieldDefinition;
const task = () => ({ kind: 'task' as const, taskId: fx.taskId });

describe('file form values', () => {
  it('accepts the task’s own files as the upload answered them, or as bare ids, and stores the asset entries', async () => {
    const result = await validateFileFieldValue(
      t.ctx,
      org.orgId,
      task(),
      [{ id: ids.taskScan, filename: 'forged.exe' }, ids.taskLoose],
      fx.fileFieldId,
    );
    expect('value' in result && result.value?.map((v) => [v.id, v.filename])).toEqual([
      [ids.taskScan, 'taskScan.pdf'],
      [ids.taskLoose, 'taskLoose.pdf'],
    ]);
    expect(await validateFileFieldValue(t.ctx, org.orgId, task(), null)).toEqual({ value: null });
    expect(await validateFileFieldValue(t.ctx, org.orgId, task(), [])).toEqual({ value: [] });
  });

  it('refuses files of another task, another organization, archived ones, unknown ids and malformed values', async () => {
    const check = (value: unknown) => validateFileFieldValue(t.ctx, org.orgId, task(), value, fx.fileFieldId);
    expect(await check([{ id: ids.otherTask }])).toEqual({
      error: `refers to a file uploaded elsewhere (${ids.otherTask})`,
    });
    expect(await check([{ id: ids.otherOrg }])).toEqual({
      error: `refers to a file that does not exist (${ids.otherOrg})`,
    });
    expect(await check([{ id: ids.archived }])).toMatchObject({
      error: expect.stringMatching(/does not exist/),
    });
    expect(await check([{ id: 'a'.repeat(32) }])).toMatchObject({
      error: expect.stringMatching(/does not exist/),
    });
    expect(await check('scan.pdf')).toEqual({ error: 'must be a list of uploaded files' });
    expect(await check([{ filename: 'no id.pdf' }])).toEqual({ error: 'must be a list of uploaded files' });
  });

  it('refuses a file uploaded for another field of the same task', async () => {
    const result = await validateFileFieldValue(t.ctx, org.orgId, task(), [ids.taskScan], 'b'.repeat(32));
    expect(result).toEqual({ error: `refers to a file uploaded for another field (${ids.taskScan})` });
  });

  it('accepts kick-off files of the template for a launch, and of the process or its template for its prerun', async () => {
    const template = { kind: 'template' as const, templateId: fx.templateId };
    const process = { kind: 'process' as const, processId: fx.processId, templateId: fx.templateId };
    expect(await validateFileFieldValue(t.ctx, org.orgId, template, [ids.kickoff])).toHaveProperty('value');
    expect(await validateFileFieldValue(t.ctx, org.orgId, template, [ids.runKickoff])).toHaveProperty(
      'error',
    );
    expect(
      await validateFileFieldValue(t.ctx, org.orgId, process, [ids.kickoff, ids.runKickoff]),
    ).toHaveProperty('value');
    expect(await validateFileFieldValue(t.ctx, org.orgId, process, [ids.taskScan])).toHaveProperty('error');
  });

  it('validates every file field of a form with one query, collecting errors by field', async () => {
    const errors = new FieldErrorCollector();
    const before = t.db.stats.queries;
    const values = await validateFileValues(
      t.ctx,
      org.orgId,
      task(),
      [fileField(fx.fileFieldId), fileField('c'.repeat(32), 'Photo'), fileField('d'.repeat(32), 'Unused')],
      { [fx.fileFieldId]: [ids.taskScan], ['c'.repeat(32)]: [ids.otherTask], other: 'ignored' },
      'taskdata',
      errors,
    );
    expect(t.db.stats.queries - before).toBe(1);
    expect(Object.keys(values)).toEqual([fx.fileFieldId]);
    expect(() => errors.throwIfAny()).toThrowError(
      expect.objectContaining({
        fieldErrors: {
          [`taskdata.${'c'.repeat(32)}`]: [
            `The Photo field refers to a file uploaded elsewhere (${ids.otherTask}).`,
          ],
        },
      }),
    );
  });
});

describe('with=assets', () => {
  it('loads each subject’s live files in one query: process, task, template, step', async () => {
    const names = (list: Array<{ id: string }> | undefined) =>
      (list ?? []).map((a) => Object.entries(ids).find(([, id]) => id === a.id)?.[0]).sort();
    const before = t.db.stats.queries;
    const runs = await loadAssetsForSubjects(t.ctx, org.orgId, 'Run', [fx.processId, 'e'.repeat(32)]);
    expect(t.db.stats.queries - before).toBe(1);
    expect(names(runs.get(fx.processId))).toEqual(['otherTask', 'runKickoff', 'taskLoose', 'taskScan']);
    expect(runs.get('e'.repeat(32))).toEqual([]);
    const tasks = await loadAssetsForSubjects(t.ctx, org.orgId, 'Task', [fx.taskId, fx.otherTaskId]);
    expect(names(tasks.get(fx.taskId))).toEqual(['taskLoose', 'taskScan']);
    expect(names(tasks.get(fx.otherTaskId))).toEqual(['otherTask']);
    const templates = await loadAssetsForSubjects(t.ctx, org.orgId, 'Checklist', [fx.templateId]);
    expect(names(templates.get(fx.templateId))).toEqual(['kickoff', 'stepGuide']);
    const steps = await loadAssetsForSubjects(t.ctx, org.orgId, 'Step', [fx.stepId]);
    expect(names(steps.get(fx.stepId))).toEqual(['stepGuide']);
  });

  it('presents each item’s loaded files as {data: […]} with their download URLs', async () => {
    const loaded = await loadAssetsForSubjects(t.ctx, org.orgId, 'Task', [fx.taskId, fx.otherTaskId]);
    const extras = [fx.taskId, fx.otherTaskId].map((id) => ({
      assets: presentAssets(loaded.get(id), 'https://flow.example'),
    }));
    const first = extras[0]?.assets as { data: Array<Record<string, unknown>> };
    expect(first.data.map((a) => a.filename).sort()).toEqual(['taskLoose.pdf', 'taskScan.pdf']);
    expect(first.data[0]).toMatchObject({
      url: `https://flow.example/organizations/${org.orgId}/file/${first.data[0]?.id}/dl`,
      subject: expect.any(Object),
      uploaded_to_s3: false,
    });
    expect(extras[1]).toMatchObject({
      assets: { data: [expect.objectContaining({ filename: 'otherTask.pdf' })] },
    });
  });
});
