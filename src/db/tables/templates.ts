import type { ColumnType } from 'kysely';
import type { DbBool, DbJson, Timestamp } from './types.js';

/** The current, editable template; its versions' frozen definitions live in template_versions. */
export interface TemplatesTable {
  id: string;
  organization_id: string;
  title: string;
  alias: string;
  type: string;
  summary: string | null;
  guidance: string | null;
  webhook: string | null;
  kickoff_title: string | null;
  kickoff_description: string | null;
  default_process_name_format: string | null;
  auto_naming: DbBool;
  can_add_oot: DbBool;
  /** The other template keys of the spec (flags, icon, cover, …) as one document. */
  settings: DbJson;
  /** Readiness: started | in_progress | almost_completed | completed. */
  status: string;
  folder_id: string | null;
  owner_id: number | null;
  created_by: number | null;
  last_updated_by: number | null;
  /** Member ids allowed to launch (JSON array). */
  users: DbJson;
  /** Group ids allowed to launch (JSON array). */
  groups: DbJson;
  /** The latest version number. */
  version: number;
  published_version: number | null;
  /** Pinned templates come first in the template list's default order. */
  is_pinned: ColumnType<boolean | number, boolean | undefined, boolean>;
  archived_at: Timestamp | null;
  created_at: Timestamp;
  last_updated: Timestamp;
}

export interface TemplateStepsTable {
  id: string;
  organization_id: string;
  template_id: string;
  alias: string;
  title: string;
  summary: string | null;
  step_type: string;
  position: number;
  /** `{value, unit, option, step}` or null. */
  deadline: DbJson | null;
  /** `{value, unit}` or null. */
  start_date: DbJson | null;
  /** Member ids (JSON array). */
  assignees: DbJson;
  /** Guest e-mails (JSON array). */
  guests: DbJson;
  /** Group ids (JSON array). */
  groups: DbJson;
  assign_run_starter: DbBool;
  can_complete_only_assignees: DbBool;
  everyone_must_complete: DbBool;
  allow_guest_owners: DbBool;
  prevent_guest_comment: DbBool;
  skip_start_process: DbBool;
  is_soft_start_date: DbBool;
  top_secret: DbBool;
  max_assignable: number;
  webhook: string | null;
  /** Other step keys of the spec (roles, bp_to_launch, …). */
  settings: DbJson;
  /** The template's stage (milestone) the step belongs to. */
  stage_id: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: Timestamp;
  last_updated: Timestamp;
}

/** Step form fields (captures) and kick-off fields (prerun, step_id null). */
export interface TemplateFieldsTable {
  id: string;
  organization_id: string;
  template_id: string;
  step_id: string | null;
  alias: string;
  label: string;
  field_type: string;
  guidance: string | null;
  required: DbBool;
  position: number;
  /** `[{id, text}]` */
  options: DbJson;
  /** `[{id, label}]` */
  columns: DbJson;
  default_value: DbJson | null;
  default_value_enabled: DbBool;
  /** Other field keys (field_validation, collect_time, …). */
  settings: DbJson;
  created_at: Timestamp;
  last_updated: Timestamp;
}

/** One frozen TemplateDefinition per version; processes read these, never the editable rows. */
export interface TemplateVersionsTable {
  organization_id: string;
  template_id: string;
  version: number;
  /** A TemplateDefinition (src/domain/templates/definition.ts). */
  definition: DbJson;
  created_by: number | null;
  created_at: Timestamp;
}

/**
 * Automation rules (`automated_actions`). `conditions` is a RuleCondition[] and `actions` a
 * RuleAction[] in the domain shape of src/domain/templates/definition.ts.
 */
export interface RulesTable {
  id: string;
  organization_id: string;
  template_id: string;
  alias: string;
  conditions: DbJson;
  actions: DbJson;
  position: number;
  created_at: Timestamp;
  last_updated: Timestamp;
}

export interface TemplateTables {
  templates: TemplatesTable;
  template_steps: TemplateStepsTable;
  template_fields: TemplateFieldsTable;
  template_versions: TemplateVersionsTable;
  rules: RulesTable;
}
