/**
 * Archive, restore, permanent delete and publish. None of these changes what a process would
 * run, so none adds a version; each records an activity and a `template.<action>` event.
 */
import { deleteTemplate, saveTemplate } from '../../db/repositories/templates-repository.js';
import { rejected } from '../../domain/errors.js';
import type { Template } from '../../domain/templates/template.js';
import { type Actor, type AppContext, inTransaction, type MemberActor, nowIso } from '../context.js';
import { actorRef } from '../events/record.js';
import { purgeAssets } from '../files/assets.js';
import { assertTemplateAccess } from '../permissions/access.js';
import { recordTemplateChange, type TemplateAction } from './template-events.js';
import { assertCanDeleteTemplate, assertCanEditTemplate } from './template-permissions.js';
import { getTemplateRow, loadTemplateContent } from './template-store.js';
import { loadTemplateViews, type TemplateView } from './template-views.js';

async function setTemplateState(
  ctx: AppContext,
  actor: MemberActor,
  templateId: string,
  options: { archived: boolean },
  change: (template: Template, now: string) => Template,
  action: TemplateAction,
): Promise<TemplateView> {
  return inTransaction(ctx, async (tx) => {
    const org = actor.organizationId;
    const current = await getTemplateRow(tx, org, templateId, {
      forUpdate: true,
      includeArchived: options.archived,
    });
    await assertTemplateAccess(tx, actor, current, 'template.edit');
    if (options.archived && current.archivedAt === null)
      throw rejected('TEMPLATE_NOT_ARCHIVED', 'The template is not archived.');
    const next = change(current, nowIso(tx));
    await saveTemplate(tx.db.kysely, next);
    await recordTemplateChange(tx, actor, next, action);
    const [view] = await loadTemplateViews(tx, org, [next], { withSteps: false });
    return view as TemplateView;
  });
}

/** Archives (soft-deletes) a template: it answers 404 until restored, unless asked for. */
export async function archiveTemplate(
  ctx: AppContext,
  actor: Actor,
  templateId: string,
): Promise<TemplateView> {
  assertCanEditTemplate(actor);
  return setTemplateState(
    ctx,
    actor,
    templateId,
    { archived: false },
    (t, now) => ({ ...t, archivedAt: now }),
    'archived',
  );
}

/** Brings an archived template back. */
export async function restoreTemplate(
  ctx: AppContext,
  actor: Actor,
  templateId: string,
): Promise<TemplateView> {
  assertCanEditTemplate(actor);
  return setTemplateState(
    ctx,
    actor,
    templateId,
    { archived: true },
    (t) => ({ ...t, archivedAt: null }),
    'restored',
  );
}

/** Marks the current version as the published one. */
export async function publishTemplate(
  ctx: AppContext,
  actor: Actor,
  templateId: string,
): Promise<TemplateView> {
  assertCanEditTemplate(actor);
  return setTemplateState(
    ctx,
    actor,
    templateId,
    { archived: false },
    (t, now) => ({ ...t, publishedVersion: t.version, lastUpdated: now, lastUpdatedBy: actor.userId }),
    'published',
  );
}

export interface DeletedReferences {
  steps: number;
  form_fields: number;
  kickoff_fields: number;
  automated_actions: number;
}

/**
 * Permanently deletes an archived template with its steps, fields and rules (administrators
 * only). Its frozen versions stay, so processes launched from it keep their definition.
 */
export async function deleteTemplatePermanently(
  ctx: AppContext,
  actor: Actor,
  templateId: string,
): Promise<DeletedReferences> {
  assertCanDeleteTemplate(actor);
  return inTransaction(ctx, async (tx) => {
    const org = actor.organizationId;
    const content = await loadTemplateContent(tx, org, templateId, {
      forUpdate: true,
      includeArchived: true,
    });
    if (content.template.archivedAt === null) {
      throw rejected('TEMPLATE_NOT_ARCHIVED', 'Only an archived template can be deleted permanently.');
    }
    await deleteTemplate(tx.db.kysely, org, templateId);
    await recordTemplateChange(tx, actor, content.template, 'deleted', {
      oldValue: { title: content.template.title },
    });
    // The template's and its steps' files (kick-off uploads used by a launch belong to that
    // process by now). Last: the bytes go only once everything else has been written.
    await purgeAssets(tx, org, { templateIds: [templateId] }, actorRef(actor));
    const kickoff = content.fields.filter((f) => f.stepId === null).length;
    return {
      steps: content.steps.length,
      form_fields: content.fields.length - kickoff,
      kickoff_fields: kickoff,
      automated_actions: content.rules.length,
    };
  });
}
