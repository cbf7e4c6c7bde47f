/**
 * Outbox events are numbered per process in the order they were written, also when one
 * statement writes several events of a process (the numbers are computed inside the
 * insert instead of by a separate read).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, apiClient } from '../helpers/api.js';
import { createTestContext, type TestContext } from '../helpers/context.js';
import { createOrgWithAdmin, type TestOrg } from '../helpers/factories.js';
import { launchTemplate } from '../helpers/templates.js';

let t: TestContext;
let org: TestOrg;
let api: Api;

beforeAll(async () => {
  t = await createTestContext();
  org = await createOrgWithAdmin(t.ctx);
  api = apiClient(t.app, org.admin.token);
});
afterAll(() => t.close());

async function eventsOf(processId: string): Promise<Array<{ name: string; sequence: number }>> {
  const rows = await t.db.kysely
    .selectFrom('outbox_events')
    .select(['name', 'sequence'])
    .where('process_id', '=', processId)
    .orderBy('created_at')
    .orderBy('sequence')
    .execute();
  return rows.map((r) => ({ name: r.name, sequence: Number(r.sequence) }));
}

describe('outbox sequence numbers', () => {
  it('numbers the events of each process 1, 2, 3… across writes, several per write included', async () => {
    const steps = [
      { title: 'Approve', step_type: 'approval' },
      { title: 'Sign', step_type: 'approval' },
    ];
    const a = await launchTemplate(api, org.orgId, { title: 'Sequence A', steps });
    const b = await launchTemplate(api, org.orgId, { title: 'Sequence B', steps });
    const complete = (runId: string, taskId: string | undefined) =>
      api.post(`/organizations/${org.orgId}/runs/${runId}/completed-tasks`, {
        task_id: taskId,
        is_approved: true,
      });
    t.clock.advance(1_000);
    expect((await complete(a.runId, a.tasks.Approve)).status).toBe(200);
    t.clock.advance(1_000);
    expect((await complete(b.runId, b.tasks.Approve)).status).toBe(200);
    t.clock.advance(1_000);
    expect((await complete(a.runId, a.tasks.Sign)).status).toBe(200);

    expect(await eventsOf(a.runId)).toEqual([
      { name: 'process.launched', sequence: 1 },
      { name: 'task.completed', sequence: 2 },
      { name: 'task.approved', sequence: 3 },
      { name: 'task.completed', sequence: 4 },
      { name: 'task.approved', sequence: 5 },
      { name: 'process.completed', sequence: 6 },
    ]);
    expect(await eventsOf(b.runId)).toEqual([
      { name: 'process.launched', sequence: 1 },
      { name: 'task.completed', sequence: 2 },
      { name: 'task.approved', sequence: 3 },
    ]);
  });
});
