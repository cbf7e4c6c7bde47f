/**
 * What a launch now would give each step of a template: its task's deadline and start.
 * The answer is the launch's own plan (`planTasks`, the injected clock as the launch time),
 * so the preview and a launch can never disagree; nothing is written.
 */
import { findOrganizationById } from '../../db/repositories/organizations-repository.js';
import { invalidFields, notFound } from '../../domain/errors.js';
import { launchVersionOf } from '../../domain/templates/template.js';
import type { AppContext, MemberActor } from '../context.js';
import { assertTemplateAccess } from '../permissions/access.js';
import { assertCanReadTemplates } from '../templates/template-permissions.js';
import { getTemplateRow } from '../templates/template-store.js';
import { loadTemplateDefinition } from './definitions.js';
import { planTasks, type StepOverride } from './launch-plan.js';

export interface LaunchPreviewOptions {
  /** A step whose deadline is set by hand, as a launch's `tasks` override would. */
  deadlineOverride?: { stepId: string; deadline: Date };
  /** A step whose start date is set by hand (the others still count from the launch). */
  startOverride?: { stepId: string; start: Date };
  /** False: deadlines as counted on the calendar, not moved into working time. */
  inWorkingDays: boolean;
}

export interface StepDates {
  stepId: string;
  deadline: string;
  startedAt: string;
}

/** Each step's deadline and start, in step order, for a launch at the clock's now. */
export async function previewLaunchDates(
  ctx: AppContext,
  actor: MemberActor,
  templateId: string,
  options: LaunchPreviewOptions,
): Promise<StepDates[]> {
  assertCanReadTemplates(actor);
  const org = actor.organizationId;
  const template = await getTemplateRow(ctx, org, templateId);
  await assertTemplateAccess(ctx, actor, template, 'template.read');
  const [organization, definition] = await Promise.all([
    findOrganizationById(ctx.db.kysely, org),
    loadTemplateDefinition(ctx, org, { templateId, version: launchVersionOf(template) }),
  ]);
  if (!organization) throw notFound('ORGANIZATION_NOT_FOUND', 'Organization');
  if (!definition) throw notFound('TEMPLATE_NOT_FOUND', 'Template version');
  const override = options.deadlineOverride;
  for (const named of [override?.stepId, options.startOverride?.stepId]) {
    if (named !== undefined && !definition.steps.some((s) => s.id === named))
      throw invalidFields('VALIDATION_FAILED', { step_id: ['The step_id must be a step of this template.'] });
  }
  const overrides = new Map<string, StepOverride>(
    override ? [[override.stepId, { deadline: override.deadline }]] : [],
  );
  const tasks = planTasks({
    definition,
    // No working days: pushing into working time leaves every date as counted.
    organization: options.inWorkingDays ? organization : { ...organization, workingDays: {} },
    processId: '',
    launcherId: actor.userId,
    launchedAt: ctx.clock.now(),
    firstIncrementId: 0,
    overrides,
    activeStepUsers: new Set(),
  });
  // A planned task always has its step, deadline and start.
  const start = options.startOverride;
  return tasks.map((task) => ({
    stepId: task.stepId ?? '',
    deadline: task.deadline ?? '',
    startedAt: start && task.stepId === start.stepId ? start.start.toISOString() : (task.startedAt ?? ''),
  }));
}
