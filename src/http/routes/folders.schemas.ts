/** Wire shapes of the folder routes. */
import { Type } from 'typebox';
import { FOLDER_NAME_MAX } from '../../domain/folders.js';
import { FOLDER_SORTS } from '../../services/folders/folders.js';
import { ListQueryProperties } from '../schemas/common.js';

export const FolderParams = Type.Object({
  org: Type.String({ description: 'Organization id' }),
  id: Type.String({ maxLength: 64, description: 'Folder id (32 hex)' }),
});

export const FolderObjectParams = Type.Object({
  org: Type.String({ description: 'Organization id' }),
  id: Type.Integer({ minimum: 1, maximum: 2_147_483_647, description: 'Id add-object answered' }),
});

/** `position` arrives as a string in the spec's examples; both forms are accepted. */
const Position = Type.Union([
  Type.Integer({ minimum: 0, maximum: 1_000_000 }),
  Type.String({ pattern: '^[0-9]{1,7}$' }),
]);

export const FolderBody = Type.Object(
  {
    name: Type.Optional(Type.String({ maxLength: FOLDER_NAME_MAX * 4 })),
    folder_type: Type.Optional(
      Type.String({ maxLength: 32, description: 'checklist | run (fixed at creation)' }),
    ),
    parent_id: Type.Optional(Type.Union([Type.String({ maxLength: 64 }), Type.Null()])),
    position: Type.Optional(Position),
  },
  { additionalProperties: true },
);

export const CreateFolderBody = Type.Object(
  { ...FolderBody.properties, name: Type.String({ maxLength: FOLDER_NAME_MAX * 4 }) },
  { additionalProperties: true },
);

const sorts = FOLDER_SORTS.flatMap((s) => [s, `-${s}`]);

export const FolderListQuery = Type.Object({
  ...ListQueryProperties,
  folder_type: Type.Optional(Type.String({ maxLength: 32, description: 'checklist (default) | run' })),
  parent_id: Type.Optional(Type.String({ maxLength: 64, description: 'Children of this folder' })),
  pagination: Type.Optional(Type.Boolean({ description: 'false: every folder in one page' })),
  sort: Type.Optional(Type.String({ enum: sorts, description: 'title, updated, position or popular' })),
});

export const FolderWithQuery = Type.Object({
  with: Type.Optional(Type.String({ maxLength: 200, description: 'children, child, parent' })),
});

export const AddObjectBody = Type.Object(
  {
    folder_id: Type.String({ maxLength: 64 }),
    subject_id: Type.String({ maxLength: 64 }),
    subject_type: Type.String({ maxLength: 32, description: 'Run | Task' }),
  },
  { additionalProperties: true },
);
