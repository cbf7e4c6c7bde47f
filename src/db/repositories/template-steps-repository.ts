import type { Selectable } from 'kysely';
import type { StepDeadline, StepStartDate, StepType } from '../../domain/templates/definition.js';
import type { TemplateStep } from '../../domain/templates/template.js';
import type { Db } from '../database.js';
import { fromJson, toBool, toInt, toJson } from '../dialect.js';
import type { TemplateStepsTable } from '../tables/templates.js';

function toStep(row: Selectable<TemplateStepsTable>): TemplateStep {
  return {
    id: row.id,
    templateId: row.template_id,
    alias: row.alias,
    title: row.title,
    summary: row.summary,
    stepType: row.step_type as StepType,
    position: row.position,
    deadline: fromJson<StepDeadline | null>(row.deadline, null),
    startDate: fromJson<StepStartDate | null>(row.start_date, null),
    assignees: fromJson<number[]>(row.assignees, []),
    guests: fromJson<string[]>(row.guests, []),
    groups: fromJson<string[]>(row.groups, []),
    assignRunStarter: toBool(row.assign_run_starter),
    canCompleteOnlyAssignees: toBool(row.can_complete_only_assignees),
    everyoneMustComplete: toBool(row.everyone_must_complete),
    allowGuestOwners: toBool(row.allow_guest_owners),
    preventGuestComment: toBool(row.prevent_guest_comment),
    skipStartProcess: toBool(row.skip_start_process),
    isSoftStartDate: toBool(row.is_soft_start_date),
    topSecret: toBool(row.top_secret),
    maxAssignable: row.max_assignable,
    webhook: row.webhook,
    settings: fromJson<Record<string, unknown>>(row.settings, {}),
    createdAt: row.created_at,
    lastUpdated: row.last_updated,
    // Last, as step writes that do not speak of stages add it last (see commitTemplate).
    stageId: row.stage_id,
  };
}

function toRow(step: TemplateStep) {
  return {
    alias: step.alias,
    title: step.title,
    summary: step.summary,
    step_type: step.stepType,
    position: step.position,
    deadline: step.deadline ? toJson(step.deadline) : null,
    start_date: step.startDate ? toJson(step.startDate) : null,
    assignees: toJson(step.assignees),
    guests: toJson(step.guests),
    groups: toJson(step.groups),
    assign_run_starter: step.assignRunStarter,
    can_complete_only_assignees: step.canCompleteOnlyAssignees,
    everyone_must_complete: step.everyoneMustComplete,
    allow_guest_owners: step.allowGuestOwners,
    prevent_guest_comment: step.preventGuestComment,
    skip_start_process: step.skipStartProcess,
    is_soft_start_date: step.isSoftStartDate,
    top_secret: step.topSecret,
    max_assignable: step.maxAssignable,
    webhook: step.webhook,
    settings: toJson(step.settings),
    stage_id: step.stageId ?? null,
    last_updated: step.lastUpdated ?? step.createdAt,
  };
}

export async function insertSteps(
  db: Db,
  organizationId: string,
  steps: readonly TemplateStep[],
): Promise<void> {
  if (steps.length === 0) return;
  await db
    .insertInto('template_steps')
    .values(
      steps.map((step) => ({
        ...toRow(step),
        id: step.id,
        organization_id: organizationId,
        template_id: step.templateId,
        created_at: step.createdAt,
      })),
    )
    .execute();
}

/** Writes every editable column of one step. */
export async function saveStep(db: Db, organizationId: string, step: TemplateStep): Promise<void> {
  await db
    .updateTable('template_steps')
    .set(toRow(step))
    .where('organization_id', '=', organizationId)
    .where('id', '=', step.id)
    .execute();
}

/** The steps of the given templates, each template's by position, in one query. */
export async function findStepsOfTemplates(
  db: Db,
  organizationId: string,
  templateIds: readonly string[],
): Promise<TemplateStep[]> {
  if (templateIds.length === 0) return [];
  const rows = await db
    .selectFrom('template_steps')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('template_id', 'in', [...templateIds])
    .orderBy('template_id')
    .orderBy('position')
    .execute();
  return rows.map(toStep);
}

/** How many steps each template has, in one query. */
export async function countStepsOfTemplates(
  db: Db,
  organizationId: string,
  templateIds: readonly string[],
): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  if (templateIds.length === 0) return counts;
  const rows = await db
    .selectFrom('template_steps')
    .select(['template_id', (eb) => eb.fn.countAll().as('n')])
    .where('organization_id', '=', organizationId)
    .where('template_id', 'in', [...templateIds])
    .groupBy('template_id')
    .execute();
  for (const row of rows) counts.set(row.template_id, toInt(row.n));
  return counts;
}

export async function deleteSteps(db: Db, organizationId: string, stepIds: readonly string[]): Promise<void> {
  if (stepIds.length === 0) return;
  await db
    .deleteFrom('template_steps')
    .where('organization_id', '=', organizationId)
    .where('id', 'in', [...stepIds])
    .execute();
}

/** The template a step belongs to, or undefined for a step of another organization. */
export async function findTemplateIdOfStep(
  db: Db,
  organizationId: string,
  stepId: string,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('template_steps')
    .select('template_id')
    .where('organization_id', '=', organizationId)
    .where('id', '=', stepId)
    .executeTakeFirst();
  return row?.template_id;
}
