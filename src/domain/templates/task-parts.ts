/** What a task takes from its process's frozen definition: its step and its form fields. */
import type { Task } from '../tasks/task.js';
import type { FieldDefinition, StepDefinition, TemplateDefinition } from './definition.js';

/** The step a process task was made from; undefined for one-off tasks and without a definition. */
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
