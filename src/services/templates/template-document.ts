/**
 * A whole template from one document: the body of a create (with optional `prerun`, `steps`
 * with their `captures`, and `automated_actions`), of checklists-with-steps, or an exported
 * template being imported or cloned. Everything gets new ids; ids the document uses for its
 * own steps and fields are rewritten wherever they are referred to (step deadlines, rules).
 */
import { START_RUN, validateStepDeadlines } from '../../domain/deadlines.js';
import type { FieldErrorCollector } from '../../domain/errors.js';
import { newHexId } from '../../domain/ids.js';
import { renumber } from '../../domain/templates/content-ops.js';
import type { Rule, TemplateContent, TemplateField, TemplateStep } from '../../domain/templates/template.js';
import type { UrlPolicyConfig } from '../../domain/webhooks/url-safety.js';
import { parseField } from './field-input.js';
import { asList, asObject, type Raw } from './input.js';
import { addReferences, noReferences, type References, stepReferences } from './references.js';
import { checkDocumentRuleLoops, parseDocumentRule } from './rule-input.js';
import { parseStep } from './step-input.js';
import { parseTemplateKeys } from './template-input.js';

export interface DocumentTarget {
  organizationId: string;
  actorId: number;
  now: string;
  /** Keep the document's aliases where free (imports and clones). */
  keepAliases: boolean;
  /** Where rule webhook URLs may point (`config.webhooks.allowPrivate`). */
  urlPolicy: UrlPolicyConfig;
}

export interface ParsedDocument {
  content: TemplateContent;
  /** Member and group ids the document refers to, with their paths. */
  refs: References;
}

interface Context {
  templateId: string;
  errors: FieldErrorCollector;
  target: DocumentTarget;
  idMap: Map<string, string>;
  fieldAliases: Set<string>;
}

const items = (value: unknown) => (asList(value) ?? []).map((item) => asObject(item) ?? {});

/** New id for a document item, remembering the document's own id for references. */
function mapId(raw: Raw, c: Context): string {
  const id = newHexId();
  if (typeof raw.id === 'string' && raw.id) c.idMap.set(raw.id, id);
  return id;
}

function parseFields(list: Raw[], prefix: string, stepId: string | null, c: Context): TemplateField[] {
  const fields = list.map((raw, i) => {
    const field = parseField(raw, `${prefix}${i}.`, c.errors, {
      id: mapId(raw, c),
      templateId: c.templateId,
      stepId,
      now: c.target.now,
      aliases: c.fieldAliases,
      keepAlias: c.target.keepAliases,
    });
    // Ties keep document order: position first, then index.
    return { ...field, position: (raw.position === undefined ? i + 1 : field.position) * 10_000 + i };
  });
  return renumber(fields);
}

function parseSteps(
  list: Raw[],
  c: Context,
  refs: References,
): { steps: TemplateStep[]; fields: TemplateField[] } {
  const stepAliases = new Set<string>();
  const fields: TemplateField[] = [];
  const steps = list.map((raw, i) => {
    const step = parseStep(raw, `steps.${i}.`, c.errors, {
      id: mapId(raw, c),
      templateId: c.templateId,
      now: c.target.now,
      aliases: stepAliases,
      keepAlias: c.target.keepAliases,
      urlPolicy: c.target.urlPolicy,
    });
    stepReferences(step, `steps.${i}.`, refs);
    fields.push(...parseFields(items(raw.captures ?? raw.form_fields), `steps.${i}.captures.`, step.id, c));
    return { ...step, position: (raw.position === undefined ? i + 1 : step.position) * 10_000 + i };
  });
  // Deadlines may name document step ids; point them at the new ones, then check them all.
  const remapped = steps.map((s) =>
    s.deadline && s.deadline.step !== START_RUN
      ? { ...s, deadline: { ...s.deadline, step: c.idMap.get(s.deadline.step) ?? s.deadline.step } }
      : s,
  );
  for (const [path, messages] of Object.entries(validateStepDeadlines(remapped))) {
    for (const message of messages) c.errors.add(path, message);
  }
  return { steps: renumber(remapped), fields };
}

/** The template the document describes; problems go to `errors` with their paths. */
export function parseTemplateDocument(
  raw: Raw,
  errors: FieldErrorCollector,
  target: DocumentTarget,
): ParsedDocument {
  const templateId = newHexId();
  const c: Context = { templateId, errors, target, idMap: new Map(), fieldAliases: new Set() };
  const template = parseTemplateKeys(raw, errors, {
    urlPolicy: target.urlPolicy,
    id: templateId,
    organizationId: target.organizationId,
    actorId: target.actorId,
    now: target.now,
    keepAlias: target.keepAliases,
  });
  const refs = noReferences();
  addReferences(refs, 'users', template.users, 'users');
  addReferences(refs, 'groups', template.groups, 'groups');
  if (template.ownerId !== null) refs.users.push({ id: template.ownerId, path: 'owner_id' });
  const kickoff = parseFields(items(raw.prerun), 'prerun.', null, c);
  const { steps, fields } = parseSteps(items(raw.steps), c, refs);
  // Rules are checked against the document's steps and fields, under their new ids.
  const scope = { steps, fields: [...kickoff, ...fields] };
  const rules: Rule[] = items(raw.automated_actions ?? raw.rules).map((r, i) =>
    parseDocumentRule(r, `automated_actions.${i}.`, errors, {
      templateId,
      position: i + 1,
      now: target.now,
      idMap: c.idMap,
      scope,
      urlPolicy: target.urlPolicy,
      refs,
    }),
  );
  checkDocumentRuleLoops(rules, scope, errors);
  return { content: { template, steps, fields: [...kickoff, ...fields], rules }, refs };
}
