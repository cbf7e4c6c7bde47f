/**
 * Templates as the API shows them: the template row with its kick-off fields and rules
 * (always), its step count, how many processes it started, and its steps with their form
 * fields when asked for. Lists load each part for the whole page in one query.
 */

import { findRulesOfTemplates } from '../../db/repositories/rules-repository.js';
import { findFieldsOfTemplates } from '../../db/repositories/template-fields-repository.js';
import { countProcessesOfTemplates } from '../../db/repositories/template-references-repository.js';
import {
  countStepsOfTemplates,
  findStepsOfTemplates,
} from '../../db/repositories/template-steps-repository.js';
import type { TemplateDefinition } from '../../domain/templates/definition.js';
import { buildDefinition, type Template, type TemplateContent } from '../../domain/templates/template.js';
import type { TemplateView } from '../../domain/views.js';
import type { AppContext } from '../context.js';

export type { TemplateView };

/** A view from a frozen definition over the template row (for `?version=N` and fresh writes). */
export function viewOfDefinition(
  template: Template,
  definition: TemplateDefinition,
  options: { withSteps: boolean; startedProcesses: number },
): TemplateView {
  const view: TemplateView = {
    template: {
      ...template,
      title: definition.title,
      alias: definition.alias,
      type: definition.type,
      summary: definition.summary,
      guidance: definition.guidance,
      webhook: definition.webhook,
      kickoffTitle: definition.kickoffTitle,
      kickoffDescription: definition.kickoffDescription,
      defaultProcessNameFormat: definition.defaultProcessNameFormat,
      autoNaming: definition.autoNaming,
      canAddOneOffTasks: definition.canAddOneOffTasks,
      settings: definition.settings,
    },
    version: definition.version,
    kickoffFields: definition.kickoffFields,
    rules: definition.rules,
    stepsCount: definition.steps.length,
    startedProcesses: options.startedProcesses,
  };
  if (options.withSteps) view.steps = definition.steps;
  return view;
}

/** The view of a template whose whole content is at hand. */
export async function viewOfContent(
  ctx: AppContext,
  content: TemplateContent,
  options: { withSteps: boolean },
): Promise<TemplateView> {
  const { template } = content;
  const started = await countProcessesOfTemplates(ctx.db.kysely, template.organizationId, [template.id]);
  return viewOfDefinition(template, buildDefinition(content, template.version), {
    withSteps: options.withSteps,
    startedProcesses: started.get(template.id) ?? 0,
  });
}

/** Views of a page of templates: four queries whatever the page size. */
export async function loadTemplateViews(
  ctx: AppContext,
  organizationId: string,
  templates: readonly Template[],
  options: { withSteps: boolean },
): Promise<TemplateView[]> {
  const ids = templates.map((t) => t.id);
  const db = ctx.db.kysely;
  const [fields, rules, steps, counts, started] = await Promise.all([
    findFieldsOfTemplates(db, organizationId, ids, { kickoffOnly: !options.withSteps }),
    findRulesOfTemplates(db, organizationId, ids),
    options.withSteps ? findStepsOfTemplates(db, organizationId, ids) : Promise.resolve([]),
    options.withSteps
      ? Promise.resolve(new Map<string, number>())
      : countStepsOfTemplates(db, organizationId, ids),
    countProcessesOfTemplates(db, organizationId, ids),
  ]);
  return templates.map((template) => {
    const content: TemplateContent = {
      template,
      steps: steps.filter((s) => s.templateId === template.id),
      fields: fields.filter((f) => f.templateId === template.id),
      rules: rules.filter((r) => r.templateId === template.id),
    };
    const view = viewOfDefinition(template, buildDefinition(content, template.version), {
      withSteps: options.withSteps,
      startedProcesses: started.get(template.id) ?? 0,
    });
    return options.withSteps ? view : { ...view, stepsCount: counts.get(template.id) ?? 0 };
  });
}
