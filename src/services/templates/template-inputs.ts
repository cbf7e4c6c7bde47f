/**
 * What a request says about a template, its kick-off fields, steps, form fields and rules, as
 * typed inputs (the routes' mappers read the wire into these). Throughout, a key left
 * undefined was not sent (an update keeps the current value), and null clears a text.
 * The services merge these with what is stored and apply the business checks: references to
 * members, groups, steps and fields, deadlines between steps, webhook URL policy, field
 * options and default values against the field's type, aliases, id rewriting.
 */

import type { FieldErrors } from '../../domain/errors.js';
import type {
  FieldType,
  StepDeadline,
  StepStartDate,
  StepType,
  TemplateType,
} from '../../domain/templates/definition.js';
import type { TemplateStatus } from '../../domain/templates/template.js';

/**
 * Problems the route's mapper found in the shape of a request document, with their paths.
 * The service refuses them together with its own checks, so one answer lists every problem
 * (and a caller who may not edit the template, or names one that does not exist, hears that
 * first).
 */
export interface ShapeChecked {
  shapeErrors: FieldErrors;
}

/** A template's own keys (not its steps, fields or rules). The title is required every time. */
export interface TemplateKeysInput {
  title: string;
  /** The document's alias, kept on import when free. */
  alias?: string | undefined;
  type?: TemplateType | undefined;
  summary?: string | null | undefined;
  guidance?: string | null | undefined;
  webhook?: string | null | undefined;
  kickoffTitle?: string | null | undefined;
  kickoffDescription?: string | null | undefined;
  defaultProcessNameFormat?: string | null | undefined;
  autoNaming?: boolean | undefined;
  canAddOneOffTasks?: boolean | undefined;
  /** The spec's template flags and extras that were sent (booleans already read as booleans). */
  settings: Record<string, unknown>;
  status?: TemplateStatus | undefined;
  folderId?: string | null | undefined;
  ownerId?: number | undefined;
  /** Members and groups who may launch; when sent, they replace the lists. */
  users?: number[] | undefined;
  groups?: string[] | undefined;
}

/** A form field of a step, or a kick-off field. */
export interface FieldInput {
  /** An existing field's id (updates), or the document's own id (rewritten on import). */
  id?: string | undefined;
  alias?: string | undefined;
  /** Required when the field is new. */
  label?: string | null | undefined;
  /** Required when the field is new. */
  fieldType?: FieldType | undefined;
  guidance?: string | null | undefined;
  required?: boolean | undefined;
  position?: number | undefined;
  /** The choices or table columns as sent; checked against the field type. */
  options?: unknown;
  columns?: unknown;
  defaultValueEnabled?: boolean | undefined;
  /** Undefined when not sent; null when sent empty. */
  defaultValue?: unknown;
  /** The field's extras that were sent (validation rules, prefix, placeholder, …). */
  settings: Record<string, unknown>;
}

export interface StepFlagsInput {
  assignRunStarter?: boolean | undefined;
  canCompleteOnlyAssignees?: boolean | undefined;
  everyoneMustComplete?: boolean | undefined;
  allowGuestOwners?: boolean | undefined;
  preventGuestComment?: boolean | undefined;
  skipStartProcess?: boolean | undefined;
  isSoftStartDate?: boolean | undefined;
  topSecret?: boolean | undefined;
}

/** A step. Deadlines are checked for the whole template, since they may name other steps. */
export interface StepInput {
  id?: string | undefined;
  alias?: string | undefined;
  /** Required when the step is new. */
  title?: string | null | undefined;
  summary?: string | null | undefined;
  stepType?: StepType | undefined;
  position?: number | undefined;
  deadline?: StepDeadline | null | undefined;
  startDate?: StepStartDate | null | undefined;
  /** Member ids, guest e-mails, group ids; when sent, they replace the lists. */
  assignees?: number[] | undefined;
  guests?: string[] | undefined;
  groups?: string[] | undefined;
  flags: StepFlagsInput;
  maxAssignable?: number | undefined;
  webhook?: string | null | undefined;
  /** The step's extras that were sent (roles, bp_to_launch, …). */
  settings: Record<string, unknown>;
  /** Its form fields (`captures`): an item with a known id updates that field, others add one. */
  fields: FieldInput[];
}

/**
 * A rule (automated action). Its conditions and actions refer to steps and fields by id and
 * are checked item by item against the template they belong to (domain/rules/validate-rule),
 * which reports each problem with its path; so they stay as sent here.
 */
export interface RuleInput {
  alias: unknown;
  conditions: unknown;
  actions: unknown;
}

/** A whole template: a create body, checklists-with-steps, or an export document being imported. */
export interface TemplateDocumentInput extends ShapeChecked {
  template: TemplateKeysInput;
  kickoffFields: FieldInput[];
  steps: StepInput[];
  rules: RuleInput[];
}

/** An update of a template's keys; `kickoffFields`, when sent, is the whole kick-off form. */
export interface UpdateTemplateInput extends ShapeChecked {
  template: TemplateKeysInput;
  kickoffFields?: FieldInput[] | undefined;
}

/** A form field created or updated through its own route. */
export interface FormFieldInput extends ShapeChecked {
  field: FieldInput;
}

/** A new step, at `step.position` or at the end. */
export interface CreateStepInput extends ShapeChecked {
  step: StepInput;
}

/** A step update; `step` is absent when the body only moves the step to `position`. */
export interface UpdateStepInput extends ShapeChecked {
  step?: StepInput | undefined;
  position?: number | undefined;
  fields: FieldInput[];
}
