/**
 * The editable template as the services see it: the current rows, from which every new
 * version's frozen definition is built. Ids are the stable (timeline) ids that every
 * version of the definition shares.
 */
import type {
  FieldDefinition,
  RuleDefinition,
  StageDefinition,
  StepDefinition,
  TemplateDefinition,
  TemplateType,
} from './definition.js';

/** Template readiness (`PUT …/status?status=`); `completed` is what the UI calls Published. */
export const TEMPLATE_STATUSES = ['started', 'in_progress', 'almost_completed', 'completed'] as const;
export type TemplateStatus = (typeof TEMPLATE_STATUSES)[number];

/** Template keys of the spec kept as given in `settings` (flags, icon, cover, …). */
export const TEMPLATE_SETTING_KEYS = [
  'starred',
  'is_public',
  'is_featured',
  'is_public_kickoff',
  'dual_version_enabled',
  'is_pinned',
  'folderize_process',
  'tag_process',
  'allow_launcher_change_name',
  'folder_changeable_by_launcher',
  'explanation_video',
  'public_cover',
  'icon',
  'ko_form_blueprint_id',
  'default_folder',
  'kickoff_sharing_user_id',
] as const;

/** Step keys of the spec kept as given in the step's `settings`. */
export const STEP_SETTING_KEYS = [
  'roles',
  'role_changes_every_time',
  'bp_to_launch',
  'send_chromeless',
] as const;

/** Form-field keys of the spec kept as given in the field's `settings`. */
export const FIELD_SETTING_KEYS = [
  'collect_time',
  'use_wysiwyg_editor',
  'field_validation',
  'prefix',
  'suffix',
  'placeholder',
  'settings',
  'list',
] as const;

export interface Template {
  id: string;
  organizationId: string;
  title: string;
  alias: string;
  type: TemplateType;
  summary: string | null;
  guidance: string | null;
  webhook: string | null;
  kickoffTitle: string | null;
  kickoffDescription: string | null;
  defaultProcessNameFormat: string | null;
  autoNaming: boolean;
  canAddOneOffTasks: boolean;
  settings: Record<string, unknown>;
  status: TemplateStatus;
  folderId: string | null;
  ownerId: number | null;
  createdBy: number | null;
  lastUpdatedBy: number | null;
  /** Members who may launch it (empty: everyone who may read it). */
  users: number[];
  /** Groups who may launch it. */
  groups: string[];
  /** The latest version number; every content change adds one. */
  version: number;
  /** The version last published (`PUT …/publish`), if any. */
  publishedVersion: number | null;
  /** Pinned templates come first in the list's default order (set by `PUT …/pin` only). */
  isPinned?: boolean;
  archivedAt: string | null;
  createdAt: string;
  lastUpdated: string;
}

export interface TemplateStep extends Omit<StepDefinition, 'fields'> {
  templateId: string;
  createdAt: string;
  lastUpdated: string;
}

export interface TemplateField extends FieldDefinition {
  templateId: string;
  createdAt: string;
  lastUpdated: string;
}

export interface Rule extends RuleDefinition {
  templateId: string;
  position: number;
}

/** A template with all its parts, steps and fields ordered by position. */
export interface TemplateContent {
  template: Template;
  steps: TemplateStep[];
  /** Kick-off fields (stepId null) and step form fields. */
  fields: TemplateField[];
  rules: Rule[];
}

const byPosition = <T extends { position: number }>(a: T, b: T) => a.position - b.position;

function toFieldDefinition(field: TemplateField): FieldDefinition {
  const { templateId: _template, ...definition } = field;
  return definition;
}

/**
 * The frozen definition of the template as it stands, numbered `version`; `stages`, when
 * given, are frozen with it (the steps' `stageId` point at them).
 */
export function buildDefinition(
  content: TemplateContent,
  version: number,
  stages?: readonly StageDefinition[],
): TemplateDefinition {
  const { template } = content;
  const fieldsOfStep = new Map<string, FieldDefinition[]>();
  const kickoffFields: FieldDefinition[] = [];
  for (const field of [...content.fields].sort(byPosition)) {
    if (field.stepId === null) kickoffFields.push(toFieldDefinition(field));
    else
      fieldsOfStep.set(field.stepId, [...(fieldsOfStep.get(field.stepId) ?? []), toFieldDefinition(field)]);
  }
  const steps: StepDefinition[] = [...content.steps].sort(byPosition).map((step) => {
    const { templateId: _template, ...definition } = step;
    return { ...definition, fields: fieldsOfStep.get(step.id) ?? [] };
  });
  const rules: RuleDefinition[] = [...content.rules].sort(byPosition).map((rule) => ({
    id: rule.id,
    alias: rule.alias,
    conditions: rule.conditions,
    actions: rule.actions,
    createdAt: rule.createdAt,
    lastUpdated: rule.lastUpdated,
  }));
  return {
    ...(stages ? { stages: [...stages].sort(byPosition) } : {}),
    id: template.id,
    version,
    title: template.title,
    alias: template.alias,
    type: template.type,
    summary: template.summary,
    guidance: template.guidance,
    webhook: template.webhook,
    kickoffTitle: template.kickoffTitle,
    kickoffDescription: template.kickoffDescription,
    defaultProcessNameFormat: template.defaultProcessNameFormat,
    autoNaming: template.autoNaming,
    canAddOneOffTasks: template.canAddOneOffTasks,
    kickoffFields,
    steps,
    rules,
    settings: template.settings,
  };
}

/**
 * The version a launch takes when none is asked for: the published one under dual versions,
 * else the latest.
 */
export function launchVersionOf(
  template: Pick<Template, 'settings' | 'publishedVersion' | 'version'>,
): number {
  const dual = template.settings.dual_version_enabled === true && template.publishedVersion !== null;
  return dual ? (template.publishedVersion ?? template.version) : template.version;
}
