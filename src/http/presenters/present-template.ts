import { Type } from 'typebox';
import type { TemplateView } from '../../domain/views.js';
import { AnyObject, IsoDate, Nullable } from '../schemas/common.js';
import { FormFieldSchema, presentFormField } from './present-form-field.js';
import { presentRule, RuleSchema } from './present-rule.js';
import { presentStep, StepSchema } from './present-step.js';

/** Keys of the spec's Checklist kept in the template's settings, with their defaults. */
const SETTING_DEFAULTS: Record<string, unknown> = {
  starred: false,
  is_public: false,
  is_featured: false,
  is_public_kickoff: false,
  dual_version_enabled: false,
  is_pinned: false,
  folderize_process: false,
  tag_process: false,
  allow_launcher_change_name: false,
  folder_changeable_by_launcher: false,
  explanation_video: null,
  public_cover: null,
  icon: null,
  ko_form_blueprint_id: null,
  default_folder: null,
  kickoff_sharing_user_id: null,
};

/** The spec's Checklist; `prerun` and `automated_actions` always inline, `steps` with `with=steps`. */
export const TemplateSchema = Type.Object(
  {
    id: Type.String(),
    title: Type.String(),
    alias: Type.String(),
    type: Type.String(),
    summary: Nullable(Type.String()),
    guidance: Nullable(Type.String()),
    webhook: Nullable(Type.String()),
    kickoff_title: Nullable(Type.String()),
    kickoff_description: Nullable(Type.String()),
    default_process_name_format: Nullable(Type.String()),
    auto_naming: Type.Boolean(),
    can_add_oot: Type.Boolean(),
    status: Type.String(),
    folder_id: Nullable(Type.String()),
    owner_id: Nullable(Type.Integer()),
    created_by: Nullable(Type.Integer()),
    last_updated_by: Nullable(Type.Integer()),
    users: Type.Array(Type.Integer()),
    groups: Type.Array(Type.String()),
    prerun: Type.Array(FormFieldSchema),
    automated_actions: Type.Array(RuleSchema),
    steps_count: Type.Integer(),
    started_processes: Type.Integer(),
    version: Type.Integer(),
    is_published_state: Type.Boolean(),
    industry_tags: Type.Array(AnyObject),
    topic_tags: Type.Array(AnyObject),
    created_at: IsoDate,
    last_updated: IsoDate,
    archived_at: Nullable(IsoDate),
    steps: Type.Optional(Type.Object({ data: Type.Array(StepSchema) })),
  },
  { additionalProperties: true },
);

/** A template as the API shows it; `extra` adds included relations (`tags`, `folder`). */
export function presentTemplate(view: TemplateView, extra: Record<string, unknown> = {}) {
  const t = view.template;
  const context = { templateId: t.id, fallbackTime: t.createdAt };
  return {
    ...SETTING_DEFAULTS,
    ...t.settings,
    id: t.id,
    title: t.title,
    alias: t.alias,
    type: t.type,
    summary: t.summary,
    guidance: t.guidance,
    webhook: t.webhook,
    kickoff_title: t.kickoffTitle,
    kickoff_description: t.kickoffDescription,
    default_process_name_format: t.defaultProcessNameFormat,
    auto_naming: t.autoNaming,
    can_add_oot: t.canAddOneOffTasks,
    status: t.status,
    is_pinned: t.isPinned ?? false,
    folder_id: t.folderId,
    owner_id: t.ownerId,
    created_by: t.createdBy,
    last_updated_by: t.lastUpdatedBy,
    users: t.users,
    groups: t.groups,
    prerun: view.kickoffFields.map((f) => presentFormField(f, context)),
    automated_actions: view.rules.map(presentRule),
    steps_count: view.stepsCount,
    started_processes: view.startedProcesses,
    version: view.version,
    is_published_state: t.publishedVersion !== null && t.publishedVersion === view.version,
    industry_tags: [],
    topic_tags: [],
    created_at: t.createdAt,
    last_updated: t.lastUpdated,
    archived_at: t.archivedAt,
    ...(view.steps ? { steps: { data: view.steps.map((s) => presentStep(s, context)) } } : {}),
    ...extra,
  };
}
