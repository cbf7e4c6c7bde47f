/** Folders: nested trees per kind, moving, filing processes and tasks, template folders and the folder filters. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, apiClient } from '../helpers/api.js';
import { createTestContext, type TestContext } from '../helpers/context.js';
import { addMember, createOrgWithAdmin, type TestMember, type TestOrg } from '../helpers/factories.js';
import { createTemplate, type LaunchedProcess, launchTemplate, plainSteps } from '../helpers/templates.js';

let t: TestContext;
let org: TestOrg;
let api: Api;
let light: TestMember;

beforeAll(async () => {
  t = await createTestContext();
  org = await createOrgWithAdmin(t.ctx, 'Folders Co');
  api = apiClient(t.app, org.admin.token);
  light = await addMember(t.ctx, org.orgId, 'light');
});
afterAll(() => t.close());

const base = () => `/organizations/${org.orgId}`;
const folders = (suffix = '') => `${base()}/folders${suffix}`;

async function newFolder(body: Record<string, unknown>): Promise<string> {
  const res = await api.post(folders(), body);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.data.id;
}

describe('folder trees', () => {
  let top: string;
  let mid: string;
  let leaf: string;

  beforeAll(async () => {
    top = await newFolder({ name: 'Clients' });
    mid = await newFolder({ name: 'Acme', parent_id: top });
    leaf = await newFolder({ name: 'Contracts', parent_id: mid });
    await newFolder({ name: 'Internal' });
  });

  it('creates checklist folders by default, numbered in position order, recorded with a folder.created event', async () => {
    const got = await api.get(folders(`/${top}`));
    expect(got.body.data).toMatchObject({
      name: 'Clients',
      folder_type: 'checklist',
      parent_id: null,
      position: 1,
      total: 0,
    });
    const events = await t.db.kysely
      .selectFrom('outbox_events')
      .select('name')
      .where('organization_id', '=', org.orgId)
      .where('name', '=', 'folder.created')
      .execute();
    expect(events).toHaveLength(4);
  });

  it('lists the top level by position, children of a parent, and the nested tree with=children', async () => {
    const topLevel = await api.get(folders('?sort=position'));
    expect(topLevel.body.data.map((f: { name: string }) => f.name)).toEqual(['Clients', 'Internal']);
    const byTitle = await api.get(folders('?sort=-title'));
    expect(byTitle.body.data.map((f: { name: string }) => f.name)).toEqual(['Internal', 'Clients']);
    const children = await api.get(folders(`?parent_id=${top}`));
    expect(children.body.data.map((f: { name: string }) => f.name)).toEqual(['Acme']);
    const tree = await api.get(folders(`/${top}?with=children,parent`));
    expect(tree.body.data.children.data[0]).toMatchObject({ name: 'Acme' });
    expect(tree.body.data.children.data[0].children.data[0]).toMatchObject({
      name: 'Contracts',
      children: { data: [] },
    });
    expect(tree.body.data.parent).toEqual({ data: null });
    const searched = await api.get(folders('?q=contr'));
    expect(searched.body.data.map((f: { name: string }) => f.name)).toEqual(['Contracts']);
  });

  it('moves a folder, refusing a move into itself or below itself with 422 FOLDER_CYCLE', async () => {
    const cycle = await api.put(folders(`/${top}`), { parent_id: leaf });
    expect(cycle.status).toBe(422);
    expect(cycle.body.code).toBe('FOLDER_CYCLE');
    const self = await api.put(folders(`/${mid}`), { parent_id: mid });
    expect(self.body.code).toBe('FOLDER_CYCLE');
    const moved = await api.put(folders(`/${leaf}`), {
      parent_id: top,
      name: 'Contracts (all)',
      position: '5',
    });
    expect(moved.status).toBe(200);
    expect(moved.body.data).toMatchObject({ parent_id: top, name: 'Contracts (all)', position: 5 });
    const toTop = await api.put(folders(`/${leaf}`), { parent_id: null });
    expect(toTop.body.data.parent_id).toBeNull();
    await api.put(folders(`/${leaf}`), { parent_id: mid });
  });

  it('answers 404 FOLDER_NOT_FOUND for an unknown folder or parent, 422 without a name, 403 for a light member', async () => {
    expect((await api.get(folders(`/${'a'.repeat(32)}`))).body.code).toBe('FOLDER_NOT_FOUND');
    const orphan = await api.post(folders(), { name: 'Orphan', parent_id: 'a'.repeat(32) });
    expect(orphan.status).toBe(404);
    expect(orphan.body.code).toBe('FOLDER_NOT_FOUND');
    const unnamed = await api.post(folders(), { name: '  ' });
    expect(unnamed.status).toBe(422);
    const res = await apiClient(t.app, light.token).post(folders(), { name: 'Mine' });
    expect(res.status).toBe(403);
    expect((await apiClient(t.app, light.token).get(folders())).status).toBe(200);
  });

  it('files templates by folder_id; with=folder shows it; the folder filter with entire_folder_tree reaches sub-folders', async () => {
    const a = await createTemplate(api, org.orgId, {
      title: 'Acme onboarding',
      steps: plainSteps(1),
      folder_id: mid,
    });
    const c = await createTemplate(api, org.orgId, {
      title: 'Acme NDA',
      steps: plainSteps(1),
      folder_id: leaf,
    });
    await createTemplate(api, org.orgId, { title: 'Loose', steps: plainSteps(1) });
    const titles = async (q: string) =>
      (await api.get(`${base()}/checklists?${q}`)).body.data.map((x: { title: string }) => x.title).sort();
    expect(await titles(`folder=${mid}`)).toEqual(['Acme onboarding']);
    expect(await titles(`folder=${top}&entire_folder_tree=true`)).toEqual(['Acme NDA', 'Acme onboarding']);
    const got = await api.get(`${base()}/checklists/${c.id}?with=folder`);
    expect(got.body.data.folder.data).toMatchObject({ id: leaf, name: 'Contracts (all)' });
    expect((await api.get(folders(`/${mid}`))).body.data.total).toBe(1);
    const bad = await api.put(`${base()}/checklists/${a.id}`, {
      title: 'Acme onboarding',
      folder_id: 'b'.repeat(32),
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.folder_id).toBeDefined();
  });

  it('deletes a folder without deleting what it holds: sub-folders move up, templates leave it', async () => {
    const victim = await newFolder({ name: 'Temporary' });
    const child = await newFolder({ name: 'Inside', parent_id: victim });
    const template = await createTemplate(api, org.orgId, {
      title: 'Kept',
      steps: plainSteps(1),
      folder_id: victim,
    });
    const del = await api.delete(folders(`/${victim}`));
    expect(del.status).toBe(204);
    expect((await api.get(folders(`/${victim}`))).status).toBe(404);
    expect((await api.get(folders(`/${child}`))).body.data.parent_id).toBeNull();
    const kept = await api.get(`${base()}/checklists/${template.id}`);
    expect(kept.status).toBe(200);
    expect(kept.body.data.folder_id).toBeNull();
  });
});

describe('processes and tasks in run folders', () => {
  let runFolder: string;
  let subFolder: string;
  let p: LaunchedProcess;
  let other: LaunchedProcess;

  beforeAll(async () => {
    runFolder = await newFolder({ name: 'Q1 work', folder_type: 'run' });
    subFolder = await newFolder({ name: 'January', folder_type: 'run', parent_id: runFolder });
    p = await launchTemplate(
      api,
      org.orgId,
      { steps: plainSteps(2) },
      { name: 'Filed at launch', folders: [subFolder] },
    );
    other = await launchTemplate(api, org.orgId, { steps: plainSteps(1) }, { name: 'Filed later' });
  });

  it('files a process at launch: with=folders, its folders list and the folder filter', async () => {
    const got = await api.get(`${base()}/runs/${p.runId}?with=folders`);
    expect(got.body.data.folders.data).toEqual([
      expect.objectContaining({
        folder_id: subFolder,
        folder_name: 'January',
        subject_id: p.runId,
        subject_type: 'Run',
      }),
    ]);
    const names = async (q: string) =>
      (await api.get(`${base()}/runs?${q}`)).body.data.map((x: { name: string }) => x.name).sort();
    expect(await names(`folder=${subFolder}`)).toEqual(['Filed at launch']);
    expect(await names(`folder=${runFolder}`)).toEqual([]);
    expect(await names(`folder=${runFolder}&entire_folder_tree=true`)).toEqual(['Filed at launch']);
  });

  it('refuses a launch into a checklist folder or an unknown one with 422, launching nothing', async () => {
    const checklistFolder = await newFolder({ name: 'Templates only' });
    const res = await api.post(`${base()}/runs`, {
      checklist_id: other.template.id,
      folders: [checklistFolder],
    });
    expect(res.status).toBe(422);
    expect(res.body.errors.folders).toBeDefined();
  });

  it('adds a process and a task with add-object and takes them out with folders-objects', async () => {
    const add = await api.post(folders('/add-object'), {
      folder_id: runFolder,
      subject_id: other.runId,
      subject_type: 'Run',
    });
    expect(add.status).toBe(200);
    expect(add.body.data).toMatchObject({
      id: expect.any(Number),
      folder_id: runFolder,
      folder_name: 'Q1 work',
      folder_parent_id: null,
      subject_id: other.runId,
      subject_type: 'Run',
    });
    expect((await api.get(`${base()}/runs/${other.runId}`)).body.data.folders).toEqual([runFolder]);
    const taskId = p.tasks['Step 1']!;
    const addTask = await api.post(folders('/add-object'), {
      folder_id: runFolder,
      subject_id: taskId,
      subject_type: 'task',
    });
    expect(addTask.status).toBe(200);
    const tasks = await api.get(`${base()}/tasks?folder=${runFolder}&with=folders`);
    expect(tasks.body.data.map((x: { title: string }) => x.title).sort()).toEqual(['Step 1', 'Step 1']);
    expect((await api.get(folders(`/${runFolder}`))).body.data.total).toBe(2);
    const out = await api.delete(`${base()}/folders-objects/${add.body.data.id}`);
    expect(out.status).toBe(204);
    expect((await api.get(`${base()}/runs/${other.runId}`)).body.data.folders).toEqual([]);
    const again = await api.delete(`${base()}/folders-objects/${add.body.data.id}`);
    expect(again.status).toBe(404);
    expect(again.body.code).toBe('FOLDER_OBJECT_NOT_FOUND');
  });

  it.each([
    [{ subject_type: 'Checklist' }, 422, 'VALIDATION_FAILED'],
    [{ subject_type: 'Run', subject_id: 'a'.repeat(32) }, 404, 'FOLDER_SUBJECT_NOT_FOUND'],
    [{ subject_type: 'Run', folder_id: 'a'.repeat(32) }, 404, 'FOLDER_NOT_FOUND'],
  ])('answers add-object with %j: %i %s', async (body, status, code) => {
    const res = await api.post(folders('/add-object'), {
      folder_id: runFolder,
      subject_id: other.runId,
      ...body,
    });
    expect(res.status).toBe(status);
    expect(res.body.code).toBe(code);
  });

  it('answers 422 FOLDER_TYPE_MISMATCH for a process put in a checklist folder', async () => {
    const checklistFolder = await newFolder({ name: 'Blueprints' });
    const res = await api.post(folders('/add-object'), {
      folder_id: checklistFolder,
      subject_id: other.runId,
      subject_type: 'Run',
    });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('FOLDER_TYPE_MISMATCH');
  });

  it('deleting a run folder keeps its processes and empties their folders list', async () => {
    const temp = await newFolder({ name: 'Temp runs', folder_type: 'run' });
    await api.post(folders('/add-object'), { folder_id: temp, subject_id: other.runId, subject_type: 'Run' });
    expect((await api.delete(folders(`/${temp}`))).status).toBe(204);
    const got = await api.get(`${base()}/runs/${other.runId}`);
    expect(got.status).toBe(200);
    expect(got.body.data.folders).toEqual([]);
  });
});
