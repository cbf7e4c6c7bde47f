import { Type } from 'typebox';
import type { Tag, TagLink } from '../../domain/tags.js';
import type { StepDefinition } from '../../domain/templates/definition.js';
import { IsoDate, Nullable } from '../schemas/common.js';
import { type FieldContext, FormFieldSchema, presentFormField } from './present-form-field.js';
import { presentTagLink, TagLinkSchema } from './present-tag.js';

/** The spec's Step, with its form fields (`captures`) inline. */
export const StepSchema = Type.Object(
  {
    id: Type.String(),
    checklist_id: Type.String(),
    alias: Type.String(),
    title: Type.String(),
    summary: Nullable(Type.String()),
    step_type: Type.String(),
    position: Type.Integer(),
    deadline: Nullable(
      Type.Object({ value: Type.Number(), unit: Type.String(), option: Type.String(), step: Type.String() }),
    ),
    start_date: Nullable(Type.Object({ value: Type.Number(), unit: Type.String() })),
    assignees: Type.Array(Type.Integer()),
    guests: Type.Array(Type.String()),
    groups: Type.Array(Type.String()),
    assign_run_starter: Type.Boolean(),
    can_complete_only_assignees: Type.Boolean(),
    everyone_must_complete: Type.Boolean(),
    allow_guest_owners: Type.Boolean(),
    prevent_guest_comment: Type.Boolean(),
    skip_start_process: Type.Boolean(),
    is_soft_start_date: Type.Boolean(),
    top_secret: Type.Boolean(),
    max_assignable: Type.Integer(),
    webhook: Nullable(Type.String()),
    roles: Type.Array(Type.String()),
    role_changes_every_time: Type.Boolean(),
    bp_to_launch: Type.Unknown(),
    captures: Type.Array(FormFieldSchema),
    tags: Type.Array(TagLinkSchema),
    stage_id: Nullable(Type.String()),
    created_at: Type.Optional(IsoDate),
    last_updated: Type.Optional(IsoDate),
    archived_at: Nullable(IsoDate),
  },
  { additionalProperties: true },
);

/**
 * A step as the API shows it, its form fields in `captures` and the tags put on it in
 * `tags` (each `{id, tag_id, title, color}`, as `POST /checklists/tags` answers).
 */
export function presentStep(
  step: StepDefinition,
  context: FieldContext,
  tags: ReadonlyArray<{ link: TagLink; tag: Tag }> = [],
) {
  const s = step.settings;
  return {
    ...s,
    id: step.id,
    checklist_id: context.templateId,
    alias: step.alias,
    title: step.title,
    summary: step.summary,
    step_type: step.stepType,
    position: step.position,
    deadline: step.deadline,
    start_date: step.startDate,
    assignees: step.assignees,
    guests: step.guests,
    groups: step.groups,
    assign_run_starter: step.assignRunStarter,
    can_complete_only_assignees: step.canCompleteOnlyAssignees,
    everyone_must_complete: step.everyoneMustComplete,
    allow_guest_owners: step.allowGuestOwners,
    prevent_guest_comment: step.preventGuestComment,
    skip_start_process: step.skipStartProcess,
    is_soft_start_date: step.isSoftStartDate,
    top_secret: step.topSecret,
    max_assignable: step.maxAssignable,
    webhook: step.webhook,
    roles: Array.isArray(s.roles) ? s.roles : [],
    role_changes_every_time: s.role_changes_every_time === true,
    bp_to_launch: s.bp_to_launch ?? null,
    tags: tags.map(({ link, tag }) => presentTagLink(link, tag)),
    stage_id: step.stageId ?? null,
    captures: step.fields.map((f) => presentFormField(f, context)),
    created_at: step.createdAt ?? context.fallbackTime,
    last_updated: step.lastUpdated ?? context.fallbackTime,
    archived_at: null,
  };
}
