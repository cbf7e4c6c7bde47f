/**
 * Steps of a template: list, read, create, update (including moving to another position),
 * delete. Every change is a new template version; positions stay 1..n without gaps.
 */
import { validateStepDeadlines } from '../../domain/deadlines.js';
import { type FieldErrorCollector, notFound, rejected } from '../../domain/errors.js';
import { newHexId } from '../../domain/ids.js';
import { insertAt, moveTo, renumber, rulesReferencing } from '../../domain/templates/content-ops.js';
import type { StepDefinition } from '../../domain/templates/definition.js';
import { buildDefinition, type TemplateContent, type TemplateStep } from '../../domain/templates/template.js';
import type { Actor, AppContext } from '../context.js';
import { assertTemplateAccess } from '../permissions/access.js';
import { changeTemplate } from './change-template.js';
import { checkReferences, noReferences, stepReferences } from './references.js';
import { upsertStepFields } from './step-fields.js';
import { buildStep } from './step-input.js';
import type { CreateStepInput, UpdateStepInput } from './template-inputs.js';
import { assertCanReadTemplates } from './template-permissions.js';
import { loadTemplateContent } from './template-store.js';

export const stepNotFound = () => notFound('STEP_NOT_FOUND', 'Step');

/** The template's steps with their form fields, by position. */
export function stepsOf(content: TemplateContent): StepDefinition[] {
  return buildDefinition(content, content.template.version).steps;
}

function stepOf(content: TemplateContent, stepId: string): StepDefinition {
  const step = stepsOf(content).find((s) => s.id === stepId);
  if (!step) throw stepNotFound();
  return step;
}

export async function listSteps(
  ctx: AppContext,
  actor: Actor,
  templateId: string,
): Promise<StepDefinition[]> {
  assertCanReadTemplates(actor);
  const content = await loadTemplateContent(ctx, actor.organizationId, templateId);
  await assertTemplateAccess(ctx, actor, content.template, 'template.read');
  return stepsOf(content);
}

export async function getStep(ctx: AppContext, actor: Actor, templateId: string, stepId: string) {
  assertCanReadTemplates(actor);
  const content = await loadTemplateContent(ctx, actor.organizationId, templateId);
  await assertTemplateAccess(ctx, actor, content.template, 'template.read');
  return stepOf(content, stepId);
}

/** Deadline errors of the whole template, reported on the step being written. */
function checkDeadlines(steps: readonly TemplateStep[], stepId: string, errors: FieldErrorCollector): void {
  const index = steps.findIndex((s) => s.id === stepId);
  for (const [path, messages] of Object.entries(validateStepDeadlines(steps))) {
    const own = /^steps\.(\d+)\.(deadline\..+)$/.exec(path);
    const key = own && Number(own[1]) === index ? (own[2] as string) : 'deadline.step';
    for (const message of messages) errors.add(key, message);
  }
}

function checkPosition(position: number | undefined, max: number, errors: FieldErrorCollector) {
  if (position === undefined) return undefined;
  if (position < 1 || position > max) {
    errors.add('position', `The position must be between 1 and ${max}.`);
    return undefined;
  }
  return position;
}

/** Adds a step (with optional form fields) at its position, or at the end. */
export async function createStep(ctx: AppContext, actor: Actor, templateId: string, input: CreateStepInput) {
  return changeTemplate(ctx, actor, templateId, async (current, errors, now, tx) => {
    errors.addAll(input.shapeErrors);
    const aliases = new Set(current.steps.map((s) => s.alias));
    const step = buildStep(input.step, '', errors, {
      id: newHexId(),
      templateId,
      now,
      aliases,
      urlPolicy: tx.config,
    });
    const position = checkPosition(input.step.position, current.steps.length + 1, errors);
    const steps = insertAt(current.steps, step, position);
    checkDeadlines(steps, step.id, errors);
    const refs = noReferences();
    stepReferences(step, '', refs);
    await checkReferences(tx, current.template.organizationId, refs, errors);
    const fields = upsertStepFields(current, step.id, input.step.fields, errors, now);
    return {
      content: { ...current, steps, fields },
      activity: { action: 'updated', field: 'steps', newValue: { step_created: step.id } },
      result: (saved: TemplateContent) => stepOf(saved, step.id),
    };
  });
}

/**
 * Updates a step, or only moves it (no `step` in the input). Keys left out keep their value,
 * and assignees, guests and groups replace the lists when sent. Form fields are added (no
 * id) or updated (known id).
 */
export async function updateStep(
  ctx: AppContext,
  actor: Actor,
  templateId: string,
  stepId: string,
  input: UpdateStepInput,
) {
  return changeTemplate(ctx, actor, templateId, async (current, errors, now, tx) => {
    const base = current.steps.find((s) => s.id === stepId);
    if (!base) throw stepNotFound();
    errors.addAll(input.shapeErrors);
    const step = !input.step
      ? base
      : buildStep(input.step, '', errors, {
          id: stepId,
          templateId,
          now,
          base,
          aliases: new Set(),
          urlPolicy: tx.config,
        });
    const position = checkPosition(input.position, current.steps.length, errors);
    const others = current.steps.map((s) => (s.id === stepId ? { ...step, position: base.position } : s));
    const steps = position === undefined ? others : moveTo(others, stepId, position);
    checkDeadlines(steps, stepId, errors);
    const refs = noReferences();
    const sent = input.step;
    if (
      sent &&
      (sent.assignees !== undefined || sent.groups !== undefined || sent.settings.roles !== undefined)
    ) {
      stepReferences(step, '', refs);
    }
    await checkReferences(tx, current.template.organizationId, refs, errors);
    const fields = upsertStepFields(current, stepId, input.fields, errors, now);
    return {
      content: { ...current, steps, fields },
      activity: { action: 'updated', field: 'steps', newValue: { step_updated: stepId } },
      result: (saved: TemplateContent) => stepOf(saved, stepId),
    };
  });
}

/**
 * Deletes a step and its form fields. Refused while another step's deadline or a rule
 * depends on it (or on one of its fields).
 */
export async function deleteStep(ctx: AppContext, actor: Actor, templateId: string, stepId: string) {
  return changeTemplate(ctx, actor, templateId, (current) => {
    const removed = stepOf(current, stepId);
    if (current.steps.some((s) => s.id !== stepId && s.deadline?.step === stepId)) {
      throw rejected(
        'STEP_HAS_DEPENDENTS',
        'The step cannot be deleted: other steps have deadlines that depend on it.',
      );
    }
    const ids = new Set([stepId, ...current.fields.filter((f) => f.stepId === stepId).map((f) => f.id)]);
    if (rulesReferencing(current.rules, ids).length > 0) {
      throw rejected('STEP_HAS_DEPENDENTS', 'The step cannot be deleted: it has rules dependent on it.');
    }
    return {
      content: {
        ...current,
        steps: renumber(current.steps.filter((s) => s.id !== stepId)),
        fields: current.fields.filter((f) => f.stepId !== stepId),
      },
      activity: { action: 'updated', field: 'steps', oldValue: { step_deleted: stepId } },
      result: () => removed,
    };
  });
}
