/** Form fields a one-off task defines for itself (`form_fields[]` on create). */
import type { FieldErrorCollector } from '../../domain/errors.js';
import { newHexId, slugify } from '../../domain/ids.js';
import { FIELD_TYPES, type FieldDefinition, type FieldType } from '../../domain/templates/definition.js';

export interface OneOffFieldInput {
  label?: unknown;
  field_type?: unknown;
  required?: unknown;
  options?: unknown;
  columns?: unknown;
  guidance?: unknown;
  position?: unknown;
  [key: string]: unknown;
}

const CHOICE_TYPES: readonly FieldType[] = ['dropdown', 'radio', 'multiselect'];

function listOf(raw: unknown, key: 'text' | 'label'): Array<{ id: number; value: string }> | undefined {
  if (!Array.isArray(raw)) return undefined;
  const items: Array<{ id: number; value: string }> = [];
  for (const [i, item] of raw.entries()) {
    const obj = item && typeof item === 'object' ? (item as Record<string, unknown>) : {};
    const text = typeof item === 'string' ? item : (obj[key] ?? obj.text ?? obj.label);
    if (typeof text !== 'string' || text.trim() === '') return undefined;
    const id = typeof obj.id === 'number' && Number.isInteger(obj.id) ? obj.id : i + 1;
    items.push({ id, value: text });
  }
  return items;
}

/** Checks and builds the field definitions; problems go to `form_fields.<i>.<key>`. */
export function parseOneOffFields(
  raw: readonly OneOffFieldInput[],
  errors: FieldErrorCollector,
): FieldDefinition[] {
  const aliases = new Set<string>();
  return raw.map((f, i) => {
    const path = `form_fields.${i}`;
    const label = typeof f.label === 'string' ? f.label.trim() : '';
    if (!label) errors.add(`${path}.label`, 'The label field is required.');
    const fieldType = f.field_type as FieldType;
    if (!FIELD_TYPES.includes(fieldType))
      errors.add(`${path}.field_type`, `The field type must be one of ${FIELD_TYPES.join(', ')}.`);
    const options = listOf(f.options ?? [], 'text') ?? [];
    if (f.options !== undefined && !listOf(f.options, 'text'))
      errors.add(`${path}.options`, 'Each option needs a text.');
    if (CHOICE_TYPES.includes(fieldType) && options.length === 0) {
      errors.add(`${path}.options`, 'Choice fields need at least one option.');
    }
    if (fieldType === 'radio' && options.length === 1)
      errors.add(`${path}.options`, 'A radio field needs at least 2 options.');
    const columns = listOf(f.columns ?? [], 'label') ?? [];
    if (fieldType === 'table' && columns.length === 0)
      errors.add(`${path}.columns`, 'A table field needs columns.');
    let alias = slugify(label || `field-${i + 1}`, 'field');
    while (aliases.has(alias)) alias = `${alias}-${i + 1}`;
    aliases.add(alias);
    return {
      id: newHexId(),
      alias,
      stepId: null,
      label,
      fieldType,
      guidance: typeof f.guidance === 'string' ? f.guidance : null,
      required: f.required === true,
      position: typeof f.position === 'number' ? f.position : i + 1,
      options: options.map((o) => ({ id: o.id, text: o.value })),
      columns: columns.map((c) => ({ id: c.id, label: c.value })),
      defaultValue: null,
      defaultValueEnabled: false,
      settings: {},
    };
  });
}
