import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, apiClient } from '../helpers/api.js';
import { createTestContext, type TestContext } from '../helpers/context.js';
import { addMember, createOrgWithAdmin, type TestMember, type TestOrg } from '../helpers/factories.js';
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
let standard: TestMember;

beforeAll(async () => {
  t = await createTestContext();
  org = await createOrgWithAdmin(t.ctx, 'Acme');
  other = await createOrgWithAdmin(t.ctx, 'Other');
  standard = await addMember(t.ctx, org.orgId, 'standard');
  api = apiClient(t.app, org.admin.token);
  paths = templatePaths(org.orgId);
});
afterAll(() => t.close());

const titles = (steps: Array<{ title: string; position: number }>) =>
  [...steps].sort((a, b) => a.position - b.position).map((s) => `${s.position}:${s.title}`);

async function templateWithSteps(...stepTitles: string[]) {
  const tpl = await createTemplateViaApi(api, org.orgId, { title: `T ${Math.random()}` });
  const steps = [];
  for (const title of stepTitles) steps.push(await createStepViaApi(api, org.orgId, tpl.id, { title }));
  return { id: tpl.id as string, steps };
}

describe('POST …/checklists/:id/steps', () => {
  it('creates steps of every type with all their settings', async () => {
    const tpl = await createTemplateViaApi(api, org.orgId, { title: 'Mixed' });
    const types = ['task', 'approval', 'expiring', 'email', 'expiring_email'];
    for (const [i, stepType] of types.entries()) {
      const res = await api.post(paths.steps(tpl.id), { title: `Step ${stepType}`, step_type: stepType });
      expect(res.status).toBe(201);
      expect(res.body.data).toMatchObject({ step_type: stepType, position: i + 1, checklist_id: tpl.id });
    }
    const lawyer = await api.post(`/organizations/${org.orgId}/organization-roles`, { title: 'Lawyer' });
    expect(lawyer.status).toBe(201);
    const lawyerId: string = lawyer.body.data.id;
    const res = await api.post(paths.steps(tpl.id), {
      title: 'Review contract',
      summary: '<p>Read it all</p>',
      assignees: [org.admin.userId, standard.userId],
      guests: ['Lawyer@Example.com'],
      assign_run_starter: false,
      can_complete_only_assignees: true,
      everyone_must_complete: true,
      allow_guest_owners: true,
      prevent_guest_comment: true,
      skip_start_process: true,
      top_secret: true,
      max_assignable: 2,
      webhook: 'https://hooks.example.com/step',
      roles: [lawyerId],
      deadline: { value: 3, unit: 'day', option: 'from', step: 'start_run' },
      start_date: { value: 1, unit: 'days' },
      captures: [{ label: 'Signed?', field_type: 'radio', options: ['Yes', 'No'], required: true }],
    });
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({
      title: 'Review contract',
      alias: 'review-contract',
      summary: '<p>Read it all</p>',
      step_type: 'task',
      position: 6,
      assignees: [org.admin.userId, standard.userId],
      guests: ['lawyer@example.com'],
      groups: [],
      assign_run_starter: false,
      can_complete_only_assignees: true,
      everyone_must_complete: true,
      allow_guest_owners: true,
      prevent_guest_comment: true,
      skip_start_process: true,
      top_secret: true,
      max_assignable: 2,
      webhook: 'https://hooks.example.com/step',
      roles: [lawyerId],
      deadline: { value: 3, unit: 'days', option: 'from', step: 'start_run' },
      start_date: { value: 1, unit: 'days' },
      captures: [
        {
          label: 'Signed?',
          field_type: 'radio',
          required: true,
          options: [
            { id: 1, text: 'Yes' },
            { id: 2, text: 'No' },
          ],
        },
      ],
    });
    expect(await storedCounts(t, tpl.id)).toMatchObject({ steps: 6, fields: 1, versions: 7 });
  });

  it('inserts at a position and keeps positions 1..n', async () => {
    const tpl = await templateWithSteps('A', 'B', 'C');
    const res = await api.post(paths.steps(tpl.id), { title: 'First', position: 1 });
    expect(res.body.data.position).toBe(1);
    const list = await api.get(paths.steps(tpl.id));
    expect(titles(list.body.data)).toEqual(['1:First', '2:A', '3:B', '4:C']);
  });

  it.each([
    ['a missing title', { step_type: 'task' }, 'title'],
    ['an unknown step_type', { title: 'X', step_type: 'meeting' }, 'step_type'],
    ['a position out of range', { title: 'X', position: 5 }, 'position'],
    ['an over-long title', { title: 'x'.repeat(601) }, 'title'],
    [
      'an unknown deadline unit',
      { title: 'X', deadline: { value: 1, unit: 'fortnight', option: 'from', step: 'start_run' } },
      'deadline.unit',
    ],
    [
      'an unknown deadline option',
      { title: 'X', deadline: { value: 1, unit: 'days', option: 'after', step: 'start_run' } },
      'deadline.option',
    ],
    [
      'a deadline step not in the template',
      { title: 'X', deadline: { value: 1, unit: 'days', option: 'from', step: 'a'.repeat(32) } },
      'deadline.step',
    ],
    ['a guest that is not an e-mail', { title: 'X', guests: ['nobody'] }, 'guests.0'],
    ['an assignee of another organization', { title: 'X', assignees: [999_999] }, 'assignees.0'],
    ['a group that does not exist', { title: 'X', groups: ['b'.repeat(32)] }, 'groups.0'],
    ['a bad capture', { title: 'X', captures: [{ label: 'T', field_type: 'table' }] }, 'captures.0.columns'],
  ])('answers 422 with the field path for %s, and stores nothing', async (_what, body, path) => {
    const tpl = await templateWithSteps('Only');
    const before = await storedCounts(t, tpl.id);
    const res = await api.post(paths.steps(tpl.id), body);
    expect(res.status).toBe(422);
    expect(Object.keys(res.body.errors)).toContain(path);
    expect(await storedCounts(t, tpl.id)).toEqual(before);
  });

  it('refuses the admin of another organization as assignee', async () => {
    const tpl = await templateWithSteps();
    const res = await api.post(paths.steps(tpl.id), { title: 'X', assignees: [other.admin.userId] });
    expect(res.status).toBe(422);
    expect(res.body.errors['assignees.0']).toBeDefined();
  });

  it('answers 403 to a light member', async () => {
    const tpl = await templateWithSteps();
    const light = await addMember(t.ctx, org.orgId, 'light');
    const res = await apiClient(t.app, light.token).post(paths.steps(tpl.id), { title: 'X' });
    expect(res.status).toBe(403);
  });
});

describe('GET …/steps and …/steps/:step', () => {
  it('lists steps by position and gets one with its captures', async () => {
    const tpl = await templateWithSteps('One', 'Two');
    const field = await api.post(paths.captures(tpl.id, tpl.steps[1].id), {
      label: 'Notes',
      field_type: 'textarea',
    });
    const list = await api.get(paths.steps(tpl.id));
    expect(list.status).toBe(200);
    expect(titles(list.body.data)).toEqual(['1:One', '2:Two']);
    const one = await api.get(`${paths.step(tpl.id, tpl.steps[1].id)}?with=captures`);
    expect(one.body.data.captures.map((c: { id: string }) => c.id)).toEqual([field.body.data.id]);
  });

  it("answers 404 STEP_NOT_FOUND for another template's step and 404 for another organization", async () => {
    const a = await templateWithSteps('A1');
    const b = await templateWithSteps('B1');
    const res = await api.get(paths.step(a.id, b.steps[0].id));
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('STEP_NOT_FOUND');
    const theirs = await apiClient(t.app, other.admin.token).get(
      templatePaths(other.orgId).step(a.id, a.steps[0].id),
    );
    expect(theirs.status).toBe(404);
  });
});

describe('PUT …/steps/:step', () => {
  it('changes what is sent, keeps the rest, and replaces assignee lists that are sent', async () => {
    const tpl = await createTemplateViaApi(api, org.orgId, { title: 'Edit steps' });
    const step = await createStepViaApi(api, org.orgId, tpl.id, {
      title: 'Approve',
      step_type: 'approval',
      summary: 'Look',
      assignees: [org.admin.userId],
      guests: ['a@example.com'],
    });
    const res = await api.put(paths.step(tpl.id, step.id), {
      title: 'Approve it',
      assignees: [standard.userId],
    });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({
      title: 'Approve it',
      alias: 'approve',
      step_type: 'approval',
      summary: 'Look',
      assignees: [standard.userId],
      guests: ['a@example.com'],
    });
    const cleared = await api.put(paths.step(tpl.id, step.id), { title: 'Approve it', guests: [] });
    expect(cleared.body.data.guests).toEqual([]);
    expect(cleared.body.data.assignees).toEqual([standard.userId]);
  });

  it('requires the title, except in a body of only a position, which moves the step', async () => {
    const tpl = await templateWithSteps('A', 'B', 'C', 'D');
    const noTitle = await api.put(paths.step(tpl.id, tpl.steps[0].id), { summary: 'x' });
    expect(noTitle.status).toBe(422);
    expect(noTitle.body.errors.title).toBeDefined();

    const moved = await api.put(paths.step(tpl.id, tpl.steps[3].id), { position: 2 });
    expect(moved.status).toBe(200);
    expect(moved.body.data.position).toBe(2);
    expect(titles((await api.get(paths.steps(tpl.id))).body.data)).toEqual(['1:A', '2:D', '3:B', '4:C']);

    const back = await api.put(paths.step(tpl.id, tpl.steps[0].id), { title: 'A', position: 4 });
    expect(back.body.data.position).toBe(4);
    expect(titles((await api.get(paths.steps(tpl.id))).body.data)).toEqual(['1:D', '2:B', '3:C', '4:A']);

    const tooFar = await api.put(paths.step(tpl.id, tpl.steps[0].id), { position: 5 });
    expect(tooFar.status).toBe(422);
    expect(tooFar.body.errors.position).toBeDefined();
  });

  it('accepts deadlines relative to other steps and refuses a cycle, storing nothing', async () => {
    const tpl = await templateWithSteps('A', 'B', 'C');
    const [a, b, c] = tpl.steps;
    const ok = await api.put(paths.step(tpl.id, b.id), {
      title: 'B',
      deadline: { value: 2, unit: 'hours', option: 'from', step: a.id },
    });
    expect(ok.status).toBe(200);
    expect(ok.body.data.deadline).toEqual({ value: 2, unit: 'hours', option: 'from', step: a.id });
    await api.put(paths.step(tpl.id, c.id), {
      title: 'C',
      deadline: { value: 1, unit: 'days', option: 'prior_to', step: b.id },
    });
    const versions = (await storedCounts(t, tpl.id)).versions;

    const cycle = await api.put(paths.step(tpl.id, a.id), {
      title: 'A',
      deadline: { value: 1, unit: 'days', option: 'from', step: c.id },
    });
    expect(cycle.status).toBe(422);
    expect(cycle.body.errors['deadline.step']).toBeDefined();
    expect((await storedCounts(t, tpl.id)).versions).toBe(versions);
    expect((await api.get(paths.step(tpl.id, a.id))).body.data.deadline).toBeNull();
  });

  it('answers 404 for a step of another template', async () => {
    const a = await templateWithSteps('A');
    const b = await templateWithSteps('B');
    const res = await api.put(paths.step(a.id, b.steps[0].id), { title: 'X' });
    expect(res.status).toBe(404);
  });
});

describe('DELETE …/steps/:step', () => {
  it('deletes the step with its form fields and closes the gap in positions', async () => {
    const tpl = await templateWithSteps('A', 'B', 'C');
    await api.post(paths.captures(tpl.id, tpl.steps[1].id), { label: 'F', field_type: 'text' });
    const res = await api.delete(paths.step(tpl.id, tpl.steps[1].id));
    expect(res.status).toBe(200);
    expect(res.body.data.id).toBe(tpl.steps[1].id);
    expect(titles((await api.get(paths.steps(tpl.id))).body.data)).toEqual(['1:A', '2:C']);
    expect(await storedCounts(t, tpl.id)).toMatchObject({ steps: 2, fields: 0 });
  });

  it('answers 422 STEP_HAS_DEPENDENTS while another step’s deadline depends on it', async () => {
    const tpl = await templateWithSteps('A', 'B');
    await api.put(paths.step(tpl.id, tpl.steps[1].id), {
      title: 'B',
      deadline: { value: 1, unit: 'days', option: 'from', step: tpl.steps[0].id },
    });
    const res = await api.delete(paths.step(tpl.id, tpl.steps[0].id));
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('STEP_HAS_DEPENDENTS');
    expect((await storedCounts(t, tpl.id)).steps).toBe(2);
  });

  it('answers 422 STEP_HAS_DEPENDENTS while a rule refers to it or to its fields', async () => {
    const tpl = await createTemplateViaApi(api, org.orgId, {
      title: 'With a rule',
      steps: [
        { id: 'a', title: 'A', captures: [{ id: 'fa', label: 'Answer', field_type: 'text' }] },
        { id: 'b', title: 'B' },
      ],
      automated_actions: [
        {
          automated_alias: 'Show B when answered',
          conditions: [
            {
              conditionable_id: 'fa',
              conditionable_type: 'Capture',
              operation: 'is_not_empty',
              statement: null,
              logic: 'and',
            },
          ],
          then_actions: [{ action_type: 'visibility', action_verb: 'show', target_step_id: 'b' }],
        },
      ],
    });
    const [a, b] = tpl.steps.data;
    for (const id of [a.id, b.id]) {
      const res = await api.delete(paths.step(tpl.id, id));
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('STEP_HAS_DEPENDENTS');
    }
  });
});
