/** Wire shapes of the tag routes. */
import { Type } from 'typebox';
import { TAG_SORTS } from '../../db/repositories/tags-repository.js';
import { TAG_TITLE_MAX } from '../../domain/tags.js';
import { ListQueryProperties } from '../schemas/common.js';

export const TagParams = Type.Object({
  org: Type.String({ description: 'Organization id' }),
  tag_id: Type.String({ maxLength: 64, description: 'Tag id (32 hex)' }),
});

export const TagLinkParams = Type.Object({
  org: Type.String({ description: 'Organization id' }),
  id: Type.Integer({ minimum: 1, maximum: 2_147_483_647, description: 'Id of the tag on the object' }),
});

export const TagBody = Type.Object(
  {
    title: Type.String({ maxLength: TAG_TITLE_MAX * 4, description: `At most ${TAG_TITLE_MAX} characters` }),
    color: Type.Optional(Type.String({ maxLength: 7, description: '#rrggbb' })),
  },
  { additionalProperties: true },
);

const sorts = TAG_SORTS.flatMap((s) => [s, `-${s}`]);

export const TagListQuery = Type.Object({
  ...ListQueryProperties,
  sort: Type.Optional(Type.String({ enum: sorts, description: 'title, color or a statistic; - descends' })),
  strict: Type.Optional(Type.Boolean({ description: 'With q: the title equals q' })),
  auto_generated: Type.Optional(Type.Boolean()),
  status: Type.Optional(Type.String({ maxLength: 32 })),
  all: Type.Optional(Type.Boolean()),
});

export const TagWithQuery = Type.Object({
  with: Type.Optional(Type.String({ maxLength: 200, description: 'statistics' })),
});

export const AttachTagBody = Type.Object(
  {
    tag_id: Type.String({ maxLength: 64 }),
    subject_type: Type.String({ maxLength: 32, description: 'Checklist | Run | Step | Task' }),
    subject_id: Type.String({ maxLength: 64 }),
    tag_type: Type.Optional(Type.String({ maxLength: 32 })),
  },
  { additionalProperties: true },
);
