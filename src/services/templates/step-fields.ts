import type { FieldErrorCollector } from '../../domain/errors.js';
import { newHexId } from '../../domain/ids.js';
import { insertAt, moveTo } from '../../domain/templates/content-ops.js';
import type { TemplateContent, TemplateField } from '../../domain/templates/template.js';
import { buildField } from './field-input.js';
import type { FieldInput } from './template-inputs.js';

/** The fields of one step (or the kick-off form, `stepId` null), by position. */
export function fieldsOfStep(content: TemplateContent, stepId: string | null): TemplateField[] {
  return content.fields.filter((f) => f.stepId === stepId).sort((a, b) => a.position - b.position);
}

/** The template's fields with those of `stepId` replaced by `fields`. */
export function withStepFields(
  content: TemplateContent,
  stepId: string | null,
  fields: readonly TemplateField[],
): TemplateField[] {
  return [...content.fields.filter((f) => f.stepId !== stepId), ...fields];
}

/**
 * The template's fields after a step's `captures` list: an item with the id of one of the
 * step's fields updates it, any other item adds a field; fields not listed stay.
 */
export function upsertStepFields(
  content: TemplateContent,
  stepId: string,
  list: readonly FieldInput[],
  errors: FieldErrorCollector,
  now: string,
): TemplateField[] {
  if (list.length === 0) return content.fields;
  let fields = fieldsOfStep(content, stepId);
  const aliases = new Set(content.fields.map((f) => f.alias));
  list.forEach((input, i) => {
    const base = input.id === undefined ? undefined : fields.find((f) => f.id === input.id);
    const field = buildField(input, `captures.${i}.`, errors, {
      id: base?.id ?? newHexId(),
      templateId: content.template.id,
      stepId,
      now,
      base,
      aliases,
    });
    const position = input.position === undefined ? undefined : field.position;
    fields = base
      ? moveTo(
          fields.map((f) => (f.id === base.id ? { ...field, position: base.position } : f)),
          base.id,
          position ?? base.position,
        )
      : insertAt(fields, field, position);
  });
  return withStepFields(content, stepId, fields);
}
