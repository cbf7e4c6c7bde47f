/**
 * Loading a template with all its parts, and writing a changed template back: only the rows
 * that changed are written, and every change adds one frozen version whose definition is
 * built from the result. Every template mutation goes through `commitTemplate`.
 */

import {
  deleteRules,
  findRulesOfTemplates,
  insertRules,
  saveRule,
} from '../../db/repositories/rules-repository.js';
import { findStagesOfSubjects } from '../../db/repositories/stages-repository.js';
import {
  deleteFields,
  findFieldsOfTemplates,
  insertFields,
  saveField,
} from '../../db/repositories/template-fields-repository.js';
import {
  deleteSteps,
  findStepsOfTemplates,
  insertSteps,
  saveStep,
} from '../../db/repositories/template-steps-repository.js';
import { insertTemplateVersion } from '../../db/repositories/template-versions-repository.js';
import {
  findTemplateById,
  findTemplateForUpdate,
  insertTemplate,
  saveTemplate,
} from '../../db/repositories/templates-repository.js';
import { notFound } from '../../domain/errors.js';
import type { StageDefinition } from '../../domain/templates/definition.js';
import {
  buildDefinition,
  type Template,
  type TemplateContent,
  type TemplateStep,
} from '../../domain/templates/template.js';
import { type AppContext, type MemberActor, nowIso } from '../context.js';
import type { ActivityInput } from '../events/record.js';
import { assertChecklistFolder } from '../folders/folders.js';
import { recordTemplateChange, type TemplateAction } from './template-events.js';

/** The activity of a content change: its action and, optionally, the field and values. */
export type TemplateActivity = Omit<ActivityInput, 'action' | 'objectType' | 'objectId'> & {
  action: TemplateAction;
};

export const templateNotFound = () => notFound('TEMPLATE_NOT_FOUND', 'Template');

export interface LoadOptions {
  /** Lock the template row for the rest of the transaction (mutations). */
  forUpdate?: boolean;
  /** Archived templates count as missing unless this is set. */
  includeArchived?: boolean;
}

/** The template row or TEMPLATE_NOT_FOUND; archived ones only when asked for. */
export async function getTemplateRow(
  ctx: AppContext,
  organizationId: string,
  templateId: string,
  options: LoadOptions = {},
): Promise<Template> {
  const template = options.forUpdate
    ? await findTemplateForUpdate(ctx.db.kysely, organizationId, templateId)
    : await findTemplateById(ctx.db.kysely, organizationId, templateId);
  if (!template || (template.archivedAt !== null && !options.includeArchived)) throw templateNotFound();
  return template;
}

/** The template with its steps, fields and rules (four queries). */
export async function loadTemplateContent(
  ctx: AppContext,
  organizationId: string,
  templateId: string,
  options: LoadOptions = {},
): Promise<TemplateContent> {
  const template = await getTemplateRow(ctx, organizationId, templateId, options);
  const [steps, fields, rules] = await Promise.all([
    findStepsOfTemplates(ctx.db.kysely, organizationId, [templateId]),
    findFieldsOfTemplates(ctx.db.kysely, organizationId, [templateId], { kickoffOnly: false }),
    findRulesOfTemplates(ctx.db.kysely, organizationId, [templateId]),
  ]);
  return { template, steps, fields, rules };
}

interface Keyed {
  id: string;
  lastUpdated?: string;
}

const sameExceptStamp = (a: Keyed, b: Keyed) =>
  JSON.stringify({ ...a, lastUpdated: undefined }) === JSON.stringify({ ...b, lastUpdated: undefined });

/** Splits `after` against `before` into rows to insert, rows to save (stamped `now`) and ids to delete. */
function diffParts<T extends Keyed>(before: readonly T[], after: readonly T[], now: string) {
  const old = new Map(before.map((x) => [x.id, x]));
  const keep = new Set(after.map((x) => x.id));
  const inserted: T[] = [];
  const changed: T[] = [];
  const result: T[] = [];
  for (const item of after) {
    const previous = old.get(item.id);
    if (!previous) {
      inserted.push(item);
      result.push(item);
    } else if (sameExceptStamp(previous, item)) {
      result.push(previous);
    } else {
      const stamped = { ...item, lastUpdated: now };
      changed.push(stamped);
      result.push(stamped);
    }
  }
  const deleted = before.filter((x) => !keep.has(x.id)).map((x) => x.id);
  return { inserted, changed, deleted, result };
}

/** Writes the steps, fields and rules that differ between `before` and `after`. */
async function writeParts(
  tx: AppContext,
  before: TemplateContent | undefined,
  after: TemplateContent,
  now: string,
): Promise<TemplateContent> {
  const db = tx.db.kysely;
  const org = after.template.organizationId;
  const steps = diffParts(before?.steps ?? [], after.steps, now);
  const fields = diffParts(before?.fields ?? [], after.fields, now);
  const rules = diffParts(before?.rules ?? [], after.rules, now);
  // Order matters for foreign keys: fields of deleted steps go first, new steps before new fields.
  await deleteRules(db, org, rules.deleted);
  await deleteFields(db, org, fields.deleted);
  await deleteSteps(db, org, steps.deleted);
  await insertSteps(db, org, steps.inserted);
  for (const step of steps.changed) await saveStep(db, org, step);
  await insertFields(db, org, fields.inserted);
  for (const field of fields.changed) await saveField(db, org, field);
  await insertRules(db, org, rules.inserted);
  for (const rule of rules.changed) await saveRule(db, org, rule);
  return { template: after.template, steps: steps.result, fields: fields.result, rules: rules.result };
}

/**
 * Writes `after` (a changed copy of `before`, or a new template when `before` is undefined),
 * numbers the next version, stores its frozen definition and records the activity. Call in
 * a transaction, after loading `before` with `forUpdate`.
 */
export async function commitTemplate(
  tx: AppContext,
  actor: MemberActor,
  before: TemplateContent | undefined,
  after: TemplateContent,
  activity: TemplateActivity,
): Promise<TemplateContent> {
  const now = nowIso(tx);
  const db = tx.db.kysely;
  if (after.template.folderId !== null && after.template.folderId !== (before?.template.folderId ?? null)) {
    await assertChecklistFolder(tx, after.template.organizationId, after.template.folderId);
  }
  const version = (before?.template.version ?? 0) + 1;
  const template: Template = { ...after.template, version, lastUpdated: now, lastUpdatedBy: actor.userId };
  if (before) await saveTemplate(db, template);
  else await insertTemplate(db, template);

  const stages = await stagesOfTemplate(tx, template);
  const steps = withStages(before?.steps ?? [], after.steps, stages);
  const content = await writeParts(tx, before, { ...after, template, steps }, now);
  await insertTemplateVersion(db, {
    organizationId: template.organizationId,
    templateId: template.id,
    version,
    definition: buildDefinition(content, version, stages),
    createdBy: actor.userId,
    createdAt: now,
  });
  const { action, ...details } = activity;
  await recordTemplateChange(tx, actor, template, action, {
    ...details,
    newValue: details.newValue ?? { version },
  });
  return content;
}

/** The template's stages as its versions freeze them. */
async function stagesOfTemplate(tx: AppContext, template: Template): Promise<StageDefinition[]> {
  const found = await findStagesOfSubjects(tx.db.kysely, template.organizationId, 'template', [template.id]);
  return (found.get(template.id) ?? []).map((s) => ({ id: s.id, title: s.title, position: s.position }));
}

/**
 * The steps with their stage: a step written without one (a step edit that does not speak
 * of stages) keeps the stage it had; a stage that is not the template's (copied or
 * imported from elsewhere, or deleted) is dropped.
 */
function withStages(
  before: readonly TemplateStep[],
  after: readonly TemplateStep[],
  stages: readonly StageDefinition[],
): TemplateStep[] {
  const previous = new Map(before.map((s) => [s.id, s.stageId ?? null]));
  const known = new Set(stages.map((s) => s.id));
  return after.map((step) => {
    const stageId = 'stageId' in step ? (step.stageId ?? null) : (previous.get(step.id) ?? null);
    return { ...step, stageId: stageId !== null && known.has(stageId) ? stageId : null };
  });
}
