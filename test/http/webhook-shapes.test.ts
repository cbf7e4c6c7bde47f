/**
 * One JSON shape per object: the object a webhook receiver gets is the object `GET` of it
 * answers (same keys, same values, same formats), plus the keys the event adds around it.
 * Fields that legitimately differ, and why:
 * - process events add `organization_id`, `process-tasks`, `ko-form-fields`, `launcher`;
 * - `this_task` adds `completed_by` and `captures`, and names the people in `owners.users`
 *   (`{id, email, full_name}`, Tallyfy's webhook form) where the API lists their ids;
 * - the task event's `process` adds `organization_id`, and shows the process as the task's
 *   change found it: the counters the process's recount derives after the change (progress,
 *   status, dates) are those from before it, so they are compared apart.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverDueWebhooks } from '../../src/jobs/webhook-delivery.js';
import { dispatchOutboxEvents } from '../../src/jobs/webhook-dispatch.js';
import { type Api, apiClient } from '../helpers/api.js';
import { createTestContext, type TestContext } from '../helpers/context.js';
import { createOrgWithAdmin, type TestOrg } from '../helpers/factories.js';
import { launchTemplate } from '../helpers/templates.js';
import { type Receiver, startReceiver } from '../helpers/webhook-receiver.js';

let t: TestContext;
let org: TestOrg;
let api: Api;
let receiver: Receiver;

beforeAll(async () => {
  t = await createTestContext({ WEBHOOK_ALLOW_PRIVATE: 'true' });
  org = await createOrgWithAdmin(t.ctx);
  api = apiClient(t.app, org.admin.token);
  receiver = await startReceiver();
});
afterAll(async () => {
  await receiver.close();
  await t.close();
});

/** Delivers what is queued and answers the bodies received for `event`, in order. */
async function received(event: string): Promise<Array<Record<string, any>>> {
  await dispatchOutboxEvents(t.ctx);
  while ((await deliverDueWebhooks(t.ctx)) > 0);
  return receiver.requests.filter((r) => r.headers['x-flowlane-event'] === event).map((r) => r.json);
}

function without(object: Record<string, any>, keys: readonly string[]): Record<string, any> {
  return Object.fromEntries(Object.entries(object).filter(([key]) => !keys.includes(key)));
}

const PROCESS_EVENT_KEYS = ['organization_id', 'process-tasks', 'ko-form-fields', 'launcher'];
/** What the process's recount after a task change derives (see the header). */
const RECOUNTED = [
  'progress',
  'whole_progress',
  'status',
  'completed_at',
  'last_updated',
  'due_date',
  'max_task_deadline',
  'due_date_passed',
  'due_soon',
  'has_open_issue',
];
const THIS_TASK_KEYS = ['owners', 'completed_by', 'captures'];

describe('webhook payloads and API answers', () => {
  it('sends process.launched with the process exactly as GET /runs/{id} answers it', async () => {
    const p = await launchTemplate(
      api,
      org.orgId,
      {
        webhook: receiver.url,
        steps: [{ title: 'Draft' }],
        prerun: [{ label: 'Client', field_type: 'text' }],
      },
      { name: 'Acme onboarding' },
    );
    const [payload] = await received('process.launched');
    const answer = (await api.get(`/organizations/${org.orgId}/runs/${p.runId}`)).body.data;

    expect(payload).toBeDefined();
    expect(without(payload ?? {}, PROCESS_EVENT_KEYS)).toEqual(answer);
    expect(payload?.organization_id).toBe(org.orgId);
    expect(payload?.launcher).toMatchObject({ id: org.admin.userId });
    expect(Object.values(payload?.['process-tasks'] ?? {})).toEqual([p.tasks.Draft]);
  });

  it('sends task.completed with this_task as GET of the task answers it, and its process as GET of the process', async () => {
    const p = await launchTemplate(api, org.orgId, {
      webhook: receiver.url,
      steps: [
        { title: 'Collect', captures: [{ label: 'Budget', field_type: 'text' }] },
        { title: 'Approve' },
      ],
    });
    const collect = p.tasks.Collect!;
    const field = p.template.steps[0]!.captures[0]!;
    const saved = await api.put(`/organizations/${org.orgId}/runs/${p.runId}/tasks/${collect}`, {
      taskdata: { [field.id]: '1200' },
    });
    expect(saved.status).toBe(200);
    const done = await api.post(`/organizations/${org.orgId}/runs/${p.runId}/completed-tasks`, {
      task_id: collect,
    });
    expect(done.status).toBe(200);

    const payload = (await received('task.completed')).find((b) => b.this_task?.id === collect);
    const task = (await api.get(`/organizations/${org.orgId}/tasks/${collect}`)).body.data;
    const run = (await api.get(`/organizations/${org.orgId}/runs/${p.runId}`)).body.data;

    expect(payload).toBeDefined();
    expect(without(payload?.this_task, THIS_TASK_KEYS)).toEqual(without(task, ['owners']));
    expect(payload?.this_task.owners.users.map((u: { id: number }) => u.id)).toEqual(task.owners.users);
    expect(payload?.this_task.owners.guests).toEqual(task.owners.guests);
    expect(payload?.this_task.owners.groups).toEqual(task.owners.groups);
    expect(payload?.this_task.completed_by).toMatchObject({ id: org.admin.userId });
    expect(payload?.this_task.captures).toEqual({
      [field.id]: { alias: field.alias, label: 'Budget', value: '1200' },
    });
    expect(without(payload?.process, ['organization_id', ...RECOUNTED])).toEqual(without(run, RECOUNTED));
    expect(payload?.process.progress).toEqual({ complete: 0, total: 2, percent: 0 });
    expect(run.progress).toEqual({ complete: 1, total: 2, percent: 50 });
    expect(payload?.next_task.id).toBe(p.tasks.Approve);
  });

  it('sends a one-off task event with this_task as GET of the task answers it', async () => {
    const created = await api.post(`/organizations/${org.orgId}/tasks`, {
      title: 'Renew insurance',
      task_type: 'task',
      deadline: '2025-01-09 17:00:00',
      owners: { users: [org.admin.userId] },
      webhook: receiver.url,
    });
    expect(created.status).toBe(201);
    const id = created.body.data.id as string;
    const done = await api.post(`/organizations/${org.orgId}/completed-tasks`, { task_id: id });
    expect(done.status).toBe(200);

    const payload = (await received('task.completed')).find((b) => b.this_task?.id === id);
    const task = (await api.get(`/organizations/${org.orgId}/tasks/${id}`)).body.data;

    expect(payload).toBeDefined();
    expect(without(payload?.this_task, THIS_TASK_KEYS)).toEqual(without(task, ['owners']));
    expect(payload?.process).toBeNull();
  });
});
