/**
 * Seeds the bench organization at a given scale: people and templates through the services,
 * then processes in every state written in bulk (multi-row inserts, a few thousand tasks per
 * transaction), then the organization's sequences and a marker saying the seed is complete.
 */

import { insertTaskOwners } from '../../src/db/repositories/task-owners-repository.js';
import { insertTasks } from '../../src/db/repositories/tasks-repository.js';
import type { TemplateDefinition } from '../../src/domain/templates/definition.js';
import { type AppContext, inTransaction } from '../../src/services/context.js';
import {
  dropSecondaryIndexes,
  findSequence,
  insertActivityRows,
  insertProcessRows,
  insertThreadRows,
  markOverdueAnnounced,
  relaxCommit,
  restoreIndexes,
  setBulkLoadMode,
  setSequence,
  vacuumAfterBulkLoad,
} from '../db/seed-repository.js';
import { Random } from './random.js';
import { emptyBatch, type ProcessBatch, ProcessFactory, type ProcessState } from './seed-processes.js';
import { createCatalog, findCatalog, type SeedCatalog } from './seed-setup.js';

/** Written last: a database without it was not seeded to the end and is not reused. */
const SEED_MARKER = 'bench_seeded_tasks';
const TASKS_PER_TRANSACTION = 5000;
/** Tables the process seed fills; their secondary indexes are built once, after it. */
const BULK_TABLES = ['processes', 'tasks', 'task_owners', 'threads', 'activities', 'search_documents'];

export interface SeedReport {
  seconds: number;
  rows: number;
  rowsPerSecond: number;
}

export interface Seeded {
  catalog: SeedCatalog;
  /** Undefined when a kept database was reused. */
  report: SeedReport | undefined;
}

export type Log = (line: string) => void;

/** The organization of a kept database seeded completely at this scale, if there is one. */
export async function findSeeded(ctx: AppContext, tasks: number): Promise<SeedCatalog | undefined> {
  const catalog = await findCatalog(ctx, tasks);
  if (!catalog) return undefined;
  const marker = await findSequence(ctx.db.kysely, catalog.organization.id, SEED_MARKER);
  return marker === tasks ? catalog : undefined;
}

async function writeBatch(ctx: AppContext, batch: ProcessBatch): Promise<number> {
  await inTransaction(ctx, async (tx) => {
    const db = tx.db.kysely;
    await relaxCommit(db);
    await insertProcessRows(db, batch.processes);
    await insertTasks(db, batch.tasks);
    await insertTaskOwners(
      db,
      batch.tasks[0]?.organizationId ?? '',
      batch.tasks.map((t) => ({ taskId: t.id, owners: t.owners })),
    );
    await insertThreadRows(db, batch.threads);
    await insertActivityRows(db, batch.activities);
  });
  const owners = batch.tasks.reduce(
    (n, t) => n + t.owners.users.length + t.owners.guests.length + t.owners.groups.length,
    0,
  );
  return (
    batch.processes.length + batch.tasks.length + owners + batch.threads.length + batch.activities.length
  );
}

/** A template whose steps fit what is left, so the total comes out exact. */
function fittingTemplate(
  factory: ProcessFactory,
  catalog: SeedCatalog,
  remaining: number,
): TemplateDefinition {
  if (remaining > 30) return factory.pickTemplate();
  const steps = (d: TemplateDefinition) => d.steps.length;
  const exact = catalog.definitions.find((d) => steps(d) === remaining);
  if (exact) return exact;
  const fits = catalog.definitions.filter((d) => steps(d) <= remaining - 5);
  return fits[0] ?? factory.pickTemplate();
}

/** Top-ups stay off the form-rules template, whose tasks update_form_values works on. */
function pickOutside(factory: ProcessFactory, excluded: TemplateDefinition): TemplateDefinition {
  for (;;) {
    const definition = factory.pickTemplate();
    if (definition.id !== excluded.id) return definition;
  }
}

/**
 * Adds processes totalling `tasks` tasks, in `state` (or the usual mix), writing a batch every
 * few thousand tasks. Returns the rows written.
 */
export async function addProcesses(
  ctx: AppContext,
  catalog: SeedCatalog,
  tasks: number,
  options: { random: Random; state?: ProcessState; log?: Log },
): Promise<number> {
  const org = catalog.organization.id;
  const sequence = {
    process: (await findSequence(ctx.db.kysely, org, 'process')) ?? 0,
    task: (await findSequence(ctx.db.kysely, org, 'task')) ?? 0,
  };
  const factory = new ProcessFactory(catalog, options.random, ctx.clock.now(), sequence);
  let made = 0;
  let rows = 0;
  let nextReport = tasks / 10;
  let batch = emptyBatch();
  let writing: Promise<number> = Promise.resolve(0);
  while (made < tasks) {
    const definition = options.state
      ? pickOutside(factory, catalog.formRulesTemplate)
      : fittingTemplate(factory, catalog, tasks - made);
    made += factory.add(batch, definition, options.state ?? factory.pickState());
    if (batch.tasks.length >= TASKS_PER_TRANSACTION || made >= tasks) {
      // One batch is written while the next is built (PostgreSQL works in its own process).
      rows += await writing;
      writing = writeBatch(ctx, batch);
      // Awaited at the next batch; until then a failure must not count as unhandled.
      writing.catch(() => {});
      batch = emptyBatch();
    } else if (batch.processes.length % 50 === 0) {
      // Let the write in flight make progress while this batch is built.
      await new Promise((resolve) => setImmediate(resolve));
    }
    if (made >= nextReport && options.log) {
      options.log(`  ${made.toLocaleString('en')} / ${tasks.toLocaleString('en')} tasks`);
      nextReport += tasks / 10;
    }
  }
  rows += await writing;
  await setSequence(ctx.db.kysely, org, 'process', sequence.process);
  await setSequence(ctx.db.kysely, org, 'task', sequence.task);
  await markOverdueAnnounced(ctx.db.kysely, org, ctx.clock.now().toISOString());
  return rows;
}

/** Seeds a new organization of `tasks` tasks; the caller gives an empty, migrated database. */
/**
 * Before measuring a kept database again: earlier runs' writes (and the removal of what they
 * launched) leave dead rows behind, and a PostgreSQL server without autovacuum (or one that
 * has not got to it yet) then loses index-only scans to heap visibility checks. Vacuum and
 * analyze the bulk tables so every run measures the same steady state.
 */
export async function tidyKeptDatabase(ctx: AppContext): Promise<void> {
  await vacuumAfterBulkLoad(ctx.db.kysely, BULK_TABLES);
}

export async function seedOrganization(ctx: AppContext, tasks: number, log: Log): Promise<Seeded> {
  const started = performance.now();
  const random = new Random(tasks);
  await setBulkLoadMode(ctx.db.kysely, true);
  try {
    log('seeding: 200 members, 20 groups, 30 guests, 30 templates with rules');
    const catalog = await createCatalog(ctx, tasks, random);
    log(`seeding: processes totalling ${tasks.toLocaleString('en')} tasks`);
    const indexes = await dropSecondaryIndexes(ctx.db.kysely, BULK_TABLES);
    const rows = await addProcesses(ctx, catalog, tasks, { random, log });
    log(`seeding: building ${indexes.length} indexes`);
    await restoreIndexes(ctx.db.kysely, indexes);
    await vacuumAfterBulkLoad(ctx.db.kysely, BULK_TABLES);
    await setSequence(ctx.db.kysely, catalog.organization.id, SEED_MARKER, tasks);
    const seconds = (performance.now() - started) / 1000;
    return { catalog, report: { seconds, rows, rowsPerSecond: rows / seconds } };
  } finally {
    await setBulkLoadMode(ctx.db.kysely, false);
  }
}
