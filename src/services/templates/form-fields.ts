/**
 * Form fields of steps (captures) and kick-off fields (prerun): list, create, update, delete,
 * reorder, and move to another step of the same template. Each change is a new version.
 */
import { type FieldErrorCollector, notFound, rejected } from '../../domain/errors.js';
import { newHexId } from '../../domain/ids.js';
import { insertAt, moveTo, renumber, rulesReferencing } from '../../domain/templates/content-ops.js';
import type { TemplateContent, TemplateField } from '../../domain/templates/template.js';
import type { Actor, AppContext } from '../context.js';
import { assertTemplateAccess } from '../permissions/access.js';
import { changeTemplate } from './change-template.js';
import { buildField } from './field-input.js';
import { fieldsOfStep, withStepFields } from './step-fields.js';
import { stepNotFound } from './steps.js';
import type { FormFieldInput } from './template-inputs.js';
import { assertCanReadTemplates } from './template-permissions.js';
import { loadTemplateContent } from './template-store.js';

const fieldNotFound = () => notFound('FORM_FIELD_NOT_FOUND', 'Form field');

function requireStep(content: TemplateContent, stepId: string): void {
  if (!content.steps.some((s) => s.id === stepId)) throw stepNotFound();
}

function requireField(content: TemplateContent, stepId: string | null, fieldId: string): TemplateField {
  const field = content.fields.find((f) => f.id === fieldId && f.stepId === stepId);
  if (!field) throw stepId === null ? notFound('KICKOFF_FIELD_NOT_FOUND', 'Kick-off field') : fieldNotFound();
  return field;
}

function readPosition(
  value: unknown,
  max: number,
  errors: FieldErrorCollector,
  path = 'position',
): number | undefined {
  if (value === undefined || value === null) return undefined;
  const position = Number(value);
  if (!Number.isInteger(position) || position < 1 || position > max) {
    errors.add(path, `The position must be between 1 and ${max}.`);
    return undefined;
  }
  return position;
}

const pick = (fieldId: string) => (saved: TemplateContent) =>
  saved.fields.find((f) => f.id === fieldId) as TemplateField;

/** Adds a form field to a step, at `position` or at the end. */
export async function createFormField(
  ctx: AppContext,
  actor: Actor,
  templateId: string,
  stepId: string,
  input: FormFieldInput,
) {
  return changeTemplate(ctx, actor, templateId, (current, errors, now) => {
    requireStep(current, stepId);
    errors.addAll(input.shapeErrors);
    const aliases = new Set(current.fields.map((f) => f.alias));
    const field = buildField(input.field, '', errors, { id: newHexId(), templateId, stepId, now, aliases });
    const own = fieldsOfStep(current, stepId);
    const position = readPosition(input.field.position, own.length + 1, errors);
    return {
      content: { ...current, fields: withStepFields(current, stepId, insertAt(own, field, position)) },
      activity: { action: 'updated', field: 'form_fields', newValue: { form_field_created: field.id } },
      result: pick(field.id),
    };
  });
}

/** Updates a form field: keys left out keep their value; `position` moves it within the step. */
export async function updateFormField(
  ctx: AppContext,
  actor: Actor,
  templateId: string,
  stepId: string,
  fieldId: string,
  input: FormFieldInput,
) {
  return changeTemplate(ctx, actor, templateId, (current, errors, now) => {
    requireStep(current, stepId);
    const base = requireField(current, stepId, fieldId);
    errors.addAll(input.shapeErrors);
    const field = buildField(input.field, '', errors, {
      id: fieldId,
      templateId,
      stepId,
      now,
      base,
      aliases: new Set(),
    });
    const own = fieldsOfStep(current, stepId).map((f) =>
      f.id === fieldId ? { ...field, position: base.position } : f,
    );
    const position = readPosition(input.field.position, own.length, errors);
    const fields = position === undefined ? own : moveTo(own, fieldId, position);
    return {
      content: { ...current, fields: withStepFields(current, stepId, fields) },
      activity: { action: 'updated', field: 'form_fields', newValue: { form_field_updated: fieldId } },
      result: pick(fieldId),
    };
  });
}

export interface ReorderFieldInput {
  fieldId: string;
  position: number;
}

/** Moves a step's form field to `position`; returns the step's fields. */
export async function reorderFormField(
  ctx: AppContext,
  actor: Actor,
  templateId: string,
  stepId: string,
  input: ReorderFieldInput,
) {
  return changeTemplate(ctx, actor, templateId, (current, errors) => {
    requireStep(current, stepId);
    requireField(current, stepId, input.fieldId);
    const own = fieldsOfStep(current, stepId);
    const position = readPosition(input.position, own.length, errors) ?? 1;
    return {
      content: {
        ...current,
        fields: withStepFields(current, stepId, moveTo(own, input.fieldId, position)),
      },
      activity: { action: 'updated', field: 'form_fields', newValue: { form_field_moved: input.fieldId } },
      result: (saved: TemplateContent) => fieldsOfStep(saved, stepId),
    };
  });
}

export interface MoveFieldInput {
  targetStepId: string;
  position?: number | undefined;
}

/** Moves a form field to another step of the same template, at `position` or at the end. */
export async function moveFormField(
  ctx: AppContext,
  actor: Actor,
  templateId: string,
  stepId: string,
  fieldId: string,
  input: MoveFieldInput,
) {
  return changeTemplate(ctx, actor, templateId, (current, errors, now) => {
    requireStep(current, stepId);
    const field = requireField(current, stepId, fieldId);
    const target = input.targetStepId;
    if (!current.steps.some((s) => s.id === target)) {
      errors.add('target_step_id', 'The target step must be a step of this template.');
      return { content: current, activity: { action: 'updated' }, result: pick(fieldId) };
    }
    const into = fieldsOfStep(current, target).filter((f) => f.id !== fieldId);
    const position = readPosition(input.position, into.length + 1, errors);
    const moved = insertAt(into, { ...field, stepId: target, lastUpdated: now }, position);
    const source =
      target === stepId ? [] : renumber(fieldsOfStep(current, stepId).filter((f) => f.id !== fieldId));
    const rest = current.fields.filter((f) => f.stepId !== stepId && f.stepId !== target);
    return {
      content: { ...current, fields: [...rest, ...source, ...moved] },
      activity: {
        action: 'updated',
        field: 'form_fields',
        newValue: { form_field_moved: fieldId, to_step: target },
      },
      result: pick(fieldId),
    };
  });
}

async function removeField(
  ctx: AppContext,
  actor: Actor,
  templateId: string,
  stepId: string | null,
  fieldId: string,
) {
  await changeTemplate(ctx, actor, templateId, (current) => {
    if (stepId !== null) requireStep(current, stepId);
    requireField(current, stepId, fieldId);
    if (rulesReferencing(current.rules, new Set([fieldId])).length > 0) {
      throw rejected('FORM_FIELD_IN_USE', 'Cannot delete a form field that is being used in a rule.');
    }
    const rest = renumber(fieldsOfStep(current, stepId).filter((f) => f.id !== fieldId));
    return {
      content: { ...current, fields: withStepFields(current, stepId, rest) },
      activity: { action: 'updated', field: 'form_fields', oldValue: { form_field_deleted: fieldId } },
      result: () => undefined,
    };
  });
}

/** Deletes a step's form field, unless a rule uses it. */
export function deleteFormField(
  ctx: AppContext,
  actor: Actor,
  templateId: string,
  stepId: string,
  fieldId: string,
) {
  return removeField(ctx, actor, templateId, stepId, fieldId);
}

/** Deletes a kick-off field, unless a rule uses it. */
export function deleteKickoffField(ctx: AppContext, actor: Actor, templateId: string, fieldId: string) {
  return removeField(ctx, actor, templateId, null, fieldId);
}

/** Every form field of the template: kick-off fields first, then each step's, in order. */
export async function listTemplateFormFields(ctx: AppContext, actor: Actor, templateId: string) {
  assertCanReadTemplates(actor);
  const content = await loadTemplateContent(ctx, actor.organizationId, templateId);
  await assertTemplateAccess(ctx, actor, content.template, 'template.read');
  const stepPosition = new Map(content.steps.map((s) => [s.id, s.position]));
  const rank = (stepId: string | null) => (stepId === null ? 0 : (stepPosition.get(stepId) ?? 0));
  return [...content.fields].sort((a, b) => rank(a.stepId) - rank(b.stepId) || a.position - b.position);
}
