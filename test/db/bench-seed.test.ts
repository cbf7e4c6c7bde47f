import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countTasks, deleteProcessesLaunchedSince } from '../../bench/db/fixtures-repository.js';
import { dropSecondaryIndexes, findSequence, restoreIndexes } from '../../bench/db/seed-repository.js';
import { loadFixture } from '../../bench/lib/fixture.js';
import { buildOperations } from '../../bench/lib/operations.js';
import { findSeeded, seedOrganization } from '../../bench/lib/seed.js';
import type { SeedCatalog } from '../../bench/lib/seed-setup.js';
import { countProcessTasks } from '../../src/db/repositories/process-tasks-repository.js';
import { createTestContext, type TestContext } from '../helpers/context.js';

const TASKS = 700;
let t: TestContext;
let catalog: SeedCatalog;

/** A freshly seeded organization for the tests of one describe block. */
function seededDatabase(): void {
  beforeAll(async () => {
    t = await createTestContext();
    catalog = (await seedOrganization(t.ctx, TASKS, () => {})).catalog;
  }, 120_000);
  afterAll(() => t.close());
}

const db = () => t.db.kysely;
const org = () => catalog.organization.id;

// The seeding tests only read (the index test drops and restores what it found); they share
// one seed. The operations change the data (completions, launches that move the task
// sequence), so they run on a seed of their own.
describe('bench seeding', () => {
  seededDatabase();

  it('seeds exactly the tasks asked for, 200 members, and 30 templates of 5 to 15 steps with rules', async () => {
    expect(await countTasks(db(), org())).toBe(TASKS);
    expect(catalog.memberIds).toHaveLength(200);
    expect(catalog.definitions).toHaveLength(30);
    const steps = catalog.definitions.map((d) => d.steps.length);
    expect(Math.min(...steps)).toBe(5);
    expect(Math.max(...steps)).toBe(15);
    expect(catalog.launchTemplate.steps).toHaveLength(10);
    expect(catalog.definitions.every((d) => d.rules.length > 0)).toBe(true);
    const groups = await db()
      .selectFrom('groups')
      .select('id')
      .where('organization_id', '=', org())
      .execute();
    expect(groups).toHaveLength(20);
  });

  it('leaves processes in every state, each with the counters refreshProcess would compute', async () => {
    const processes = await db()
      .selectFrom('processes')
      .selectAll()
      .where('organization_id', '=', org())
      .execute();
    const statuses = new Set(processes.map((p) => p.status));
    expect(statuses).toEqual(new Set(['active', 'complete', 'problem']));
    expect(processes.some((p) => p.archived_at !== null)).toBe(true);
    for (const p of processes.filter((x) => x.archived_at === null)) {
      const counters = await countProcessTasks(db(), org(), p.id);
      expect({ total: p.tasks_total, done: p.tasks_completed, all: p.tasks_all, due: p.due_date }).toEqual({
        total: counters.visible,
        done: counters.completed,
        all: counters.all,
        due: counters.latestDeadline,
      });
    }
  });

  it('gives every task an owner, and leaves comments, problems and activity rows', async () => {
    const unowned = await db()
      .selectFrom('tasks')
      .select('id')
      .where('organization_id', '=', org())
      .where((eb) =>
        eb.not(
          eb.exists(
            eb.selectFrom('task_owners').select('task_id').whereRef('task_owners.task_id', '=', 'tasks.id'),
          ),
        ),
      )
      .execute();
    expect(unowned).toEqual([]);
    const labels = await db()
      .selectFrom('threads')
      .select('label')
      .where('organization_id', '=', org())
      .execute();
    expect(new Set(labels.map((l) => l.label))).toEqual(new Set(['comment', 'problem']));
    const activities = await db()
      .selectFrom('activities')
      .select('id')
      .where('organization_id', '=', org())
      .execute();
    expect(activities.length).toBeGreaterThan(TASKS / 4);
  });

  it('sets the task sequence past every seeded task and marks the seed complete', async () => {
    const max = await db()
      .selectFrom('tasks')
      .select((eb) => eb.fn.max('increment_id').as('m'))
      .where('organization_id', '=', org())
      .executeTakeFirstOrThrow();
    expect(await findSequence(db(), org(), 'task')).toBe(Number(max.m));
    expect((await findSeeded(t.ctx, TASKS))?.organization.id).toBe(org());
    expect(await findSeeded(t.ctx, TASKS + 1)).toBeUndefined();
  });

  it('restores exactly the secondary indexes it drops for the bulk load', async () => {
    const dropped = await dropSecondaryIndexes(db(), ['tasks', 'task_owners']);
    await restoreIndexes(db(), dropped);
    const again = await dropSecondaryIndexes(db(), ['tasks', 'task_owners']);
    await restoreIndexes(db(), again);
    expect(again.map((i) => i.name).sort()).toEqual(dropped.map((i) => i.name).sort());
    expect(dropped.map((i) => i.name)).toEqual(
      expect.arrayContaining(['tasks_process_idx', 'task_owners_owner_idx']),
    );
  });
});

describe('bench operations', () => {
  seededDatabase();

  it('run each operation’s database-only work without an error, on fresh data each time', async () => {
    const fixture = await loadFixture(t.ctx, catalog);
    await fixture.completions.ensure(20, () => {});
    expect(fixture.completions.size).toBeGreaterThanOrEqual(20);
    expect(fixture.formTasks.length).toBeGreaterThan(0);
    const started = t.clock.now().toISOString();
    for (const operation of buildOperations(t.ctx, fixture)) {
      for (let i = 0; i < 3; i++) {
        const unit = operation.next();
        expect(unit, operation.name).toBeDefined();
        await unit?.direct();
      }
    }
    const launched = await deleteProcessesLaunchedSince(db(), org(), catalog.launchTemplate.id, started);
    expect(launched).toBe(3);
  });
});
