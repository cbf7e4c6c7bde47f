/** Stages (milestones): CRUD, steps and tasks in stages, the frozen copy at launch, tasks grouped by stage. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, apiClient } from '../helpers/api.js';
import { createTestContext, type TestContext } from '../helpers/context.js';
import { addMember, createOrgWithAdmin, type TestMember, type TestOrg } from '../helpers/factories.js';
import { createTemplate, plainSteps } from '../helpers/templates.js';

let t: TestContext;
let org: TestOrg;
let api: Api;
let light: TestMember;

beforeAll(async () => {
  t = await createTestContext();
  org = await createOrgWithAdmin(t.ctx, 'Stages Co');
  api = apiClient(t.app, org.admin.token);
  light = await addMember(t.ctx, org.orgId, 'light');
});
afterAll(() => t.close());

const base = () => `/organizations/${org.orgId}`;

async function newStage(subjectId: string, title: string, extra: Record<string, unknown> = {}) {
  const res = await api.post(`${base()}/stages`, {
    title,
    subject_type: 'Checklist',
    subject_id: subjectId,
    ...extra,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.data as { id: string; title: string; position: number };
}

const stageTitles = async (templateId: string) => {
  const res = await api.get(`${base()}/checklists/${templateId}?with=stages`);
  expect(res.status).toBe(200);
  return res.body.data.stages.data.map(
    (s: { title: string; position: number }) => `${s.position}:${s.title}`,
  );
};

describe('stage records', () => {
  it('creates stages on a template in order, inserting at a position, each change a new template version', async () => {
    const template = await createTemplate(api, org.orgId, { steps: plainSteps(2) });
    const before = (await api.get(`${base()}/checklists/${template.id}`)).body.data.version;
    const plan = await newStage(template.id, '  Plan ');
    expect(plan).toMatchObject({
      title: 'Plan',
      position: 1,
      subject_type: 'Checklist',
      subject_id: template.id,
    });
    expect(plan.id).toMatch(/^[0-9a-f]{32}$/);
    await newStage(template.id, 'Ship');
    await newStage(template.id, 'Build', { position: 2 });
    expect(await stageTitles(template.id)).toEqual(['1:Plan', '2:Build', '3:Ship']);
    const after = (await api.get(`${base()}/checklists/${template.id}`)).body.data.version;
    expect(after).toBe(before + 3);
    const activities = await t.db.kysely
      .selectFrom('activities')
      .select(['field'])
      .where('object_id', '=', template.id)
      .where('field', '=', 'stages')
      .execute();
    expect(activities).toHaveLength(3);
  });

  it('renames and moves a stage, and deleting one renumbers the rest and frees its steps', async () => {
    const template = await createTemplate(api, org.orgId, { steps: plainSteps(1) });
    const a = await newStage(template.id, 'A');
    const b = await newStage(template.id, 'B');
    const moved = await api.put(`${base()}/stages/${b.id}`, { title: 'B2', position: 1 });
    expect(moved.status).toBe(200);
    expect(moved.body.data).toMatchObject({ id: b.id, title: 'B2', position: 1 });
    expect(await stageTitles(template.id)).toEqual(['1:B2', '2:A']);
    const step = template.steps[0]?.id as string;
    const link = await api.put(`${base()}/checklists/${template.id}/steps/${step}/link-stage`, {
      stage_id: b.id,
    });
    expect(link.status).toBe(200);
    const gone = await api.delete(`${base()}/stages/${b.id}`);
    expect(gone.status).toBe(200);
    expect(await stageTitles(template.id)).toEqual(['1:A']);
    const stepNow = await api.get(`${base()}/checklists/${template.id}/steps/${step}`);
    expect(stepNow.body.data.stage_id).toBeNull();
    expect((await api.put(`${base()}/stages/${b.id}`, { title: 'x' })).status).toBe(404);
    expect(a.position).toBe(1);
  });

  it('answers 422 with a code for a missing title or an unknown subject type, and 404 for an unknown template', async () => {
    const template = await createTemplate(api, org.orgId, { steps: plainSteps(1) });
    const blank = await api.post(`${base()}/stages`, {
      title: '  ',
      subject_type: 'Checklist',
      subject_id: template.id,
    });
    expect(blank.status).toBe(422);
    expect(blank.body.code).toBe('VALIDATION_FAILED');
    expect(blank.body.errors.title).toBeDefined();
    const kind = await api.post(`${base()}/stages`, {
      title: 'X',
      subject_type: 'Folder',
      subject_id: template.id,
    });
    expect(kind.status).toBe(422);
    expect(kind.body.errors.subject_type).toBeDefined();
    const missing = await api.post(`${base()}/stages`, {
      title: 'X',
      subject_type: 'Checklist',
      subject_id: 'f'.repeat(32),
    });
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('TEMPLATE_NOT_FOUND');
    expect(await stageTitles(template.id)).toEqual([]);
  });

  it('refuses light members with 403', async () => {
    const template = await createTemplate(api, org.orgId, { steps: plainSteps(1) });
    const res = await apiClient(t.app, light.token).post(`${base()}/stages`, {
      title: 'X',
      subject_type: 'Checklist',
      subject_id: template.id,
    });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('ROLE_NOT_PERMITTED');
  });
});

describe('steps and tasks in stages', () => {
  it('links a step to a stage of its template, refuses a stage of another template, and unlinks it', async () => {
    const template = await createTemplate(api, org.orgId, { steps: plainSteps(2) });
    const other = await createTemplate(api, org.orgId, { steps: plainSteps(1) });
    const stage = await newStage(template.id, 'Review');
    const foreign = await newStage(other.id, 'Elsewhere');
    const step = template.steps[1]?.id as string;
    const url = `${base()}/checklists/${template.id}/steps/${step}`;
    const linked = await api.put(`${url}/link-stage`, { stage_id: stage.id });
    expect(linked.status).toBe(200);
    expect(linked.body.data).toMatchObject({ id: step, stage_id: stage.id });
    // A later step edit that does not speak of stages keeps it.
    expect((await api.put(url, { title: 'Renamed' })).status).toBe(200);
    expect((await api.get(url)).body.data.stage_id).toBe(stage.id);
    const wrong = await api.put(`${url}/link-stage`, { stage_id: foreign.id });
    expect(wrong.status).toBe(422);
    expect(wrong.body.code).toBe('STAGE_NOT_OF_TEMPLATE');
    const unknown = await api.put(`${url}/link-stage`, { stage_id: 'a'.repeat(32) });
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('STAGE_NOT_FOUND');
    const unlinked = await api.put(`${url}/unlink-stage`);
    expect(unlinked.status).toBe(200);
    expect(unlinked.body.data.stage_id).toBeNull();
  });

  it('launches tasks in the stages of the frozen definition, which later template edits do not change', async () => {
    const template = await createTemplate(api, org.orgId, { steps: plainSteps(3) });
    const plan = await newStage(template.id, 'Plan');
    const ship = await newStage(template.id, 'Ship');
    const [s1, s2] = template.steps.map((s) => s.id);
    await api.put(`${base()}/checklists/${template.id}/steps/${s1}/link-stage`, { stage_id: plan.id });
    await api.put(`${base()}/checklists/${template.id}/steps/${s2}/link-stage`, { stage_id: ship.id });
    const launched = await api.post(`${base()}/runs`, { checklist_id: template.id });
    expect(launched.status).toBe(201);
    const runId = launched.body.data.id;
    // The template changes after the launch: the process keeps what it was launched with.
    await api.put(`${base()}/stages/${plan.id}`, { title: 'Plan (new)' });
    await api.put(`${base()}/checklists/${template.id}/steps/${s1}/unlink-stage`);
    const grouped = await api.get(`${base()}/runs/${runId}/stages/tasks`);
    expect(grouped.status).toBe(200);
    const summary = grouped.body.data.map((g: any) => [g.title, g.data.map((task: any) => task.title)]);
    expect(summary).toEqual([
      ['Plan', ['Step 1']],
      ['Ship', ['Step 2']],
      [null, ['Step 3']],
    ]);
    const run = await api.get(`${base()}/runs/${runId}?with=stages`);
    expect(run.body.data.stages.data.map((s: any) => s.title)).toEqual(['Plan', 'Ship']);
  });

  it('moves a task to another stage of its process with an activity row and a task.stage_changed event', async () => {
    const template = await createTemplate(api, org.orgId, { steps: plainSteps(2) });
    const first = await newStage(template.id, 'First');
    const run = await api.post(`${base()}/runs`, { checklist_id: template.id });
    const runId = run.body.data.id;
    const tasks = (await api.get(`${base()}/runs/${runId}/tasks`)).body.data;
    const taskId = tasks[0].id;
    // A stage of the process's own.
    const own = await api.post(`${base()}/stages`, {
      title: 'Extra',
      subject_type: 'Run',
      subject_id: runId,
    });
    expect(own.status).toBe(201);
    const url = `${base()}/runs/${runId}/tasks/${taskId}`;
    const toFirst = await api.put(`${url}/link-stage`, { stage_id: first.id });
    expect(toFirst.status).toBe(200);
    expect(toFirst.body.data.stage_id).toBe(first.id);
    const toOwn = await api.put(`${url}/link-stage`, { stage_id: own.body.data.id });
    expect(toOwn.body.data.stage_id).toBe(own.body.data.id);
    const other = await createTemplate(api, org.orgId, { steps: plainSteps(1) });
    const foreign = await newStage(other.id, 'Foreign');
    const refused = await api.put(`${url}/link-stage`, { stage_id: foreign.id });
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('STAGE_NOT_OF_PROCESS');
    const events = await t.db.kysely
      .selectFrom('outbox_events')
      .select('name')
      .where('task_id', '=', taskId)
      .where('name', '=', 'task.stage_changed')
      .execute();
    expect(events).toHaveLength(2);
    const rows = await t.db.kysely
      .selectFrom('activities')
      .select(['field'])
      .where('task_id', '=', taskId)
      .where('field', '=', 'stage_id')
      .execute();
    expect(rows).toHaveLength(2);
    // Deleting the process's stage takes its task out of it.
    expect((await api.delete(`${base()}/stages/${own.body.data.id}`)).status).toBe(200);
    expect((await api.get(url)).body.data.stage_id).toBeNull();
  });
});
