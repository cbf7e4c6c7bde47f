/**
 * The frozen template definition behind a process, and what a task needs from it: its step
 * and its form fields. A one-off task carries its own fields.
 */
import {
  findDefinitionsOfVersions,
  versionKey,
} from '../../db/repositories/process-definitions-repository.js';
import type { Process } from '../../domain/processes/process.js';
import type { Task } from '../../domain/tasks/task.js';
import type {
  FieldDefinition,
  StepDefinition,
  TemplateDefinition,
} from '../../domain/templates/definition.js';
import type { AppContext } from '../context.js';

/** Definitions of the given processes (one query for all), keyed by process id. */
export async function loadDefinitions(
  ctx: AppContext,
  organizationId: string,
  processes: Iterable<Process>,
): Promise<Map<string, TemplateDefinition>> {
  const list = [...processes].filter((p) => p.templateId !== null && p.templateVersion !== null);
  const byVersion = await findDefinitionsOfVersions(
    ctx.db.db,
    organizationId,
    list.map((p) => ({ templateId: p.templateId as string, version: p.templateVersion as number })),
  );
  const result = new Map<string, TemplateDefinition>();
  for (const p of list) {
    const definition = byVersion.get(versionKey(p.templateId as string, p.templateVersion as number));
    if (definition) result.set(p.id, definition);
  }
  return result;
}

export async function loadDefinition(
  ctx: AppContext,
  process: Process,
): Promise<TemplateDefinition | undefined> {
  return (await loadDefinitions(ctx, process.organizationId, [process])).get(process.id);
}

export function stepOfTask(
  task: Task,
  definition: TemplateDefinition | undefined,
): StepDefinition | undefined {
  if (!task.stepId || !definition) return undefined;
  return definition.steps.find((s) => s.id === task.stepId);
}

/** The form fields a task collects: its step's, or a one-off task's own. */
export function fieldsOfTask(task: Task, definition: TemplateDefinition | undefined): FieldDefinition[] {
  if (task.fields) return task.fields;
  return stepOfTask(task, definition)?.fields ?? [];
}
