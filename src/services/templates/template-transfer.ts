/**
 * Moving templates around whole: export as one self-contained document, import such a
 * document (new ids, references rewritten), and clone (within the organization, or from
 * another organization the caller is a member of).
 */
import { findMembership } from '../../db/repositories/users-repository.js';
import { FieldErrorCollector } from '../../domain/errors.js';
import { copyTemplateContent } from '../../domain/templates/copy-template.js';
import { type Actor, type AppContext, inTransaction, nowIso } from '../context.js';
import { assertTemplateAccess } from '../permissions/access.js';
import { dropUnknownReferences } from './references.js';
import { buildTemplateDocument } from './template-document.js';
import { TEMPLATE_TITLE_MAX } from './template-input.js';
import type { TemplateDocumentInput } from './template-inputs.js';
import { assertCanCreateTemplate, assertCanReadTemplates } from './template-permissions.js';
import { commitTemplate, loadTemplateContent, templateNotFound } from './template-store.js';
import { type TemplateView, viewOfContent } from './template-views.js';

/** The template with its steps, form fields, kick-off fields and rules, for the export document. */
export async function exportTemplate(
  ctx: AppContext,
  actor: Actor,
  templateId: string,
): Promise<TemplateView> {
  assertCanReadTemplates(actor);
  const content = await loadTemplateContent(ctx, actor.organizationId, templateId);
  await assertTemplateAccess(ctx, actor, content.template, 'template.read');
  return viewOfContent(ctx, content, { withSteps: true });
}

/**
 * Creates a template from an export document. Aliases are kept where free; members and
 * groups this organization does not have are left out.
 */
export async function importTemplate(
  ctx: AppContext,
  actor: Actor,
  document: TemplateDocumentInput,
): Promise<TemplateView> {
  assertCanCreateTemplate(actor);
  return inTransaction(ctx, async (tx) => {
    const errors = new FieldErrorCollector();
    const target = {
      organizationId: actor.organizationId,
      actorId: actor.userId,
      now: nowIso(tx),
      keepAliases: true,
      urlPolicy: tx.config,
    };
    errors.addAll(document.shapeErrors);
    const { content } = buildTemplateDocument(document, errors, target);
    errors.throwIfAny();
    const kept = await dropUnknownReferences(tx, content);
    const saved = await commitTemplate(tx, actor, undefined, kept, { action: 'imported' });
    return viewOfContent(tx, saved, { withSteps: true });
  });
}

export interface CloneInput {
  title?: string | undefined;
  /** The organization to copy from (the spec's `tenant`); this one when absent. */
  tenant?: string | undefined;
}

/** Copies a template, with its steps, fields and rules, under a new title. */
export async function cloneTemplate(
  ctx: AppContext,
  actor: Actor,
  templateId: string,
  input: CloneInput,
): Promise<TemplateView> {
  assertCanCreateTemplate(actor);
  const source = input.tenant?.trim() || actor.organizationId;
  if (source !== actor.organizationId) {
    const membership = await findMembership(ctx.db.kysely, source, actor.userId);
    if (membership?.status !== 'active') throw templateNotFound();
  }
  const title = input.title?.trim();
  if (title !== undefined && (title === '' || title.length > TEMPLATE_TITLE_MAX)) {
    const errors = new FieldErrorCollector();
    errors.add('title', `The title must be 1 to ${TEMPLATE_TITLE_MAX} characters.`);
    errors.throwIfAny();
  }
  return inTransaction(ctx, async (tx) => {
    const original = await loadTemplateContent(tx, source, templateId);
    // Copying needs the template's duplicate list (absent: whoever may read it and create
    // templates); one the member may not read does not exist.
    if (source === actor.organizationId)
      await assertTemplateAccess(tx, actor, original.template, 'template.duplicate');
    const copy = copyTemplateContent(original, {
      organizationId: actor.organizationId,
      title: title || `Copy of ${original.template.title}`.slice(0, TEMPLATE_TITLE_MAX),
      actorId: actor.userId,
      now: nowIso(tx),
    });
    const kept = source === actor.organizationId ? copy : await dropUnknownReferences(tx, copy);
    const saved = await commitTemplate(tx, actor, undefined, kept, {
      action: 'cloned',
      newValue: { from_template: templateId, from_organization: source },
    });
    return viewOfContent(tx, saved, { withSteps: true });
  });
}
