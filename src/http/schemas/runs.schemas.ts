/** Request schemas of the process (run) routes; routes/runs.inputs.ts maps them to service inputs. */
import { Type } from 'typebox';
import { AnyObject, ListQueryProperties, Nullable } from './common.js';

const TaskOverride = Type.Object(
  {
    owners: Type.Optional(
      Type.Object({
        users: Type.Optional(Type.Array(Type.Unknown())),
        guests: Type.Optional(Type.Array(Type.Unknown())),
        groups: Type.Optional(Type.Array(Type.Unknown())),
        roles: Type.Optional(Type.Array(Type.Unknown())),
      }),
    ),
    deadline: Type.Optional(Type.String()),
    position: Type.Optional(Type.Integer({ minimum: 1 })),
    max_assignable: Type.Optional(Type.Integer({ minimum: 0 })),
  },
  { additionalProperties: true },
);

/** `prerun` is an object keyed by field id; the spec's example also shows a list of such objects. */
export const Prerun = Type.Union([AnyObject, Type.Array(AnyObject)]);

export const LaunchBody = Type.Object(
  {
    checklist_id: Type.String({ minLength: 1 }),
    version: Type.Optional(Type.Integer({ minimum: 1 })),
    name: Type.Optional(Type.String({ maxLength: 550 })),
    summary: Type.Optional(Nullable(Type.String())),
    owner_id: Type.Optional(Type.Integer({ minimum: 1 })),
    prerun: Type.Optional(Prerun),
    tasks: Type.Optional(Type.Record(Type.String(), TaskOverride)),
    tags: Type.Optional(Type.Array(Type.String())),
    users: Type.Optional(Type.Array(Type.Integer())),
    groups: Type.Optional(Type.Array(Type.String())),
    folders: Type.Optional(Type.Array(Type.String())),
    roles: Type.Optional(
      Type.Record(
        Type.String({ maxLength: 64 }),
        Type.Object({
          users: Type.Optional(Type.Array(Type.Unknown(), { maxItems: 500 })),
          guests: Type.Optional(Type.Array(Type.Unknown(), { maxItems: 500 })),
          groups: Type.Optional(Type.Array(Type.Unknown(), { maxItems: 500 })),
        }),
        { description: 'Who fills each job title (by id) of the steps in this process' },
      ),
    ),
    starred: Type.Optional(Type.Boolean()),
    is_public: Type.Optional(Type.Boolean()),
    parent_id: Type.Optional(Type.String()),
  },
  { additionalProperties: true },
);

export const ProcessListQuery = Type.Object({
  ...ListQueryProperties,
  status: Type.Optional(
    Type.String({ description: 'active, problem, complete, archived, delayed, starred (comma: any of)' }),
  ),
  archived: Type.Optional(Type.String({ description: 'true (include archived) or only' })),
  checklist_id: Type.Optional(Type.String()),
  blueprint_id: Type.Optional(Type.String()),
  owners: Type.Optional(Type.String({ description: 'Member ids: owner, launcher or task assignee' })),
  groups: Type.Optional(Type.String()),
  tag: Type.Optional(Type.String()),
  tag_ids: Type.Optional(Type.String()),
  folder: Type.Optional(Type.String()),
  entire_folder_tree: Type.Optional(Type.Boolean({ description: 'With folder: its sub-folders too' })),
  untagged: Type.Optional(Type.Boolean()),
  starred: Type.Optional(Type.Boolean()),
  type: Type.Optional(Type.String()),
});

export const UpdateProcessBody = Type.Object(
  {
    name: Type.Optional(Type.String({ maxLength: 550 })),
    summary: Type.Optional(Nullable(Type.String())),
    owner_id: Type.Optional(Type.Integer({ minimum: 1 })),
    starred: Type.Optional(Type.Boolean()),
    is_public: Type.Optional(Type.Boolean()),
    users: Type.Optional(Type.Array(Type.Integer({ minimum: 1 }))),
    groups: Type.Optional(Type.Array(Type.String())),
    tags: Type.Optional(Type.Array(Type.String())),
    folders: Type.Optional(Type.Array(Type.String())),
    prerun: Type.Optional(Prerun),
  },
  { additionalProperties: true },
);
