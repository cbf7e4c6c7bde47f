/**
 * A whole template from one document: the body of a create (with optional kick-off fields,
 * steps with their form fields, and rules), of checklists-with-steps, or an exported
 * template being imported. Everything gets new ids; ids the document uses for its
 * own steps and fields are rewritten wherever they are referred to (step deadlines, rules).
 */
import { START_RUN, validateStepDeadlines } from '../../domain/deadlines.js';
import type { FieldErrorCollector } from '../../domain/errors.js';
import { newHexId } from '../../domain/ids.js';
import { renumber } from '../../domain/templates/content-ops.js';
import type { Rule, TemplateContent, TemplateField, TemplateStep } from '../../domain/templates/template.js';
import type { UrlPolicyConfig } from '../../domain/webhooks/url-safety.js';
import { buildField } from './field-input.js';
import { addReferences, noReferences, type References, stepReferences } from './references.js';
import { buildDocumentRule, checkDocumentRuleLoops } from './rule-input.js';
import { buildStep } from './step-input.js';
import { buildTemplate } from './template-input.js';
import type { FieldInput, StepInput, TemplateDocumentInput } from './template-inputs.js';

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

/** New id for a document item, remembering the document's own id for references. */
function mapId(item: { id?: string | undefined }, c: Context): string {
  const id = newHexId();
  if (item.id) c.idMap.set(item.id, id);
  return id;
}

function buildFields(list: FieldInput[], prefix: string, stepId: string | null, c: Context): TemplateField[] {
  const fields = list.map((input, i) => {
    const field = buildField(input, `${prefix}${i}.`, c.errors, {
      id: mapId(input, c),
      templateId: c.templateId,
      stepId,
      now: c.target.now,
      aliases: c.fieldAliases,
      keepAlias: c.target.keepAliases,
    });
    // Ties keep document order: position first, then index.
    return { ...field, position: (input.position === undefined ? i + 1 : field.position) * 10_000 + i };
  });
  return renumber(fields);
}

function buildSteps(
  list: StepInput[],
  c: Context,
  refs: References,
): { steps: TemplateStep[]; fields: TemplateField[] } {
  const stepAliases = new Set<string>();
  const fields: TemplateField[] = [];
  const steps = list.map((input, i) => {
    const step = buildStep(input, `steps.${i}.`, c.errors, {
      id: mapId(input, c),
      templateId: c.templateId,
      now: c.target.now,
      aliases: stepAliases,
      keepAlias: c.target.keepAliases,
      urlPolicy: c.target.urlPolicy,
    });
    stepReferences(step, `steps.${i}.`, refs);
    fields.push(...buildFields(input.fields, `steps.${i}.captures.`, step.id, c));
    return { ...step, position: (input.position === undefined ? i + 1 : step.position) * 10_000 + i };
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
export function buildTemplateDocument(
  input: TemplateDocumentInput,
  errors: FieldErrorCollector,
  target: DocumentTarget,
): ParsedDocument {
  const templateId = newHexId();
  const c: Context = { templateId, errors, target, idMap: new Map(), fieldAliases: new Set() };
  const template = buildTemplate(input.template, errors, {
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
  const kickoff = buildFields(input.kickoffFields, 'prerun.', null, c);
  const { steps, fields } = buildSteps(input.steps, c, refs);
  // Rules are checked against the document's steps and fields, under their new ids.
  const scope = { steps, fields: [...kickoff, ...fields] };
  const rules: Rule[] = input.rules.map((r, i) =>
    buildDocumentRule(r, `automated_actions.${i}.`, errors, {
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
