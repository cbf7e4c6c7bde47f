import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, apiClient } from '../helpers/api.js';
import { createTestContext, type TestContext } from '../helpers/context.js';
import { addMember, createOrgWithAdmin, type TestOrg } from '../helpers/factories.js';
import {
  createStepViaApi,
  createTemplateViaApi,
  storedCounts,
  templatePaths,
} from '../helpers/template-api.js';

let t: TestContext;
let org: TestOrg;
let other: TestOrg;
let api: Api;
let paths: ReturnType<typeof templatePaths>;

beforeAll(async () => {
  t = await createTestContext();
  org = await createOrgWithAdmin(t.ctx, 'Acme');
  other = await createOrgWithAdmin(t.ctx, 'Other');
  api = apiClient(t.app, org.admin.token);
  paths = templatePaths(org.orgId);
});
afterAll(() => t.close());

async function templateWithSteps(count: number) {
  const tpl = await createTemplateViaApi(api, org.orgId, { title: `Fields ${Math.random()}` });
  const steps = [];
  for (let i = 1; i <= count; i++)
    steps.push(await createStepViaApi(api, org.orgId, tpl.id, { title: `S${i}` }));
  return { id: tpl.id as string, steps: steps as Array<{ id: string }> };
}

const labels = (fields: Array<{ label: string; position: number }>) =>
  [...fields].sort((a, b) => a.position - b.position).map((f) => `${f.position}:${f.label}`);

describe('POST …/steps/:step/captures', () => {
  it.each([
    ['text', { field_validation: ['max:50'] }, {}],
    ['textarea', { use_wysiwyg_editor: true }, { use_wysiwyg_editor: true }],
    [
      'radio',
      { options: [{ text: 'Yes' }, { text: 'No' }] },
      {
        options: [
          { id: 1, text: 'Yes' },
          { id: 2, text: 'No' },
        ],
      },
    ],
    [
      'dropdown',
      { options: [{ id: 7, text: 'Seven' }, 'Eight'] },
      {
        options: [
          { id: 7, text: 'Seven' },
          { id: 8, text: 'Eight' },
        ],
      },
    ],
    ['multiselect', { options: ['A'] }, { options: [{ id: 1, text: 'A' }] }],
    ['date', { collect_time: true }, { collect_time: true }],
    [
      'email',
      { default_value: 'x@example.com', default_value_enabled: true },
      { default_value: 'x@example.com' },
    ],
    ['url', {}, {}],
    ['number', { default_value: '12', default_value_enabled: true }, { default_value: '12' }],
    ['file', {}, {}],
    [
      'table',
      { columns: [{ label: 'Item' }, { label: 'Cost' }] },
      {
        columns: [
          { id: 1, label: 'Item' },
          { id: 2, label: 'Cost' },
        ],
      },
    ],
    ['assignees_form', {}, {}],
  ])('creates a %s field', async (fieldType, extra, expected) => {
    const tpl = await templateWithSteps(1);
    const res = await api.post(paths.captures(tpl.id, tpl.steps[0]!.id), {
      label: `My ${fieldType}`,
      field_type: fieldType,
      required: true,
      guidance: 'Fill it in',
      ...extra,
    });
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({
      label: `My ${fieldType}`,
      field_type: fieldType,
      required: true,
      guidance: 'Fill it in',
      position: 1,
      step_id: tpl.steps[0]!.id,
      checklist_id: tpl.id,
      ...expected,
    });
    expect(res.body.data.alias).toBe(`my-${fieldType.replace('_', '-')}`);
  });

  it.each([
    ['a missing label', { field_type: 'text' }, 'label'],
    ['a missing field_type', { label: 'X' }, 'field_type'],
    ['an unknown field_type', { label: 'X', field_type: 'signature' }, 'field_type'],
    ['an over-long label', { label: 'x'.repeat(601), field_type: 'text' }, 'label'],
    ['a radio with one option', { label: 'X', field_type: 'radio', options: ['Only'] }, 'options'],
    ['a dropdown without options', { label: 'X', field_type: 'dropdown' }, 'options'],
    [
      'duplicated option texts',
      { label: 'X', field_type: 'dropdown', options: ['A', ' a '] },
      'options.1.text',
    ],
    [
      'duplicated option ids',
      {
        label: 'X',
        field_type: 'radio',
        options: [
          { id: 1, text: 'A' },
          { id: 1, text: 'B' },
        ],
      },
      'options.1.id',
    ],
    ['an empty option', { label: 'X', field_type: 'radio', options: ['A', ''] }, 'options.1.text'],
    ['a table without columns', { label: 'X', field_type: 'table' }, 'columns'],
    [
      'a default that is not an option',
      {
        label: 'X',
        field_type: 'radio',
        options: ['A', 'B'],
        default_value: 'C',
        default_value_enabled: true,
      },
      'default_value',
    ],
    [
      'a default on a file field',
      { label: 'X', field_type: 'file', default_value_enabled: true },
      'default_value_enabled',
    ],
    [
      'a text default over 200 characters',
      { label: 'X', field_type: 'text', default_value: 'y'.repeat(201) },
      'default_value',
    ],
    [
      'a validation rule on a choice field',
      { label: 'X', field_type: 'radio', options: ['A', 'B'], field_validation: ['numeric'] },
      'field_validation',
    ],
    [
      'an unknown validation rule',
      { label: 'X', field_type: 'text', field_validation: ['palindrome'] },
      'field_validation.0',
    ],
    ['a position out of range', { label: 'X', field_type: 'text', position: 3 }, 'position'],
  ])('answers 422 with the field path for %s, and stores nothing', async (_what, body, path) => {
    const tpl = await templateWithSteps(1);
    const before = await storedCounts(t, tpl.id);
    const res = await api.post(paths.captures(tpl.id, tpl.steps[0]!.id), body);
    expect(res.status).toBe(422);
    expect(Object.keys(res.body.errors)).toContain(path);
    expect(await storedCounts(t, tpl.id)).toEqual(before);
  });

  it('answers 404 STEP_NOT_FOUND for a step of another template', async () => {
    const a = await templateWithSteps(1);
    const b = await templateWithSteps(1);
    const res = await api.post(paths.captures(a.id, b.steps[0]!.id), { label: 'X', field_type: 'text' });
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('STEP_NOT_FOUND');
  });

  it('answers 403 to a light member', async () => {
    const tpl = await templateWithSteps(1);
    const light = await addMember(t.ctx, org.orgId, 'light');
    const res = await apiClient(t.app, light.token).post(paths.captures(tpl.id, tpl.steps[0]!.id), {
      label: 'X',
      field_type: 'text',
    });
    expect(res.status).toBe(403);
  });
});

describe('PUT …/captures/:capture and reordering', () => {
  it('changes what is sent and keeps the rest, with a stable id and alias', async () => {
    const tpl = await templateWithSteps(1);
    const stepId = tpl.steps[0]!.id;
    const created = (
      await api.post(paths.captures(tpl.id, stepId), { label: 'Color', field_type: 'text', required: true })
    ).body.data;
    const res = await api.put(paths.capture(tpl.id, stepId, created.id), {
      label: 'Colour',
      field_type: 'dropdown',
      options: ['Red', 'Blue'],
    });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({
      id: created.id,
      alias: 'color',
      label: 'Colour',
      field_type: 'dropdown',
      required: true,
      options: [
        { id: 1, text: 'Red' },
        { id: 2, text: 'Blue' },
      ],
    });
    const bad = await api.put(paths.capture(tpl.id, stepId, created.id), {
      field_type: 'radio',
      options: ['One'],
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.options).toBeDefined();
  });

  it('moves fields within the step by position, keeping 1..n', async () => {
    const tpl = await templateWithSteps(1);
    const stepId = tpl.steps[0]!.id;
    const ids: string[] = [];
    for (const label of ['A', 'B', 'C']) {
      ids.push((await api.post(paths.captures(tpl.id, stepId), { label, field_type: 'text' })).body.data.id);
    }
    const reordered = await api.put(paths.captures(tpl.id, stepId), { capture_id: ids[2], position: 1 });
    expect(reordered.status).toBe(200);
    expect(labels(reordered.body.data)).toEqual(['1:C', '2:A', '3:B']);
    const viaUpdate = await api.put(paths.capture(tpl.id, stepId, ids[0]!), { position: 3 });
    expect(viaUpdate.body.data.position).toBe(3);
    const step = await api.get(paths.step(tpl.id, stepId));
    expect(labels(step.body.data.captures)).toEqual(['1:C', '2:B', '3:A']);
  });
});

describe('PUT …/captures/:capture/move-out', () => {
  it('moves a field to another step of the template at a position', async () => {
    const tpl = await templateWithSteps(2);
    const [s1, s2] = tpl.steps as [{ id: string }, { id: string }];
    const a = (await api.post(paths.captures(tpl.id, s1.id), { label: 'A', field_type: 'text' })).body.data;
    await api.post(paths.captures(tpl.id, s1.id), { label: 'B', field_type: 'text' });
    await api.post(paths.captures(tpl.id, s2.id), { label: 'X', field_type: 'text' });
    const res = await api.put(`${paths.capture(tpl.id, s1.id, a.id)}/move-out`, {
      target_step_id: s2.id,
      position: 1,
    });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ id: a.id, step_id: s2.id, position: 1 });
    expect(labels((await api.get(paths.step(tpl.id, s1.id))).body.data.captures)).toEqual(['1:B']);
    expect(labels((await api.get(paths.step(tpl.id, s2.id))).body.data.captures)).toEqual(['1:A', '2:X']);
  });

  it('answers 422 for a step of another template or a position out of range, and moves nothing', async () => {
    const tpl = await templateWithSteps(2);
    const elsewhere = await templateWithSteps(1);
    const s1 = tpl.steps[0]!.id;
    const field = (await api.post(paths.captures(tpl.id, s1), { label: 'Stay', field_type: 'text' })).body
      .data;
    const foreign = await api.put(`${paths.capture(tpl.id, s1, field.id)}/move-out`, {
      target_step_id: elsewhere.steps[0]!.id,
    });
    expect(foreign.status).toBe(422);
    expect(foreign.body.errors.target_step_id).toBeDefined();
    const far = await api.put(`${paths.capture(tpl.id, s1, field.id)}/move-out`, {
      target_step_id: tpl.steps[1]!.id,
      position: 9,
    });
    expect(far.status).toBe(422);
    expect(far.body.errors.position).toBeDefined();
    expect(
      (await api.get(paths.step(tpl.id, s1))).body.data.captures.map((c: { id: string }) => c.id),
    ).toEqual([field.id]);
  });
});

describe('deleting form fields and kick-off fields', () => {
  it('deletes a form field with 204 and renumbers the rest', async () => {
    const tpl = await templateWithSteps(1);
    const stepId = tpl.steps[0]!.id;
    const a = (await api.post(paths.captures(tpl.id, stepId), { label: 'A', field_type: 'text' })).body.data;
    await api.post(paths.captures(tpl.id, stepId), { label: 'B', field_type: 'text' });
    const res = await api.delete(paths.capture(tpl.id, stepId, a.id));
    expect(res.status).toBe(204);
    expect(labels((await api.get(paths.step(tpl.id, stepId))).body.data.captures)).toEqual(['1:B']);
    const again = await api.delete(paths.capture(tpl.id, stepId, a.id));
    expect(again.status).toBe(404);
    expect(again.body.code).toBe('FORM_FIELD_NOT_FOUND');
  });

  it('refuses with 422 FORM_FIELD_IN_USE to delete fields that a rule uses', async () => {
    const tpl = await createTemplateViaApi(api, org.orgId, {
      title: 'Ruled',
      prerun: [{ id: 'k', label: 'Urgent?', field_type: 'radio', options: ['Yes', 'No'] }],
      steps: [{ id: 's', title: 'S', captures: [{ id: 'f', label: 'Amount', field_type: 'number' }] }],
      automated_actions: [
        {
          automated_alias: 'Both',
          conditions: [
            {
              conditionable_id: 'k',
              conditionable_type: 'Prerun',
              operation: 'equals',
              statement: 'Yes',
              logic: 'and',
            },
            {
              conditionable_id: 'f',
              conditionable_type: 'Capture',
              operation: 'greater_than',
              statement: '5',
              logic: 'and',
            },
          ],
          then_actions: [{ action_type: 'visibility', action_verb: 'show', target_step_id: 's' }],
        },
      ],
    });
    const step = tpl.steps.data[0];
    const field = await api.delete(paths.capture(tpl.id, step.id, step.captures[0].id));
    expect(field.status).toBe(422);
    expect(field.body.code).toBe('FORM_FIELD_IN_USE');
    const kickoff = await api.delete(`${paths.template(tpl.id)}/preruns/${tpl.prerun[0].id}`);
    expect(kickoff.status).toBe(422);
    expect(kickoff.body.code).toBe('FORM_FIELD_IN_USE');
    expect((await storedCounts(t, tpl.id)).fields).toBe(2);
  });

  it('deletes a kick-off field with 204, and answers 404 for one of another organization', async () => {
    const tpl = await createTemplateViaApi(api, org.orgId, {
      title: 'Kick',
      prerun: [
        { label: 'A', field_type: 'text' },
        { label: 'B', field_type: 'text' },
      ],
    });
    const res = await api.delete(`${paths.template(tpl.id)}/preruns/${tpl.prerun[0].id}`);
    expect(res.status).toBe(204);
    const now = await api.get(paths.template(tpl.id));
    expect(
      now.body.data.prerun.map((f: { label: string; position: number }) => `${f.position}:${f.label}`),
    ).toEqual(['1:B']);
    const foreign = await apiClient(t.app, other.admin.token).delete(
      `/organizations/${other.orgId}/checklists/${tpl.id}/preruns/${tpl.prerun[1].id}`,
    );
    expect(foreign.status).toBe(404);
    const missing = await api.delete(`${paths.template(tpl.id)}/preruns/${'0'.repeat(32)}`);
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('KICKOFF_FIELD_NOT_FOUND');
  });
});

describe('GET …/checklists/:id/form-fields', () => {
  it('lists kick-off fields, then every field of every step in step order', async () => {
    const tpl = await createTemplateViaApi(api, org.orgId, {
      title: 'All fields',
      prerun: [{ label: 'K', field_type: 'text' }],
      steps: [
        { title: 'Second', position: 2, captures: [{ label: 'S2-A', field_type: 'text' }] },
        {
          title: 'First',
          position: 1,
          captures: [
            { label: 'S1-A', field_type: 'text' },
            { label: 'S1-B', field_type: 'date' },
          ],
        },
      ],
    });
    const res = await api.get(`${paths.template(tpl.id)}/form-fields`);
    expect(res.status).toBe(200);
    expect(res.body.data.map((f: { label: string }) => f.label)).toEqual(['K', 'S1-A', 'S1-B', 'S2-A']);
    expect(res.body.data[0].step_id).toBeUndefined();
    expect(res.body.data[1].step_id).toBe(
      tpl.steps.data.find((s: { title: string }) => s.title === 'First').id,
    );
  });
});
