/**
 * Outbox events are numbered per process in the order they were written, also when one
 * statement writes several events of a process (the numbers are computed inside the
 * insert instead of by a separate read). A one-off task's events are numbered per task the
 * same way.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trimRetainedTables } from '../../src/jobs/retention.js';
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

/** The events of a one-off task in the order they were numbered. */
async function eventsOfTask(taskId: string): Promise<Array<{ name: string; sequence: number }>> {
  const rows = await t.db.kysely
    .selectFrom('outbox_events')
    .select(['name', 'sequence'])
    .where('task_id', '=', taskId)
    .orderBy('sequence')
    .execute();
  return rows.map((r) => ({ name: r.name, sequence: Number(r.sequence) }));
}

describe('outbox sequence numbers of one-off tasks', () => {
  async function oneOff(title: string): Promise<string> {
    const res = await api.post(`/organizations/${org.orgId}/tasks`, {
      title,
      task_type: 'task',
      deadline: '2025-01-10 17:00:00',
      owners: { users: [org.admin.userId] },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.data.id as string;
  }
  const comment = (taskId: string, content: string) =>
    api.post(`/organizations/${org.orgId}/tasks/${taskId}/comment`, { content });

  it('numbers the events of each one-off task 1, 2, 3… across writes, apart from other tasks', async () => {
    const a = await oneOff('Sequence one-off A');
    const b = await oneOff('Sequence one-off B');
    const before = (await eventsOfTask(a)).length;
    t.clock.advance(1_000);
    expect((await api.post(`/organizations/${org.orgId}/completed-tasks`, { task_id: a })).status).toBe(200);
    t.clock.advance(1_000);
    expect((await comment(b, 'On B')).status).toBe(201);
    t.clock.advance(1_000);
    expect((await api.delete(`/organizations/${org.orgId}/completed-tasks/${a}`)).status).toBe(200);

    const numbered = await eventsOfTask(a);
    expect(numbered.slice(before).map((e) => e.name)).toEqual(['task.completed', 'task.reopened']);
    expect(numbered.map((e) => e.sequence)).toEqual(numbered.map((_, i) => i + 1));
    const ofB = await eventsOfTask(b);
    expect(ofB.at(-1)).toEqual({ name: 'task.comment_added', sequence: ofB.length });
    expect(ofB.map((e) => e.sequence)).toEqual(ofB.map((_, i) => i + 1));
  });

  it('gives concurrent writes to one one-off task distinct, consecutive numbers', async () => {
    const id = await oneOff('Sequence one-off race');
    const before = (await eventsOfTask(id)).length;
    const results = await Promise.all(
      ['one', 'two', 'three', 'four', 'five'].map((word) => comment(id, `Comment ${word}`)),
    );
    expect(results.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
    const numbered = await eventsOfTask(id);
    expect(numbered.slice(before).map((e) => e.name)).toEqual(Array(5).fill('task.comment_added'));
    expect(numbered.map((e) => e.sequence)).toEqual(numbered.map((_, i) => i + 1));
  });

  it("keeps a one-off task's latest event through retention, so its numbers continue", async () => {
    const id = await oneOff('Sequence one-off retention');
    expect((await comment(id, 'Before')).status).toBe(201);
    const kept = await eventsOfTask(id);
    expect(kept.length).toBeGreaterThan(1);
    await t.db.kysely
      .updateTable('outbox_events')
      .set({ dispatched_at: t.clock.now().toISOString() })
      .where('task_id', '=', id)
      .execute();
    t.clock.advance(40 * 86_400_000);
    for (;;) {
      const pass = await trimRetainedTables(t.ctx);
      if (Object.values(pass).every((n) => n === 0)) break;
    }
    expect(await eventsOfTask(id)).toEqual([kept.at(-1)]);
    expect((await comment(id, 'After')).status).toBe(201);
    expect((await eventsOfTask(id)).map((e) => e.sequence)).toEqual([kept.length, kept.length + 1]);
  });
});
