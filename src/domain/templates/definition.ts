/**
 * The frozen definition of one template version: everything a process needs from the
 * template it was launched from. Stored whole as JSON in `template_versions.definition`;
 * a launched process reads its steps, fields and rules from here and never from the
 * editable template rows. Ids here are the template's stable (timeline) ids, the same in
 * every version. This is also the body of the template export document.
 *
 * Contract between the templates module (writes versions) and the processes, rules and
 * webhooks modules (read them). Add optional keys freely; never rename or remove one.
 */

export const TEMPLATE_TYPES = ['procedure', 'form', 'document'] as const;
export type TemplateType = (typeof TEMPLATE_TYPES)[number];

export const STEP_TYPES = ['task', 'approval', 'expiring', 'email', 'expiring_email'] as const;
export type StepType = (typeof STEP_TYPES)[number];

export const FIELD_TYPES = [
  'text',
  'textarea',
  'radio',
  'dropdown',
  'multiselect',
  'date',
  'email',
  'url',
  'number',
  'file',
  'table',
  'assignees_form',
] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

export const DURATION_UNITS = ['minutes', 'hours', 'days', 'weeks', 'months'] as const;
export type DurationUnit = (typeof DURATION_UNITS)[number];

export interface FieldOption {
  id: number;
  text: string;
}

export interface TableColumn {
  id: number;
  label: string;
}

/** A step form field (capture) or a kick-off field (prerun); `stepId` is null for kick-off. */
export interface FieldDefinition {
  id: string;
  alias: string;
  stepId: string | null;
  label: string;
  fieldType: FieldType;
  guidance: string | null;
  required: boolean;
  position: number;
  options: FieldOption[];
  columns: TableColumn[];
  defaultValue: unknown;
  defaultValueEnabled: boolean;
  /** Everything else the client sent for the field (field_validation, collect_time, …). */
  settings: Record<string, unknown>;
  /** When the field was created and last changed (for representations of old versions). */
  createdAt?: string;
  lastUpdated?: string;
}

/** `{value, unit, option: from|prior_to, step: "start_run" | <step id>}` */
export interface StepDeadline {
  value: number;
  unit: DurationUnit;
  option: 'from' | 'prior_to';
  step: 'start_run' | string;
}

export interface StepStartDate {
  value: number;
  unit: DurationUnit;
}

export interface StepDefinition {
  id: string;
  alias: string;
  title: string;
  summary: string | null;
  stepType: StepType;
  position: number;
  deadline: StepDeadline | null;
  startDate: StepStartDate | null;
  /** Member ids. */
  assignees: number[];
  /** Guest e-mails. */
  guests: string[];
  /** Group ids. */
  groups: string[];
  /** Assign the launcher when no one else is (default true). */
  assignRunStarter: boolean;
  canCompleteOnlyAssignees: boolean;
  everyoneMustComplete: boolean;
  allowGuestOwners: boolean;
  preventGuestComment: boolean;
  /** Hidden by default: the task starts `auto-skipped` until a rule or a person shows it. */
  skipStartProcess: boolean;
  isSoftStartDate: boolean;
  topSecret: boolean;
  maxAssignable: number;
  webhook: string | null;
  /** The stage (milestone) of the template this step belongs to, if any. */
  stageId?: string | null;
  /** Form fields of this step, by position. */
  fields: FieldDefinition[];
  /** Everything else the client sent for the step (roles, bp_to_launch, …). */
  settings: Record<string, unknown>;
  /** When the step was created and last changed (for representations of old versions). */
  createdAt?: string;
  lastUpdated?: string;
}

/** A stage (milestone) of a template: steps point at it through `stageId`. */
export interface StageDefinition {
  id: string;
  title: string;
  position: number;
}

export interface RuleCondition {
  id: string;
  conditionableId: string;
  conditionableType: 'Step' | 'Capture' | 'Prerun';
  operation: string;
  statement: unknown;
  logic: 'and' | 'or';
  position: number;
  columnContainsName: string | null;
}

export interface RuleAssignees {
  users: number[];
  guests: string[];
  groups: string[];
}

export interface RuleAction {
  id: string;
  actionType: 'visibility' | 'deadline' | 'status' | 'assignment' | 'webhook';
  actionVerb: string;
  targetStepId: string | null;
  deadline: { value: number; unit: DurationUnit; option: 'before' | 'from' } | null;
  assignees: RuleAssignees | null;
  actionableId: string | null;
  actionableType: string | null;
  webhookUrl: string | null;
  aliasName: string | null;
  position: number;
}

/** An automation rule (`automated_actions` on the wire). */
export interface RuleDefinition {
  id: string;
  alias: string;
  conditions: RuleCondition[];
  actions: RuleAction[];
  createdAt: string;
  lastUpdated: string;
}

export interface TemplateDefinition {
  id: string;
  version: number;
  title: string;
  alias: string;
  type: TemplateType;
  summary: string | null;
  guidance: string | null;
  webhook: string | null;
  kickoffTitle: string | null;
  kickoffDescription: string | null;
  /** `default_process_name_format`, e.g. "{{template_title}} - {{date}}". */
  defaultProcessNameFormat: string | null;
  autoNaming: boolean;
  /** One-off tasks may be added to its processes. */
  canAddOneOffTasks: boolean;
  /** Kick-off (prerun) fields, by position. */
  kickoffFields: FieldDefinition[];
  /** Steps, by position 1..n. */
  steps: StepDefinition[];
  rules: RuleDefinition[];
  /** Stages (milestones) grouping the steps, by position; absent in versions frozen before stages. */
  stages?: StageDefinition[];
  /** Other template keys the spec lists (icon, flags, …), kept as given. */
  settings: Record<string, unknown>;
}

/** Every form field of a definition, kick-off fields first, keyed by id. */
export function fieldsById(definition: TemplateDefinition): Map<string, FieldDefinition> {
  const map = new Map<string, FieldDefinition>();
  for (const field of definition.kickoffFields) map.set(field.id, field);
  for (const step of definition.steps) for (const field of step.fields) map.set(field.id, field);
  return map;
}
