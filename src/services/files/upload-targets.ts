/**
 * Where an upload goes: the subject named by `subject_type`/`subject_id` must exist in the
 * caller's organization and be visible to them (404 otherwise); the form field named by
 * `uploaded_from` (and the step named by `step_id`) must belong to that subject (422
 * FILE_FIELD_MISMATCH); and the caller must be allowed to change it (403 with the policy's
 * code): fill the task, update the process, read the template for its kick-off form, edit
 * it otherwise.
 */
import { findTemplateStepRef } from '../../db/repositories/file-subjects-repository.js';
import { findTasksOfProcess } from '../../db/repositories/tasks-repository.js';
import { findFieldsOfTemplates } from '../../db/repositories/template-fields-repository.js';
import { findStepsOfTemplates } from '../../db/repositories/template-steps-repository.js';
import { findTemplateById } from '../../db/repositories/templates-repository.js';
import { invalidFields, notFound } from '../../domain/errors.js';
import { type AssetSubjectType, KICKOFF_SOURCE } from '../../domain/files.js';
import { assertCan } from '../../domain/policy.js';
import type { FieldDefinition } from '../../domain/templates/definition.js';
import type { AppContext, MemberActor } from '../context.js';
import { fieldsOfTask, loadDefinition } from '../processes/definitions.js';
import { getProcess } from '../processes/get-process.js';
import { getTask } from '../tasks/get-task.js';
import { assertTaskAction, findVisibleTask, loadCaller } from '../tasks/task-access.js';
import { assertCanEditTemplate, assertCanReadTemplates } from '../templates/template-permissions.js';

/** What the asset row records about where it belongs. */
export interface UploadTarget {
  subjectType: AssetSubjectType;
  subjectId: string;
  processId: string | null;
  templateId: string | null;
  stepId: string | null;
  taskId: string | null;
  uploadedFrom: string | null;
  fieldId: string | null;
}

/** The subject fields of the upload form, as sent. */
export interface SubjectFields {
  subjectType: AssetSubjectType;
  subjectId: string;
  uploadedFrom: string | undefined;
  stepId: string | undefined;
  checklistId: string | undefined;
}

export const mismatch = (field: string, message: string) =>
  invalidFields('FILE_FIELD_MISMATCH', { [field]: [message] });

/** The field `uploaded_from` names among `candidates`; `ko_field` only where `allowKickoff`. */
export function locateField(
  uploadedFrom: string | undefined,
  candidates: readonly FieldDefinition[],
  allowKickoff: boolean,
): { uploadedFrom: string | null; field: FieldDefinition | undefined } {
  if (!uploadedFrom) return { uploadedFrom: null, field: undefined };
  if (uploadedFrom === KICKOFF_SOURCE) {
    if (!allowKickoff) throw mismatch('uploaded_from', 'This subject has no kick-off form.');
    return { uploadedFrom, field: undefined };
  }
  const field = candidates.find((f) => f.id === uploadedFrom);
  if (!field) throw mismatch('uploaded_from', 'The form field does not belong to this subject.');
  if (field.fieldType !== 'file') throw mismatch('uploaded_from', 'The form field is not a file field.');
  return { uploadedFrom, field };
}

/** Resolves and authorizes a member's upload target. */
export async function resolveMemberTarget(
  ctx: AppContext,
  actor: MemberActor,
  fields: SubjectFields,
): Promise<UploadTarget> {
  switch (fields.subjectType) {
    case 'Run':
      return processTarget(ctx, actor, fields);
    case 'Task':
      return taskTarget(ctx, actor, fields);
    case 'Checklist':
      return templateTarget(ctx, actor, fields);
    case 'Step':
      return stepTarget(ctx, actor, fields);
  }
}

async function processTarget(ctx: AppContext, actor: MemberActor, f: SubjectFields): Promise<UploadTarget> {
  const process = await getProcess(ctx, actor, f.subjectId);
  if (f.checklistId && f.checklistId !== process.templateId) {
    throw mismatch('checklist_id', 'The process was not launched from this template.');
  }
  const definition = await loadDefinition(ctx, process);
  const steps = definition?.steps ?? [];
  if (f.stepId && !steps.some((s) => s.id === f.stepId)) {
    throw mismatch('step_id', 'The step does not belong to this process.');
  }
  const candidates = f.stepId
    ? (steps.find((s) => s.id === f.stepId)?.fields ?? [])
    : [...(definition?.kickoffFields ?? []), ...steps.flatMap((s) => s.fields)];
  const { uploadedFrom, field } = locateField(f.uploadedFrom, candidates, !f.stepId);
  const stepId = field?.stepId ?? f.stepId ?? null;
  let taskId: string | null = null;
  if (stepId) {
    const task = (await findTasksOfProcess(ctx.db.kysely, actor.organizationId, process.id)).find(
      (t) => t.stepId === stepId,
    );
    if (!task) throw mismatch('step_id', 'The process has no task for this step.');
    const caller = await loadCaller(ctx, actor);
    assertTaskAction(caller, 'task.fill', await findVisibleTask(ctx, caller, task.id, process.id));
    taskId = task.id;
  } else {
    assertCan(actor, 'process.update');
  }
  return {
    subjectType: 'Run',
    subjectId: process.id,
    processId: process.id,
    templateId: process.templateId,
    stepId,
    taskId,
    uploadedFrom,
    fieldId: field?.id ?? null,
  };
}

async function taskTarget(ctx: AppContext, actor: MemberActor, f: SubjectFields): Promise<UploadTarget> {
  const { task, process } = await getTask(ctx, actor, f.subjectId);
  assertTaskAction(await loadCaller(ctx, actor), 'task.fill', task);
  if (f.stepId && f.stepId !== task.stepId) throw mismatch('step_id', 'The task is not of this step.');
  const definition = process ? await loadDefinition(ctx, process) : undefined;
  const { uploadedFrom, field } = locateField(f.uploadedFrom, fieldsOfTask(task, definition), false);
  return {
    subjectType: 'Task',
    subjectId: task.id,
    processId: task.processId,
    templateId: task.templateId,
    stepId: task.stepId,
    taskId: task.id,
    uploadedFrom,
    fieldId: field?.id ?? null,
  };
}

const templateNotFound = () => notFound('TEMPLATE_NOT_FOUND', 'Template');

async function templateTarget(ctx: AppContext, actor: MemberActor, f: SubjectFields): Promise<UploadTarget> {
  const org = actor.organizationId;
  const template = await findTemplateById(ctx.db.kysely, org, f.subjectId);
  if (!template || template.archivedAt) throw templateNotFound();
  if (f.checklistId && f.checklistId !== template.id) {
    throw mismatch('checklist_id', 'The checklist_id differs from the subject.');
  }
  if (f.stepId) {
    const steps = await findStepsOfTemplates(ctx.db.kysely, org, [template.id]);
    if (!steps.some((s) => s.id === f.stepId))
      throw mismatch('step_id', 'The step does not belong to this template.');
  }
  const all = await findFieldsOfTemplates(ctx.db.kysely, org, [template.id], { kickoffOnly: false });
  const candidates = f.stepId ? all.filter((x) => x.stepId === f.stepId) : all;
  const { uploadedFrom, field } = locateField(f.uploadedFrom, candidates, !f.stepId);
  // Launchers fill the kick-off form, so reading the template is enough for it.
  const kickoff = uploadedFrom !== null && !field?.stepId && !f.stepId;
  if (kickoff) assertCanReadTemplates(actor);
  else assertCanEditTemplate(actor);
  return {
    subjectType: 'Checklist',
    subjectId: template.id,
    processId: null,
    templateId: template.id,
    stepId: field?.stepId ?? f.stepId ?? null,
    taskId: null,
    uploadedFrom,
    fieldId: field?.id ?? null,
  };
}

async function stepTarget(ctx: AppContext, actor: MemberActor, f: SubjectFields): Promise<UploadTarget> {
  const org = actor.organizationId;
  const step = await findTemplateStepRef(ctx.db.kysely, org, f.subjectId);
  const template = step && (await findTemplateById(ctx.db.kysely, org, step.templateId));
  if (!step || !template || template.archivedAt) throw notFound('STEP_NOT_FOUND', 'Step');
  assertCanEditTemplate(actor);
  if (f.stepId && f.stepId !== step.id) throw mismatch('step_id', 'The step_id differs from the subject.');
  if (f.checklistId && f.checklistId !== template.id) {
    throw mismatch('checklist_id', 'The step does not belong to this template.');
  }
  const fields = (
    await findFieldsOfTemplates(ctx.db.kysely, org, [template.id], { kickoffOnly: false })
  ).filter((x) => x.stepId === step.id);
  const { uploadedFrom, field } = locateField(f.uploadedFrom, fields, false);
  return {
    subjectType: 'Step',
    subjectId: step.id,
    processId: null,
    templateId: template.id,
    stepId: step.id,
    taskId: null,
    uploadedFrom,
    fieldId: field?.id ?? null,
  };
}
