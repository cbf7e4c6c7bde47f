/**
 * `GET /checklists/{id}/steps-deadlines` and `…/steps-start-dates`: what a launch now would
 * give each step, proved against a real launch at the same clock.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, apiClient } from '../helpers/api.js';
import { createTestContext, type TestContext } from '../helpers/context.js';
import { addMember, createOrgWithAdmin, type TestOrg } from '../helpers/factories.js';
import { type CreatedTemplate, createTemplate } from '../helpers/templates.js';

let t: TestContext;
let org: TestOrg;
let other: TestOrg;
let api: Api;
let template: CreatedTemplate;

beforeAll(async () => {
  t = await createTestContext();
  org = await createOrgWithAdmin(t.ctx, 'Preview Co');
  other = await createOrgWithAdmin(t.ctx, 'Other Preview Co');
  api = apiClient(t.app, org.admin.token);
  template = await createTemplate(api, org.orgId, {
    title: 'Dated',
    steps: [
      { title: 'First', deadline: { value: 3, unit: 'days', option: 'from', step: 'start_run' } },
      { title: 'Second', start_date: { value: 2, unit: 'days' } },
      { title: 'Third', deadline: { value: 30, unit: 'hours', option: 'from', step: 'start_run' } },
    ],
  });
  // Saturday 10:00 UTC: working time moves deadlines that land on a weekend.
  t.clock.set('2025-01-04T10:00:00.000Z');
});
afterAll(() => t.close());

const path = (kind: string, o = org.orgId, id = template.id) =>
  `/organizations/${o}/checklists/${id}/${kind}`;

async function launchedTasks() {
  const run = await api.post(`/organizations/${org.orgId}/runs`, { checklist_id: template.id, name: 'Now' });
  expect(run.status).toBe(201);
  const tasks = await api.get(`/organizations/${org.orgId}/runs/${run.body.data.id}/tasks?per_page=10`);
  return tasks.body.data as Array<{ step_id: string; deadline: string; started_at: string }>;
}

describe('steps-deadlines and steps-start-dates', () => {
  it("answers each step's deadline exactly as a launch at the same moment sets it", async () => {
    const preview = await api.get(path('steps-deadlines'));
    expect(preview.status).toBe(200);
    const launched = await launchedTasks();
    expect(preview.body.data).toEqual(
      template.steps.map((s) => ({
        step_id: s.id,
        deadline_time: launched.find((task) => task.step_id === s.id)?.deadline,
      })),
    );
  });

  it("answers each step's start date exactly as a launch at the same moment sets it", async () => {
    const preview = await api.get(path('steps-start-dates'));
    expect(preview.status).toBe(200);
    const launched = await launchedTasks();
    expect(preview.body.data).toEqual(
      template.steps.map((s) => ({
        step_id: s.id,
        start_date: launched.find((task) => task.step_id === s.id)?.started_at,
      })),
    );
    expect(preview.body.data[1].start_date).toBe('2025-01-06T10:00:00.000Z');
    expect(preview.body.data[0].start_date).toBe('2025-01-04T10:00:00.000Z');
  });

  it('follows the injected clock', async () => {
    const first = await api.get(path('steps-deadlines?in_working_days=false'));
    t.clock.set('2025-01-05T10:00:00.000Z');
    const later = await api.get(path('steps-deadlines?in_working_days=false'));
    t.clock.set('2025-01-04T10:00:00.000Z');
    expect(first.body.data[0].deadline_time).toBe('2025-01-07T10:00:00.000Z');
    expect(later.body.data[0].deadline_time).toBe('2025-01-08T10:00:00.000Z');
  });

  it('with in_working_days=false counts on the calendar: 30 hours from Saturday 10:00 is Sunday 16:00', async () => {
    const res = await api.get(path('steps-deadlines?in_working_days=false'));
    expect(res.body.data[2]).toEqual({
      step_id: template.steps[2]?.id,
      deadline_time: '2025-01-05T16:00:00.000Z',
    });
  });

  it("with step_id and deadline answers that step's deadline as set, the others as planned", async () => {
    const plain = await api.get(path('steps-deadlines'));
    const first = template.steps[0]?.id as string;
    const res = await api.get(path(`steps-deadlines?step_id=${first}&deadline=2025-02-01T12:00:00Z`));
    expect(res.status).toBe(200);
    expect(res.body.data[0]).toEqual({ step_id: first, deadline_time: '2025-02-01T12:00:00.000Z' });
    expect(res.body.data.slice(1)).toEqual(plain.body.data.slice(1));
  });

  it("with step_id and start_date answers that step's start date as set", async () => {
    const second = template.steps[1]?.id as string;
    const res = await api.get(path(`steps-start-dates?step_id=${second}&start_date=2025-03-03`));
    expect(res.status).toBe(200);
    expect(res.body.data[1]).toEqual({ step_id: second, start_date: '2025-03-03T00:00:00.000Z' });
  });

  it('answers 422 VALIDATION_FAILED for a bad date, a date without step_id or a step of no such template', async () => {
    const first = template.steps[0]?.id as string;
    for (const q of [
      `steps-deadlines?step_id=${first}&deadline=someday`,
      'steps-deadlines?deadline=2025-02-01',
      'steps-deadlines?step_id=ffffffffffffffffffffffffffffffff&deadline=2025-02-01',
      'steps-start-dates?start_date=2025-02-01',
      'steps-start-dates?step_id=ffffffffffffffffffffffffffffffff&start_date=2025-02-01',
    ]) {
      const res = await api.get(path(q));
      expect(res.status, q).toBe(422);
      expect(res.body.code, q).toBe('VALIDATION_FAILED');
    }
  });

  it('answers 404 TEMPLATE_NOT_FOUND for an unknown template and for another organization', async () => {
    const unknown = await api.get(path('steps-deadlines', org.orgId, 'f'.repeat(32)));
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('TEMPLATE_NOT_FOUND');
    const foreign = await apiClient(t.app, other.admin.token).get(path('steps-deadlines', other.orgId));
    expect(foreign.status).toBe(404);
    expect(foreign.body.code).toBe('TEMPLATE_NOT_FOUND');
  });

  it("answers 404 TEMPLATE_NOT_FOUND to a member the template's read list does not admit", async () => {
    const secret = await createTemplate(api, org.orgId, { title: 'Secret', steps: [{ title: 'S' }] });
    const bob = await addMember(t.ctx, org.orgId, 'standard');
    const carol = await addMember(t.ctx, org.orgId, 'standard');
    const put = await api.put(`/organizations/${org.orgId}/checklists/${secret.id}/permissions`, {
      checklist_read: [carol.userId],
    });
    expect(put.status).toBe(200);
    const res = await apiClient(t.app, bob.token).get(path('steps-deadlines', org.orgId, secret.id));
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('TEMPLATE_NOT_FOUND');
    const admitted = await apiClient(t.app, carol.token).get(path('steps-deadlines', org.orgId, secret.id));
    expect(admitted.status).toBe(200);
  });
});
