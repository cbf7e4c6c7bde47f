/**
 * Templates: list, read (any version), create, update (with the kick-off form), and the
 * light list of titles. Archive, restore, permanent delete and publish are in
 * template-lifecycle.ts; steps, form fields and documents have their own files.
 */

import { countProcessesOfTemplates } from '../../db/repositories/template-references-repository.js';
import { findTemplateDefinition } from '../../db/repositories/template-versions-repository.js';
import {
  listTemplates,
  listTemplateTitles as listTitles,
  TEMPLATE_SORT_FIELDS,
  type TemplateListFilter,
} from '../../db/repositories/templates-repository.js';
import { FieldErrorCollector, invalidFields, notFound } from '../../domain/errors.js';
import { newHexId } from '../../domain/ids.js';
import { type Page, type PageRequest, pageWindow, parseSort, toPage } from '../../domain/pagination.js';
import { passesEveryList } from '../../domain/policy.js';
import { renumber, rulesReferencing } from '../../domain/templates/content-ops.js';
import type { TemplateContent, TemplateField } from '../../domain/templates/template.js';
import { type Actor, type AppContext, inTransaction, type MemberActor, nowIso } from '../context.js';
import { expandFolderTree } from '../folders/folders.js';
import { assertTemplateAccess } from '../permissions/access.js';
import { changeTemplate } from './change-template.js';
import { buildField } from './field-input.js';
import { addReferences, checkReferences, noReferences } from './references.js';
import { buildTemplateDocument } from './template-document.js';
import { buildTemplate } from './template-input.js';
import type { FieldInput, TemplateDocumentInput, UpdateTemplateInput } from './template-inputs.js';
import { assertCanCreateTemplate, assertCanReadTemplates } from './template-permissions.js';
import { commitTemplate, getTemplateRow } from './template-store.js';
import { loadTemplateViews, type TemplateView, viewOfContent, viewOfDefinition } from './template-views.js';

export interface ListTemplatesInput {
  page: PageRequest;
  q?: string | undefined;
  status?: string | undefined;
  type?: string | undefined;
  folder?: string | undefined;
  /** With `folder`: templates in its sub-folders too. */
  entireFolderTree?: boolean | undefined;
  ownerId?: number | undefined;
  /** Templates carrying any of these tags. */
  tagIds?: string[] | undefined;
  /** Templates without any tag. */
  untagged?: boolean | undefined;
  /** Templates the caller starred (true) or did not (false). */
  starred?: boolean | undefined;
  /** `true`/`1`: archived ones too; `only`: archived ones only. */
  archived?: string | undefined;
  sort?: string | undefined;
  withSteps: boolean;
}

function archivedFilter(value: string | undefined): TemplateListFilter['archived'] {
  if (value === 'only') return 'only';
  return value === 'true' || value === '1' ? 'include' : 'exclude';
}

/** Whom a template list is filtered for: those the read lists can refuse see what they admit. */
const readerOf = (actor: MemberActor) =>
  passesEveryList(actor, 'template.read')
    ? undefined
    : { organizationId: actor.organizationId, userId: actor.userId };

/** One page of the organization's templates; by default pinned first, then most recently changed. */
export async function listTemplatesPage(
  ctx: AppContext,
  actor: Actor,
  input: ListTemplatesInput,
): Promise<Page<TemplateView>> {
  assertCanReadTemplates(actor);
  const sort = parseSort(input.sort, TEMPLATE_SORT_FIELDS, { field: 'last_updated', direction: 'desc' });
  if (!sort)
    throw invalidFields('VALIDATION_FAILED', {
      sort: [`The sort must be one of ${TEMPLATE_SORT_FIELDS.join(', ')}.`],
    });
  const filter: TemplateListFilter = {
    q: input.q,
    status: input.status,
    type: input.type,
    folderIds: input.folder
      ? input.entireFolderTree
        ? await expandFolderTree(ctx, actor.organizationId, 'checklist', [input.folder])
        : [input.folder]
      : undefined,
    ownerId: input.ownerId,
    tagIds: input.tagIds?.length ? input.tagIds : undefined,
    untagged: input.untagged === true,
    starredBy: input.starred === undefined ? undefined : { userId: actor.userId, starred: input.starred },
    archived: archivedFilter(input.archived),
    readableBy: readerOf(actor),
  };
  const org = actor.organizationId;
  const pinnedFirst = input.sort === undefined || input.sort === '';
  const result = await listTemplates(
    ctx.db.kysely,
    org,
    filter,
    { ...sort, pinnedFirst },
    pageWindow(input.page),
  );
  const views = await loadTemplateViews(ctx, org, result.items, { withSteps: input.withSteps });
  return toPage(input.page, views, result.total);
}

export interface GetTemplateOptions {
  version?: number | undefined;
  withSteps: boolean;
  /** Archived templates answer 404 unless this is set. */
  includeArchived: boolean;
}

/** One template, as it is now or as it was at `version`. */
export async function getTemplate(
  ctx: AppContext,
  actor: Actor,
  templateId: string,
  options: GetTemplateOptions,
): Promise<TemplateView> {
  assertCanReadTemplates(actor);
  const org = actor.organizationId;
  const template = await getTemplateRow(ctx, org, templateId, { includeArchived: options.includeArchived });
  await assertTemplateAccess(ctx, actor, template, 'template.read');
  if (options.version === undefined) {
    const [view] = await loadTemplateViews(ctx, org, [template], { withSteps: options.withSteps });
    if (view) return view;
  }
  const [found, started] = await Promise.all([
    findTemplateDefinition(ctx.db.kysely, org, templateId, options.version),
    countProcessesOfTemplates(ctx.db.kysely, org, [templateId]),
  ]);
  if (!found) throw notFound('TEMPLATE_VERSION_NOT_FOUND', 'Template version');
  return viewOfDefinition(template, found.definition, {
    withSteps: options.withSteps,
    startedProcesses: started.get(templateId) ?? 0,
  });
}

/**
 * Creates a template from a document: its keys, optionally kick-off fields, steps (with their
 * form fields) and rules, all in one transaction as version 1.
 */
export async function createTemplate(
  ctx: AppContext,
  actor: Actor,
  input: TemplateDocumentInput,
  options: { withSteps: boolean },
): Promise<TemplateView> {
  assertCanCreateTemplate(actor);
  return inTransaction(ctx, async (tx) => {
    const errors = new FieldErrorCollector();
    const target = {
      organizationId: actor.organizationId,
      actorId: actor.userId,
      now: nowIso(tx),
      keepAliases: false,
      urlPolicy: tx.config,
    };
    errors.addAll(input.shapeErrors);
    const { content, refs } = buildTemplateDocument(input, errors, target);
    await checkReferences(tx, actor.organizationId, refs, errors);
    errors.throwIfAny();
    const saved = await commitTemplate(tx, actor, undefined, content, { action: 'created' });
    return viewOfContent(tx, saved, options);
  });
}

/**
 * Updates a template. The title is required; other keys left out keep their value, while
 * `users` and `groups` replace the lists when sent. Kick-off fields, when sent, are the whole
 * kick-off form: listed fields with a known id are updated, others created, missing ones removed.
 */
export async function updateTemplate(
  ctx: AppContext,
  actor: Actor,
  templateId: string,
  input: UpdateTemplateInput,
  options: { withSteps: boolean },
): Promise<TemplateView> {
  const saved = await changeTemplate(ctx, actor, templateId, async (current, errors, now, tx) => {
    errors.addAll(input.shapeErrors);
    const sent = input.template;
    const template = buildTemplate(sent, errors, {
      urlPolicy: tx.config,
      id: current.template.id,
      organizationId: current.template.organizationId,
      actorId: actor.kind === 'user' ? actor.userId : 0,
      now,
      base: current.template,
    });
    const refs = noReferences();
    if (sent.users !== undefined) addReferences(refs, 'users', template.users, 'users');
    if (sent.groups !== undefined) addReferences(refs, 'groups', template.groups, 'groups');
    if (sent.ownerId !== undefined && template.ownerId !== null) {
      refs.users.push({ id: template.ownerId, path: 'owner_id' });
    }
    await checkReferences(tx, template.organizationId, refs, errors);
    const fields = input.kickoffFields
      ? replaceKickoffFields(current, input.kickoffFields, errors, now)
      : current.fields;
    return {
      content: { ...current, template, fields },
      activity: { action: 'updated' },
      result: (s: TemplateContent) => s,
    };
  });
  return viewOfContent(ctx, saved, options);
}

/** The template's fields with the kick-off form replaced by `list`. */
function replaceKickoffFields(
  current: TemplateContent,
  list: readonly FieldInput[],
  errors: FieldErrorCollector,
  now: string,
): TemplateField[] {
  const existing = new Map(current.fields.filter((f) => f.stepId === null).map((f) => [f.id, f]));
  const aliases = new Set(current.fields.map((f) => f.alias));
  const kickoff = list.map((input, i) => {
    const base = input.id === undefined ? undefined : existing.get(input.id);
    const field = buildField(input, `prerun.${i}.`, errors, {
      id: base?.id ?? newHexId(),
      templateId: current.template.id,
      stepId: null,
      now,
      base,
      aliases,
    });
    return { ...field, position: (input.position === undefined ? i + 1 : field.position) * 10_000 + i };
  });
  const kept = new Set(kickoff.map((f) => f.id));
  const removed = new Set([...existing.keys()].filter((id) => !kept.has(id)));
  if (rulesReferencing(current.rules, removed).length > 0) {
    errors.add('prerun', 'A kick-off field that a rule uses cannot be removed.');
  }
  return [...renumber(kickoff), ...current.fields.filter((f) => f.stepId !== null)];
}

/** Id and title of every template that is not archived (`checklists-list`). */
export async function listTemplateTitles(
  ctx: AppContext,
  actor: Actor,
  q: string | undefined,
): Promise<Array<{ id: string; title: string }>> {
  assertCanReadTemplates(actor);
  return listTitles(ctx.db.kysely, actor.organizationId, q, readerOf(actor));
}
