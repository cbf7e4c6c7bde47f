import { concurrentWriters } from '../../db/dialect.js';
import { findOrganizationById } from '../../db/repositories/organizations-repository.js';
import { insertProcess, reserveSequences } from '../../db/repositories/processes-repository.js';
import { findActiveMemberIds, insertTaskOwners } from '../../db/repositories/task-owners-repository.js';
import { insertTasks } from '../../db/repositories/tasks-repository.js';
import { findTemplateById } from '../../db/repositories/templates-repository.js';
import { findUserById } from '../../db/repositories/users-repository.js';
import { FieldErrorCollector, notFound, rejected } from '../../domain/errors.js';
import { fullName, type Organization, type User } from '../../domain/identity.js';
import { newHexId } from '../../domain/ids.js';
import { defaultProcessName } from '../../domain/processes/naming.js';
import type { Process } from '../../domain/processes/process.js';
import { missingRequiredFields, requiredMissing } from '../../domain/tasks/form-values.js';
import { emptyOwners, type Task } from '../../domain/tasks/task.js';
import type { TemplateDefinition } from '../../domain/templates/definition.js';
import { launchVersionOf } from '../../domain/templates/template.js';
import { type AppContext, inTransaction, type MemberActor } from '../context.js';
import { actorRef, appendEvents, recordActivities } from '../events/record.js';
import { moveKickoffFilesToProcess } from '../files/form-file-values.js';
import { checkRunFolderIds, fileNewProcess } from '../folders/folder-objects.js';
import { assertTemplateAccess } from '../permissions/access.js';
import { applyRules, type RuleChangedTask } from '../rules/apply-rules.js';
import { checkTagIds, tagNewSubjects } from '../tags/tag-links.js';
import { loadTemplateDefinition } from './definitions.js';
import { processEventPayload } from './event-payloads.js';
import {
  checkFilledRoles,
  checkKickoff,
  checkOverrides,
  checkPeople,
  findJobTitleIdsOfSteps,
} from './launch-input.js';
import { planTasks } from './launch-plan.js';
import { ensureOwnerGuests, type OwnersInput } from './owners.js';
import { launchedProcessWrite } from './process-write.js';
import { refreshProcess } from './refresh-process.js';

/** A launch request (`POST /runs`). */
export interface LaunchProcessInput {
  checklistId: string;
  version?: number | undefined;
  name?: string | undefined;
  summary?: string | null | undefined;
  ownerId?: number | undefined;
  /** Kick-off values keyed by kick-off field id. */
  kickoffValues?: Record<string, unknown> | undefined;
  /** Per-step overrides keyed by step id (or alias). */
  tasks?: Record<
    string,
    { owners?: OwnersInput; deadline?: string; position?: number; maxAssignable?: number }
  >;
  tags?: string[] | undefined;
  users?: number[] | undefined;
  groups?: string[] | undefined;
  folders?: string[] | undefined;
  /** Who fills each job title of the template's steps in this process, by job-title id. */
  roles?: Record<string, OwnersInput> | undefined;
  starred?: boolean | undefined;
  isPublic?: boolean | undefined;
  parentId?: string | undefined;
}

export interface LaunchResult {
  process: Process;
  tasks: Task[];
  changedByRules: RuleChangedTask[];
}

/**
 * Launches a process from the template's frozen version in one transaction: validates the
 * kick-off values and task overrides, creates the process and one task per step, records the
 * launch and its event, runs the rules and computes the counters. Nothing is written on error,
 * except that on PostgreSQL the numbers reserved ahead of the transaction are skipped (see
 * prepareAhead).
 */
export async function launchProcess(
  ctx: AppContext,
  actor: MemberActor,
  input: LaunchProcessInput,
): Promise<LaunchResult> {
  const orgId = actor.organizationId;
  const ahead = await prepareAhead(ctx, actor, input);
  // A definition read in a launch's own transaction is committed: a launch writes none.
  const committed = !ctx.db.kysely.isTransaction;
  return inTransaction(ctx, async (tx) => {
    const { organization, definition } = ahead ?? (await loadLaunchable(tx, actor, input, committed));
    const errors = new FieldErrorCollector();
    const kickoffValues = await checkKickoff(tx, orgId, definition, input.kickoffValues ?? {}, errors);
    const overrides = await checkOverrides(tx, organization, definition, input.tasks ?? {}, errors);
    const filledRoles = await checkFilledRoles(tx, orgId, input.roles ?? {}, errors);
    await checkPeople(tx, orgId, input, errors);
    const tagIds = await checkTagIds(tx, orgId, input.tags, errors);
    const folderIds = await checkRunFolderIds(tx, orgId, input.folders, errors);
    errors.throwIfAny();
    const missing = missingRequiredFields(definition.kickoffFields, kickoffValues);
    if (missing.length) throw requiredMissing(missing, 'prerun');

    const launchedAt = tx.clock.now();
    const launcherName = fullNameOf(await findUserById(tx.db.kysely, actor.userId));
    const stepUsers = definition.steps.flatMap((s) => s.assignees);
    const activeStepUsers = await findActiveMemberIds(tx.db.kysely, orgId, stepUsers);
    const activeJobTitles = await findJobTitleIdsOfSteps(tx, orgId, definition);
    // Here the counter rows stay locked until commit: as late as possible (see prepareAhead).
    const first = ahead?.first ?? (await reserveNumbers(tx, orgId, definition));
    const process = buildProcess({
      actor,
      input,
      organization,
      definition,
      kickoffValues,
      launchedAt,
      incrementId: first.process,
      launcherName,
    });
    process.prerun = await moveKickoffFilesToProcess(
      tx,
      orgId,
      process.id,
      kickoffValues,
      definition.kickoffFields,
    );
    const tasks = planTasks({
      definition,
      organization,
      processId: process.id,
      launcherId: actor.userId,
      launchedAt,
      firstIncrementId: first.task,
      overrides,
      activeStepUsers,
      activeJobTitles,
      filledRoles,
    });
    await insertProcess(tx.db.kysely, process);
    await tagNewSubjects(tx, orgId, 'process', [process.id], tagIds);
    await fileNewProcess(tx, orgId, process.id, folderIds);
    await insertTasks(tx.db.kysely, tasks);
    await insertTaskOwners(
      tx.db.kysely,
      orgId,
      tasks.map((t) => ({ taskId: t.id, owners: t.owners })),
    );
    // One guest look-up for the whole launch: every e-mail assigned anywhere gets its guest record.
    const guests = [...new Set(tasks.flatMap((t) => t.owners.guests))];
    await ensureOwnerGuests(tx, orgId, { ...emptyOwners(), guests });
    return finishLaunch(tx, actor, { process, tasks, definition, organization });
  });
}

interface ProcessSeed {
  actor: MemberActor;
  input: LaunchProcessInput;
  organization: Organization;
  definition: TemplateDefinition;
  kickoffValues: Record<string, unknown>;
  launchedAt: Date;
  incrementId: number;
  launcherName: string;
}

const fullNameOf = (user: User | undefined) => (user ? fullName(user) : '');

/** The process row a launch creates (kick-off submitted at launch). */
function buildProcess(seed: ProcessSeed): Process {
  const { actor, input, definition, launchedAt } = seed;
  const now = launchedAt.toISOString();
  const name =
    input.name?.trim() ||
    defaultProcessName({
      templateTitle: definition.title,
      format: definition.defaultProcessNameFormat,
      launchedAt,
      timezone: seed.organization.timezone,
      launcherName: seed.launcherName,
      kickoffFields: definition.kickoffFields,
      prerun: seed.kickoffValues,
    });
  return {
    id: newHexId(),
    organizationId: actor.organizationId,
    incrementId: seed.incrementId,
    templateId: definition.id,
    templateVersion: definition.version,
    templateTitle: definition.title,
    type: definition.type,
    name,
    summary: input.summary ?? null,
    status: 'active',
    ownerId: input.ownerId ?? actor.userId,
    startedBy: actor.userId,
    prerun: seed.kickoffValues,
    prerunCompletedAt: now,
    prerunCompletedBy: actor.userId,
    tasksTotal: 0,
    tasksCompleted: 0,
    tasksAll: 0,
    openProblems: 0,
    dueDate: null,
    starred: input.starred ?? false,
    isPublic: input.isPublic ?? false,
    users: input.users ?? [],
    groups: input.groups ?? [],
    tags: [...new Set(input.tags ?? [])],
    folders: [...new Set(input.folders ?? [])],
    parentId: input.parentId ?? null,
    webhook: definition.webhook,
    canAddOneOffTasks: definition.canAddOneOffTasks,
    settings: {},
    createdAt: now,
    startedAt: now,
    lastUpdated: now,
    completedAt: null,
    archivedAt: null,
  };
}

interface Launched {
  process: Process;
  tasks: Task[];
  definition: TemplateDefinition;
  organization: Organization;
}

/**
 * What follows the inserts, through the write unit of the new process: the launch activity,
 * the rules, the counters and the `process.launched` event.
 */
async function finishLaunch(tx: AppContext, actor: MemberActor, launched: Launched): Promise<LaunchResult> {
  const unit = launchedProcessWrite(tx, actorRef(actor), launched);
  const { process } = unit;
  await recordActivities(tx, process.organizationId, unit.actor, [
    {
      action: 'launched',
      objectType: 'process',
      objectId: process.id,
      processId: process.id,
      newValue: { name: process.name, checklist_id: process.templateId, version: process.templateVersion },
    },
  ]);
  const changedByRules = await applyRules(unit, { kind: 'launch' });
  const refreshed = await refreshProcess(unit);
  await appendEvents(tx, process.organizationId, [
    {
      name: 'process.launched',
      processId: process.id,
      taskId: null,
      payload: await processEventPayload(unit),
      targets: refreshed.webhook ? [refreshed.webhook] : [],
      actor: unit.actor,
    },
  ]);
  return { process: refreshed, tasks: launched.tasks, changedByRules };
}

interface Launchable {
  organization: Organization;
  definition: TemplateDefinition;
}

/** The first process number and the first of the consecutive task numbers of a launch. */
interface LaunchNumbers {
  process: number;
  task: number;
}

/**
 * Where writers run side by side (PostgreSQL), a launch in its own transaction reads what
 * it launches and reserves its numbers before that transaction begins, the reservation
 * committing at once: the organization's counter rows are then locked for one statement
 * instead of the whole launch, so its launches no longer queue behind each other. Those
 * reads take no lock inside the transaction either, so reading them just before it changes
 * nothing. A launch that fails after its reservation leaves a gap in the numbers, as a
 * database sequence does. Inside a caller's transaction, or with one writer (SQLite),
 * everything happens in the launch's transaction, as before: undefined.
 */
async function prepareAhead(
  ctx: AppContext,
  actor: MemberActor,
  input: LaunchProcessInput,
): Promise<(Launchable & { first: LaunchNumbers }) | undefined> {
  if (ctx.db.kysely.isTransaction || !concurrentWriters(ctx.db.dialect)) return undefined;
  const launchable = await loadLaunchable(ctx, actor, input, true);
  const first = await reserveNumbers(ctx, actor.organizationId, launchable.definition);
  return { ...launchable, first };
}

/** The launch's process number and its tasks' numbers, in step order, in one statement. */
function reserveNumbers(
  ctx: AppContext,
  organizationId: string,
  definition: TemplateDefinition,
): Promise<LaunchNumbers> {
  return reserveSequences(ctx.db.kysely, organizationId, {
    process: 1,
    task: Math.max(definition.steps.length, 1),
  });
}

/** The organization and the definition a launch uses, or the error that refuses it. */
async function loadLaunchable(
  ctx: AppContext,
  actor: MemberActor,
  input: LaunchProcessInput,
  committed: boolean,
): Promise<Launchable> {
  const organization = await findOrganizationById(ctx.db.kysely, actor.organizationId);
  if (!organization) throw notFound('ORGANIZATION_NOT_FOUND', 'Organization');
  const definition = await loadLaunchableDefinition(ctx, actor, input, committed);
  return { organization, definition };
}

async function loadLaunchableDefinition(
  ctx: AppContext,
  actor: MemberActor,
  input: LaunchProcessInput,
  committed: boolean,
): Promise<TemplateDefinition> {
  const template = await findTemplateById(ctx.db.kysely, actor.organizationId, input.checklistId);
  if (!template || template.archivedAt) throw notFound('TEMPLATE_NOT_FOUND', 'Template');
  await assertTemplateAccess(ctx, actor, template, 'process.launch');
  // The template row names its latest version (written with it), so the definition comes
  // from the cache of frozen versions.
  const version = input.version ?? launchVersionOf(template);
  const definition = await loadTemplateDefinition(
    ctx,
    actor.organizationId,
    { templateId: template.id, version },
    { committed },
  );
  if (!definition) throw notFound('TEMPLATE_NOT_FOUND', 'Template version');
  // A template that is only a kick-off form launches: the form is the work.
  if (definition.steps.length === 0 && definition.kickoffFields.length === 0) {
    throw rejected(
      'TEMPLATE_HAS_NO_STEPS',
      'A template needs at least one step or kick-off field to be launched.',
    );
  }
  return { ...definition, version };
}
