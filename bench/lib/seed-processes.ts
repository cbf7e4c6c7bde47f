/**
 * Processes as they would look after months of use, built in memory and written in bulk:
 * tasks planned by the launch planner (owners, deadlines, positions exactly as a launch makes
 * them), then moved along: some fresh, most in progress, many complete, some archived, some
 * with an open problem. Completed tasks carry form values, completers and activity rows.
 */
import type { NewActivity } from '../../src/db/repositories/events-repository.js';
import type { NewThread } from '../../src/db/repositories/threads-repository.js';
import { newHexId } from '../../src/domain/ids.js';
import type { Process } from '../../src/domain/processes/process.js';
import type { Task } from '../../src/domain/tasks/task.js';
import type { TemplateDefinition } from '../../src/domain/templates/definition.js';
import { planTasks } from '../../src/services/processes/launch-plan.js';
import type { Random } from './random.js';
import { advanceProcess } from './seed-progress.js';
import type { SeedCatalog } from './seed-setup.js';
import { buildProcess, SeedValues } from './seed-values.js';

export type ProcessState = 'fresh' | 'active' | 'problem' | 'complete' | 'archived';

export interface ProcessBatch {
  processes: Process[];
  tasks: Task[];
  threads: NewThread[];
  activities: NewActivity[];
}

export const emptyBatch = (): ProcessBatch => ({ processes: [], tasks: [], threads: [], activities: [] });

const DAY = 86_400_000;

/** How each state is spread: share of processes and how long ago they were launched (days). */
const STATES: ReadonlyArray<{ state: ProcessState; share: number; ageDays: [number, number] }> = [
  { state: 'fresh', share: 0.08, ageDays: [0, 3] },
  { state: 'active', share: 0.47, ageDays: [0, 45] },
  { state: 'problem', share: 0.05, ageDays: [2, 45] },
  { state: 'complete', share: 0.3, ageDays: [20, 365] },
  { state: 'archived', share: 0.1, ageDays: [60, 365] },
];

export class ProcessFactory {
  private readonly values: SeedValues;
  private readonly activeMembers: ReadonlySet<number>;
  private readonly weighted: TemplateDefinition[];

  constructor(
    private readonly catalog: SeedCatalog,
    private readonly random: Random,
    private readonly now: Date,
    private readonly sequence: { process: number; task: number },
  ) {
    this.values = new SeedValues();
    this.activeMembers = new Set(catalog.memberIds);
    // The launch and form-rules templates are used three times as often: the operations pick
    // their tasks, and a busy template is realistic.
    this.weighted = catalog.definitions.flatMap((d) =>
      d.id === catalog.launchTemplate.id || d.id === catalog.formRulesTemplate.id ? [d, d, d] : [d],
    );
  }

  pickState(): ProcessState {
    let r = this.random.next();
    for (const s of STATES) {
      if (r < s.share) return s.state;
      r -= s.share;
    }
    return 'active';
  }

  pickTemplate(): TemplateDefinition {
    return this.random.pick(this.weighted);
  }

  /** Adds one process in `state` of `definition` to the batch; returns its task count. */
  add(batch: ProcessBatch, definition: TemplateDefinition, state: ProcessState): number {
    const spec = STATES.find((s) => s.state === state) ?? STATES[1];
    const [minAge, maxAge] = spec?.ageDays ?? [0, 45];
    const launchedAt = new Date(this.now.getTime() - (minAge + this.random.next() * (maxAge - minAge)) * DAY);
    const launcherId = this.random.pick(this.catalog.memberIds.slice(0, 170));
    const processId = newHexId();
    const urgent = this.random.chance(0.3);
    const tasks = planTasks({
      definition,
      organization: this.catalog.organization,
      processId,
      launcherId,
      launchedAt,
      firstIncrementId: this.sequence.task + 1,
      overrides: new Map(),
      activeStepUsers: this.activeMembers,
    });
    this.sequence.task += tasks.length;
    this.sequence.process += 1;
    const process = buildProcess(this.catalog.organization.id, definition, {
      id: processId,
      incrementId: this.sequence.process,
      launcherId,
      launchedAt,
      prerun: this.values.prerun(definition, urgent),
    });
    const moved = advanceProcess(
      { random: this.random, values: this.values, now: this.now, adminId: this.catalog.admin.userId },
      { process, definition, tasks, state, urgent },
    );
    batch.processes.push(process);
    batch.tasks.push(...tasks);
    batch.threads.push(...moved.threads);
    batch.activities.push(...moved.activities);
    return tasks.length;
  }
}
