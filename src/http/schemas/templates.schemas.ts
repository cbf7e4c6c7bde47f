/**
 * Request schemas of the template routes. They describe the top-level wire keys for the
 * OpenAPI document and catch gross type errors. Nested documents (kick-off fields, steps,
 * captures, rules) are open objects here: the routes' mappers (templates.inputs.ts,
 * steps.inputs.ts, form-fields.inputs.ts) read them and report each problem with its path,
 * and keys Tallyfy sends that Flowlane does not keep are ignored.
 */
import { Type } from 'typebox';
import { AnyObject, ListQueryProperties, Nullable, OrgParams } from './common.js';

const Text = (description: string) => Type.Optional(Nullable(Type.String({ description })));
const Flag = (description: string) => Type.Optional(Type.Boolean({ description }));
const List = Type.Optional(Type.Unknown({ description: 'A list (also accepted wrapped as {data: […]})' }));

export const TemplateParams = Type.Object({ ...OrgParams.properties, checklist_id: Type.String() });
export const StepParams = Type.Object({ ...TemplateParams.properties, step_id: Type.String() });
export const FieldParams = Type.Object({ ...StepParams.properties, capture_id: Type.String() });
export const KickoffFieldParams = Type.Object({ ...TemplateParams.properties, prerun_id: Type.String() });

export const TemplateBody = Type.Object(
  {
    title: Type.String({ description: 'Required on create and on every update', maxLength: 250 }),
    type: Type.Optional(Type.String({ description: 'procedure | form | document' })),
    summary: Text('Up to 2,000 characters'),
    guidance: Text('Guidance shown to launchers'),
    webhook: Text('URL called when processes of this template complete'),
    kickoff_title: Text('Title of the kick-off form'),
    kickoff_description: Text('Description of the kick-off form'),
    default_process_name_format: Text('e.g. "{{template_title}} - {{date}}"'),
    auto_naming: Flag('Name processes with default_process_name_format'),
    can_add_oot: Flag('One-off tasks may be added to its processes'),
    status: Type.Optional(
      Type.String({ description: 'started | in_progress | almost_completed | completed' }),
    ),
    folder_id: Text('Folder id'),
    owner_id: Type.Optional(Type.Integer()),
    users: Type.Optional(
      Type.Array(Type.Integer(), { description: 'Members who may launch; replaces the list' }),
    ),
    groups: Type.Optional(
      Type.Array(Type.String(), { description: 'Groups who may launch; replaces the list' }),
    ),
    prerun: Type.Optional(Type.Array(AnyObject, { description: 'The whole kick-off form' })),
    steps: List,
    automated_actions: List,
  },
  { additionalProperties: true },
);

export const CreateTemplateBody = Type.Object(
  { ...TemplateBody.properties, steps: List },
  {
    additionalProperties: true,
    description: 'A template, optionally with prerun, steps (with captures) and rules',
  },
);

export const TemplateListQuery = Type.Object({
  ...ListQueryProperties,
  status: Type.Optional(Type.String()),
  type: Type.Optional(Type.String()),
  folder: Type.Optional(Type.String({ description: 'Folder id' })),
  folder_id: Type.Optional(Type.String({ description: 'Synonym of folder' })),
  entire_folder_tree: Type.Optional(Type.Boolean({ description: 'With folder: its sub-folders too' })),
  owner_id: Type.Optional(Type.Integer()),
  tag: Type.Optional(Type.String({ maxLength: 2000, description: 'Comma-separated tag ids: any of' })),
  tag_ids: Type.Optional(Type.String({ maxLength: 2000, description: 'Synonym of tag' })),
  untagged: Type.Optional(Type.Boolean({ description: 'Only templates without a tag' })),
  starred: Type.Optional(Type.Boolean({ description: 'true: the ones you starred; false: the others' })),
  archived: Type.Optional(Type.String({ description: 'true: include archived; only: archived only' })),
});

export const TemplateGetQuery = Type.Object({
  with: Type.Optional(Type.String({ description: 'steps, tags, folder' })),
  version: Type.Optional(Type.Integer({ minimum: 1, description: 'An older version of the template' })),
  archived: Type.Optional(Type.String({ description: 'true: an archived template is found too' })),
});

export const WithQuery = Type.Object({ with: Type.Optional(Type.String()) });

export const StepBody = Type.Object(
  {
    title: Type.Optional(Type.String({ description: 'Required, except in a body of only position' })),
    summary: Text('HTML description'),
    step_type: Type.Optional(
      Type.String({ description: 'task | approval | expiring | email | expiring_email' }),
    ),
    position: Type.Optional(Type.Integer({ description: '1..n' })),
    deadline: Type.Optional(Nullable(AnyObject)),
    start_date: Type.Optional(Nullable(AnyObject)),
    assignees: Type.Optional(Type.Array(Type.Integer(), { description: 'Member ids; replaces the list' })),
    guests: Type.Optional(Type.Array(Type.String(), { description: 'Guest e-mails; replaces the list' })),
    groups: Type.Optional(Type.Array(Type.String(), { description: 'Group ids; replaces the list' })),
    assign_run_starter: Flag('Assign the launcher when no one else is'),
    can_complete_only_assignees: Flag('Only assignees may complete'),
    everyone_must_complete: Flag('Each assignee completes their share'),
    allow_guest_owners: Flag('Guests may be assigned'),
    prevent_guest_comment: Flag('Guests may not comment'),
    skip_start_process: Flag('Hidden until a rule or a person shows it'),
    webhook: Text('URL called when tasks of this step complete'),
    captures: Type.Optional(Type.Array(AnyObject)),
  },
  { additionalProperties: true },
);

export const FieldBody = Type.Object(
  {
    label: Type.Optional(Type.String()),
    field_type: Type.Optional(Type.String()),
    guidance: Text('Help text'),
    required: Flag('A value is needed to complete'),
    position: Type.Optional(Type.Integer()),
    options: Type.Optional(Type.Array(Type.Unknown(), { description: '[{id, text}] for choice fields' })),
    columns: Type.Optional(Type.Array(Type.Unknown(), { description: '[{id, label}] for tables' })),
    default_value: Type.Optional(Type.Unknown()),
    default_value_enabled: Flag('Use default_value'),
    field_validation: Type.Optional(Type.Array(Type.String())),
  },
  { additionalProperties: true },
);

export const ReorderFieldBody = Type.Object({ capture_id: Type.String(), position: Type.Integer() });
export const MoveFieldBody = Type.Object({
  target_step_id: Type.String(),
  position: Type.Optional(Type.Integer()),
});
export const CloneBody = Type.Object(
  { title: Type.Optional(Type.String()), tenant: Type.Optional(Type.String()) },
  { additionalProperties: true },
);
export const ImportBody = Type.Object({}, { additionalProperties: true, description: 'An export document' });
export const TitlesQuery = Type.Object({
  q: Type.Optional(Type.String()),
  with: Type.Optional(Type.String()),
});
