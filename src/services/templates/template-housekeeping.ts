/**
 * Template housekeeping that is not a content change (no new version): pinning a template
 * to the top of the list, its readiness status, and which of a list of ids still exist.
 */
import {
  findExistingTemplateIds,
  saveTemplate,
  setTemplatePinned,
} from '../../db/repositories/templates-repository.js';
import { invalidFields } from '../../domain/errors.js';
import { TEMPLATE_STATUSES, type TemplateStatus } from '../../domain/templates/template.js';
import { type Actor, type AppContext, inTransaction, nowIso } from '../context.js';
import { recordTemplateChange } from './template-events.js';
import { assertCanEditTemplate, assertCanReadTemplates } from './template-permissions.js';
import { getTemplateRow } from './template-store.js';
import { loadTemplateViews, type TemplateView } from './template-views.js';

/** Pins (or unpins) a template: pinned ones come first in the list's default order. */
export async function pinTemplate(
  ctx: AppContext,
  actor: Actor,
  templateId: string,
  pinned: boolean,
): Promise<TemplateView> {
  assertCanEditTemplate(actor);
  return inTransaction(ctx, async (tx) => {
    const template = await getTemplateRow(tx, actor.organizationId, templateId, { forUpdate: true });
    const was = template.isPinned ?? false;
    if (was !== pinned) {
      await setTemplatePinned(tx.db.kysely, actor.organizationId, template.id, pinned);
      await recordTemplateChange(tx, actor, template, 'updated', {
        field: 'is_pinned',
        oldValue: was,
        newValue: pinned,
      });
    }
    const [view] = await loadTemplateViews(tx, actor.organizationId, [{ ...template, isPinned: pinned }], {
      withSteps: false,
    });
    return view as TemplateView;
  });
}

/** Sets the template's readiness: started, in_progress, almost_completed or completed. */
export async function setTemplateStatus(
  ctx: AppContext,
  actor: Actor,
  templateId: string,
  status: string,
): Promise<TemplateView> {
  assertCanEditTemplate(actor);
  if (!(TEMPLATE_STATUSES as readonly string[]).includes(status)) {
    throw invalidFields('VALIDATION_FAILED', {
      status: [`The status must be one of ${TEMPLATE_STATUSES.join(', ')}.`],
    });
  }
  return inTransaction(ctx, async (tx) => {
    const template = await getTemplateRow(tx, actor.organizationId, templateId, { forUpdate: true });
    let next = template;
    if (template.status !== status) {
      next = {
        ...template,
        status: status as TemplateStatus,
        lastUpdated: nowIso(tx),
        lastUpdatedBy: actor.userId,
      };
      await saveTemplate(tx.db.kysely, next);
      await recordTemplateChange(tx, actor, next, 'updated', {
        field: 'status',
        oldValue: template.status,
        newValue: status,
      });
    }
    const [view] = await loadTemplateViews(tx, actor.organizationId, [next], { withSteps: false });
    return view as TemplateView;
  });
}

/** For each id asked about: whether it names a template of the organization not archived. */
export async function checkTemplatesExist(
  ctx: AppContext,
  actor: Actor,
  ids: readonly string[],
): Promise<Record<string, boolean>> {
  assertCanReadTemplates(actor);
  const found = await findExistingTemplateIds(ctx.db.kysely, actor.organizationId, ids);
  return Object.fromEntries(ids.map((id) => [id, found.has(id)]));
}
