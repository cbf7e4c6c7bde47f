import { FieldErrorCollector } from '../../domain/errors.js';
import type { TemplateContent } from '../../domain/templates/template.js';
import { type Actor, type AppContext, inTransaction, nowIso } from '../context.js';
import { assertTemplateAccess } from '../permissions/access.js';
import { assertCanEditTemplate } from './template-permissions.js';
import { commitTemplate, loadTemplateContent, type TemplateActivity } from './template-store.js';

export interface TemplateChange<R> {
  /** The template as it should be after the change. */
  content: TemplateContent;
  activity: TemplateActivity;
  /** What the caller gets back, picked from the saved template. */
  result: (saved: TemplateContent) => R;
}

export type ChangeFn<R> = (
  current: TemplateContent,
  errors: FieldErrorCollector,
  now: string,
  tx: AppContext,
) => Promise<TemplateChange<R>> | TemplateChange<R>;

/**
 * The one way to change an existing template: checks the editor's permission, locks and loads
 * the template (archived ones are not found), applies `change`, refuses with every field error
 * at once (nothing stored), then writes the result and its new version in one transaction.
 */
export async function changeTemplate<R>(
  ctx: AppContext,
  actor: Actor,
  templateId: string,
  change: ChangeFn<R>,
): Promise<R> {
  assertCanEditTemplate(actor);
  return inTransaction(ctx, async (tx) => {
    const current = await loadTemplateContent(tx, actor.organizationId, templateId, { forUpdate: true });
    await assertTemplateAccess(tx, actor, current.template, 'template.edit');
    const errors = new FieldErrorCollector();
    const next = await change(current, errors, nowIso(tx), tx);
    errors.throwIfAny();
    const saved = await commitTemplate(tx, actor, current, next.content, next.activity);
    return next.result(saved);
  });
}
