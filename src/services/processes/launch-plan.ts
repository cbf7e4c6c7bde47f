/**
 * What a launch creates, before anything is written: the process's tasks (one per step) with
 * their assignees, deadlines and starting status.
 */
import {
  addDuration,
  computeStepDeadlines,
  normalizeDurationUnit,
  pushToWorkingTime,
} from '../../domain/deadlines.js';
import type { DefaultDeadline, Organization } from '../../domain/identity.js';
import { newHexId } from '../../domain/ids.js';
import { stepJobTitleIds } from '../../domain/job-titles.js';
import { emptyOwners, hasOwners, type Task, type TaskOwners } from '../../domain/tasks/task.js';
import type { StepDefinition, TemplateDefinition } from '../../domain/templates/definition.js';

/** Per-step launch overrides, already validated. */
export interface StepOverride {
  owners?: TaskOwners;
  deadline?: Date;
  position?: number;
  maxAssignable?: number;
}

export interface PlanInput {
  definition: TemplateDefinition;
  organization: Organization;
  processId: string;
  launcherId: number;
  launchedAt: Date;
  firstIncrementId: number;
  overrides: ReadonlyMap<string, StepOverride>;
  /** Active members among the steps' assignees (removed members are not assigned). */
  activeStepUsers: ReadonlySet<number>;
  /** Job titles of the steps that still exist (deleted ones assign nobody); none when left out. */
  activeJobTitles?: ReadonlySet<string>;
  /** Who fills a job title in this process (the launch's `roles`), by job-title id. */
  filledRoles?: ReadonlyMap<string, TaskOwners>;
}

/** The people and job titles a step assigns at launch, before the launcher rule. */
export interface StepAssignees {
  activeUsers: ReadonlySet<number>;
  activeJobTitles: ReadonlySet<string>;
  filledRoles: ReadonlyMap<string, TaskOwners>;
}

/**
 * A step's job titles: one the launch fills is replaced by the people filling it (for this
 * process only); any other stays on the task, so whoever holds it works on the task.
 */
function addJobTitles(owners: TaskOwners, step: StepDefinition, who: StepAssignees): void {
  for (const role of stepJobTitleIds(step)) {
    if (!who.activeJobTitles.has(role)) continue;
    const filled = who.filledRoles.get(role);
    if (!filled) {
      owners.roles.push(role);
      continue;
    }
    for (const u of filled.users) if (!owners.users.includes(u)) owners.users.push(u);
    for (const g of filled.guests) if (!owners.guests.includes(g)) owners.guests.push(g);
    for (const g of filled.groups) if (!owners.groups.includes(g)) owners.groups.push(g);
  }
}

/**
 * Assignees of a step's task, in the reference's order: the launch override; else the step's
 * own assignees and job titles (the launcher added when a group or a job title is assigned
 * and "assign launcher" is on); else the launcher when "assign launcher automatically" is on.
 */
export function ownersForStep(
  step: StepDefinition,
  override: TaskOwners | undefined,
  launcherId: number,
  who: StepAssignees,
): TaskOwners {
  if (override) return override;
  const owners: TaskOwners = {
    users: step.assignees.filter((u) => who.activeUsers.has(u)),
    guests: step.guests.map((g) => g.toLowerCase()),
    groups: [...step.groups],
    roles: [],
  };
  addJobTitles(owners, step, who);
  if (hasOwners(owners)) {
    const shared = owners.groups.length + owners.roles.length > 0;
    if (shared && step.assignRunStarter && !owners.users.includes(launcherId)) {
      owners.users.push(launcherId);
    }
    return owners;
  }
  return step.assignRunStarter ? { ...emptyOwners(), users: [launcherId] } : owners;
}

/** The organization's default deadline from launch, for steps that set none. */
function defaultDeadline(launchedAt: Date, org: Organization): Date {
  const fallback: DefaultDeadline = org.defaultDeadline ?? { type: 'days', value: 5 };
  const unit = normalizeDurationUnit(fallback.type) ?? 'days';
  const raw = addDuration(launchedAt, fallback.value, unit, org.timezone);
  return pushToWorkingTime(raw, org.workingDays, org.timezone);
}

function defaultValues(step: StepDefinition): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const field of step.fields) {
    if (field.defaultValueEnabled && field.defaultValue !== null && field.defaultValue !== undefined) {
      values[field.id] = field.defaultValue;
    }
  }
  return values;
}

/** One task per step, by step position, ready to insert. */
export function planTasks(input: PlanInput): Task[] {
  const { definition, organization: org, launchedAt } = input;
  const deadlines = computeStepDeadlines(definition.steps, launchedAt, org);
  const now = launchedAt.toISOString();
  const steps = [...definition.steps].sort((a, b) => a.position - b.position);
  return steps.map((step, index): Task => {
    const override = input.overrides.get(step.id);
    const deadline = override?.deadline ?? deadlines.get(step.id) ?? defaultDeadline(launchedAt, org);
    const hidden = step.skipStartProcess;
    const startedAt = step.startDate
      ? addDuration(
          launchedAt,
          step.startDate.value,
          normalizeDurationUnit(step.startDate.unit) ?? 'days',
          org.timezone,
        )
      : launchedAt;
    return {
      id: newHexId(),
      organizationId: org.id,
      incrementId: input.firstIncrementId + index,
      processId: input.processId,
      templateId: definition.id,
      stepId: step.id,
      alias: step.alias,
      title: step.title,
      originalTitle: step.title,
      summary: step.summary,
      taskType: step.stepType,
      status: hidden ? 'auto-skipped' : 'not-started',
      position: override?.position ?? step.position,
      deadline: deadline.toISOString(),
      startedAt: startedAt.toISOString(),
      completedAt: null,
      completerId: null,
      completerGuestId: null,
      isApproved: null,
      openProblems: 0,
      isOneoff: false,
      visibilityOverride: null,
      statusBeforeHidden: hidden ? 'not-started' : null,
      reopenedAt: null,
      everyoneMustComplete: step.everyoneMustComplete,
      canCompleteOnlyAssignees: step.canCompleteOnlyAssignees,
      allowGuestOwners: step.allowGuestOwners,
      preventGuestComment: step.preventGuestComment,
      topSecret: step.topSecret,
      isSoftStartDate: step.isSoftStartDate,
      maxAssignable: override?.maxAssignable ?? step.maxAssignable,
      webhook: step.webhook,
      stageId: step.stageId ?? null,
      starterId: input.launcherId,
      ownerId: null,
      taskdata: defaultValues(step),
      fields: null,
      settings: {},
      archivedAt: null,
      createdAt: now,
      lastUpdated: now,
      owners: ownersForStep(step, override?.owners, input.launcherId, {
        activeUsers: input.activeStepUsers,
        activeJobTitles: input.activeJobTitles ?? new Set(),
        filledRoles: input.filledRoles ?? new Map(),
      }),
    };
  });
}
