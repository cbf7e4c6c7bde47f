/**
 * Launch numbers (process and task increment ids) under concurrent launches. On PostgreSQL a
 * launch reserves its numbers in their own short transaction before the launch transaction,
 * so an organization's launches run side by side; a launch that then fails leaves a gap.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Api, apiClient } from '../helpers/api.js';
import { createTestContext, type TestContext, testDatabaseKind } from '../helpers/context.js';
import { createOrgWithAdmin, type TestOrg } from '../helpers/factories.js';
import { type CreatedTemplate, createTemplate, plainSteps } from '../helpers/templates.js';

let t: TestContext;
let org: TestOrg;
let api: Api;
let template: CreatedTemplate;

beforeAll(async () => {
  t = await createTestContext();
});
afterAll(() => t.close());

// Numbers are per organization: each test numbers launches in an organization of its own.
beforeEach(async () => {
  org = await createOrgWithAdmin(t.ctx);
  api = apiClient(t.app, org.admin.token);
  template = await createTemplate(api, org.orgId, {
    title: 'Numbered',
    steps: plainSteps(3),
    prerun: [{ label: 'Client', field_type: 'text', required: true }],
  });
});

const runs = () => `/organizations/${org.orgId}/runs`;
const launch = (client: string) =>
  api.post(runs(), { checklist_id: template.id, prerun: { [template.prerun[0]!.id]: client } });

async function numbers() {
  const processes = await t.db.kysely
    .selectFrom('processes')
    .select(['id', 'increment_id'])
    .where('organization_id', '=', org.orgId)
    .orderBy('increment_id')
    .execute();
  const tasks = await t.db.kysely
    .selectFrom('tasks')
    .select(['process_id', 'increment_id', 'position'])
    .where('organization_id', '=', org.orgId)
    .orderBy('increment_id')
    .execute();
  return { processes, tasks };
}

describe('launch numbers', () => {
  it('gives concurrent launches distinct numbers, each launch its tasks in step order', async () => {
    const responses = await Promise.all(Array.from({ length: 12 }, (_, i) => launch(`Client ${i}`)));
    for (const res of responses) expect(res.status, JSON.stringify(res.body)).toBe(201);

    const { processes, tasks } = await numbers();
    expect(processes).toHaveLength(12);
    expect(new Set(processes.map((p) => p.increment_id)).size).toBe(12);
    expect(tasks).toHaveLength(36);
    expect(new Set(tasks.map((task) => task.increment_id)).size).toBe(36);
    for (const p of processes) {
      const own = tasks.filter((task) => task.process_id === p.id).sort((a, b) => a.position - b.position);
      const first = own[0]!.increment_id;
      expect(own.map((task) => task.increment_id)).toEqual([first, first + 1, first + 2]);
    }
  });

  it('leaves at most one launch of gap after a launch that fails, and writes nothing for it', async () => {
    expect((await launch('First')).status).toBe(201);
    const before = await numbers();
    const failed = await launch('  ');
    expect(failed.status).toBe(422);
    expect(failed.body.code).toBe('REQUIRED_FIELDS_MISSING');
    const after = await launch('Acme');
    expect(after.status).toBe(201);

    const { processes, tasks } = await numbers();
    expect(processes).toHaveLength(before.processes.length + 1);
    expect(tasks).toHaveLength(before.tasks.length + 3);
    const lastProcess = before.processes.at(-1)!.increment_id;
    const lastTask = before.tasks.at(-1)!.increment_id;
    const newProcess = processes.at(-1)!.increment_id;
    const newTasks = tasks.slice(-3).map((task) => task.increment_id);
    // SQLite reserves inside the launch transaction (rolled back); PostgreSQL ahead of it.
    const gap = testDatabaseKind() === 'postgres' ? 1 : 0;
    expect(newProcess).toBe(lastProcess + 1 + gap);
    expect(newTasks).toEqual([1, 2, 3].map((i) => lastTask + i + 3 * gap));
  });
});
