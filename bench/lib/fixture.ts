/**
 * What the operations work on, picked from the seeded organization before the server is
 * driven: random processes and tasks, the busiest members, tasks to fill in on the
 * form-rules template, and a pool of fresh tasks to complete (topped up when it runs low).
 */

import type { StepDefinition, TemplateDefinition } from '../../src/domain/templates/definition.js';
import type { AppContext } from '../../src/services/context.js';
import { findOpenTasks, sampleProcessIds, sampleTasks, type TaskRef } from '../db/fixtures-repository.js';
import { Random } from './random.js';
import { addProcesses, type Log } from './seed.js';
import { busiestMembers, type SeedCatalog } from './seed-setup.js';

const SAMPLE = 2000;

export interface Fixture {
  catalog: SeedCatalog;
  orgId: string;
  processIds: string[];
  tasks: TaskRef[];
  busyMembers: number[];
  /** Open tasks of the form-rules template, with the field whose answer drives its rules. */
  formTasks: Array<TaskRef & { fieldId: string }>;
  completions: CompletionPool;
}

/** Steps whose tasks one request completes: plain tasks without required fields. */
function completableSteps(definitions: readonly TemplateDefinition[], excluded: string): string[] {
  const plain = (s: StepDefinition) =>
    s.stepType === 'task' &&
    !s.everyoneMustComplete &&
    !s.canCompleteOnlyAssignees &&
    !s.fields.some((f) => f.required);
  return definitions.filter((d) => d.id !== excluded).flatMap((d) => d.steps.filter(plain).map((s) => s.id));
}

/**
 * Fresh tasks to complete, one per request, never the same twice. When a phase needs more
 * than are left, fresh processes are seeded (in bulk, like the rest) before it starts.
 */
export class CompletionPool {
  private refs: TaskRef[] = [];
  private readonly stepIds: string[];
  private readonly random = new Random(7);
  toppedUpTasks = 0;

  constructor(
    private readonly ctx: AppContext,
    private readonly catalog: SeedCatalog,
  ) {
    this.stepIds = completableSteps(catalog.definitions, catalog.formRulesTemplate.id);
  }

  get size(): number {
    return this.refs.length;
  }

  take(): TaskRef | undefined {
    return this.refs.pop();
  }

  /** Makes sure at least `needed` tasks are in the pool. */
  async ensure(needed: number, log: Log): Promise<void> {
    if (this.refs.length >= needed) return;
    await this.load(needed);
    if (this.refs.length >= needed) return;
    // About half the tasks of a fresh process are plain, completable tasks.
    const tasks = Math.ceil((needed - this.refs.length) * 2.5);
    log(`  topping up the completion pool: ${tasks.toLocaleString('en')} tasks in fresh processes`);
    await addProcesses(this.ctx, this.catalog, tasks, { random: this.random, state: 'fresh' });
    this.toppedUpTasks += tasks;
    await this.load(needed);
  }

  private async load(needed: number): Promise<void> {
    const taken = new Set(this.refs.map((r) => r.taskId));
    const found = await findOpenTasks(this.ctx.db.kysely, {
      organizationId: this.catalog.organization.id,
      stepIds: this.stepIds,
      taskType: 'task',
      limit: needed + this.refs.length,
    });
    this.refs.push(...found.filter((r) => !taken.has(r.taskId)));
  }
}

/** Picks everything the operations need from the organization. */
export async function loadFixture(ctx: AppContext, catalog: SeedCatalog): Promise<Fixture> {
  const orgId = catalog.organization.id;
  const db = ctx.db.kysely;
  const form = catalog.formRulesTemplate;
  const fieldOfStep = new Map(
    form.steps.flatMap((s) => {
      const field = s.fields.find((f) => f.label === 'Needs review');
      return field ? [[s.id, field.id] as const] : [];
    }),
  );
  const open = await findOpenTasks(db, {
    organizationId: orgId,
    stepIds: [...fieldOfStep.keys()],
    limit: SAMPLE,
  });
  return {
    catalog,
    orgId,
    processIds: await sampleProcessIds(db, orgId, SAMPLE),
    tasks: await sampleTasks(db, orgId, SAMPLE),
    busyMembers: await busiestMembers(ctx, catalog, 10),
    formTasks: open.map((r) => ({
      taskId: r.taskId,
      processId: r.processId,
      fieldId: fieldOfStep.get(r.stepId) ?? '',
    })),
    completions: new CompletionPool(ctx, catalog),
  };
}
