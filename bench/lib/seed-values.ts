/**
 * Building blocks of seeded processes: valid stored form values (computed once per step and
 * per template) and the process row a launch writes.
 */
import type { Process } from '../../src/domain/processes/process.js';
import { validateFormValues } from '../../src/domain/tasks/form-values.js';
import type { FieldDefinition, TemplateDefinition } from '../../src/domain/templates/definition.js';

/** Valid stored form values, computed once per step (and per template for kick-off values). */
export class SeedValues {
  private readonly byStep = new Map<string, Record<string, unknown>>();
  private readonly byTemplate = new Map<string, Record<string, unknown>>();

  taskdata(fields: readonly FieldDefinition[], key: string): Record<string, unknown> {
    let values = this.byStep.get(key);
    if (!values) {
      values = normalize(fields, (f) => rawValue(f, 'No'));
      this.byStep.set(key, values);
    }
    return values;
  }

  prerun(definition: TemplateDefinition, urgent: boolean): Record<string, unknown> {
    const key = `${definition.id}:${urgent}`;
    let values = this.byTemplate.get(key);
    if (!values) {
      values = normalize(definition.kickoffFields, (f) =>
        f.label === 'Priority' ? (urgent ? 'Urgent' : 'Normal') : rawValue(f, 'No'),
      );
      this.byTemplate.set(key, values);
    }
    return values;
  }
}

/** A value a client could send for the field; `answer` for yes/no dropdowns. */
export function rawValue(field: FieldDefinition, answer: string): unknown {
  switch (field.fieldType) {
    case 'number':
      return 3;
    case 'date':
      return '2025-03-03T09:00:00.000Z';
    case 'email':
      return 'someone@example.com';
    case 'url':
      return 'https://example.com/doc';
    case 'dropdown':
    case 'radio':
      return field.options.find((o) => o.text === answer)?.text ?? field.options[0]?.text ?? '';
    case 'textarea':
      return 'Checked the documents and filed them with the client record.';
    default:
      return `${field.label}: done`;
  }
}

function normalize(fields: readonly FieldDefinition[], value: (f: FieldDefinition) => unknown) {
  const map = new Map(fields.map((f) => [f.id, f]));
  const raw = Object.fromEntries(fields.map((f) => [f.id, value(f)]));
  const checked = validateFormValues(map, raw, 'taskdata');
  if (Object.keys(checked.errors).length)
    throw new Error(`bad seed values: ${JSON.stringify(checked.errors)}`);
  return checked.values;
}

export interface ProcessSeed {
  id: string;
  incrementId: number;
  launcherId: number;
  launchedAt: Date;
  prerun: Record<string, unknown>;
}

/** The process row a launch writes (counters and status are set by advanceProcess). */
export function buildProcess(
  organizationId: string,
  definition: TemplateDefinition,
  seed: ProcessSeed,
): Process {
  const at = seed.launchedAt.toISOString();
  return {
    id: seed.id,
    organizationId,
    incrementId: seed.incrementId,
    templateId: definition.id,
    templateVersion: definition.version,
    templateTitle: definition.title,
    type: definition.type,
    name: `${definition.title} #${seed.incrementId}`,
    summary: null,
    status: 'active',
    ownerId: seed.launcherId,
    startedBy: seed.launcherId,
    prerun: seed.prerun,
    prerunCompletedAt: at,
    prerunCompletedBy: seed.launcherId,
    tasksTotal: 0,
    tasksCompleted: 0,
    tasksAll: 0,
    openProblems: 0,
    dueDate: null,
    starred: false,
    isPublic: false,
    users: [],
    groups: [],
    tags: [],
    folders: [],
    parentId: null,
    webhook: definition.webhook,
    canAddOneOffTasks: definition.canAddOneOffTasks,
    settings: {},
    createdAt: at,
    startedAt: at,
    lastUpdated: at,
    completedAt: null,
    archivedAt: null,
  };
}
