/** Wire shapes of the snippet (text template) routes. */
import { Type } from 'typebox';
import { SNIPPET_SORTS } from '../../db/repositories/snippets-repository.js';
import { SNIPPET_CONTENT_MAX, SNIPPET_LINK_TYPE_MAX, SNIPPET_TITLE_MAX } from '../../domain/snippets.js';
import { ListQueryProperties, OrgParams } from '../schemas/common.js';

const Id = Type.Integer({ minimum: 1, maximum: 2_147_483_647, description: 'Text template id' });

export const SnippetParams = Type.Object({ ...OrgParams.properties, id: Id });

export const SnippetUserParams = Type.Object({
  ...OrgParams.properties,
  user_id: Type.Integer({ minimum: 1, maximum: 2_147_483_647, description: 'Member id' }),
  text_template_id: Id,
});

export const SnippetGuestParams = Type.Object({
  ...OrgParams.properties,
  guest_id: Type.Integer({ minimum: 1, maximum: 2_147_483_647, description: 'Guest id' }),
  text_template_id: Id,
});

export const GuestSnippetParams = Type.Object({
  ...OrgParams.properties,
  guest_code: Type.String({ description: "The guest's secret code" }),
  id: Id,
});

/** The spec's textTemplateInput; `is_public` shows it through the public library route. */
export const SnippetBody = Type.Object(
  {
    title: Type.Optional(
      Type.String({
        maxLength: SNIPPET_TITLE_MAX * 4,
        description: `At most ${SNIPPET_TITLE_MAX} characters`,
      }),
    ),
    template: Type.Optional(
      Type.String({
        maxLength: SNIPPET_CONTENT_MAX,
        description: 'The content a {{snippet:ID}} reference shows',
      }),
    ),
    is_public: Type.Optional(Type.Boolean({ description: 'Visible in public templates (no token needed)' })),
  },
  { additionalProperties: true },
);

const sorts = SNIPPET_SORTS.flatMap((s) => [s, `-${s}`]);

export const SnippetListQuery = Type.Object({
  ...ListQueryProperties,
  q: Type.Optional(Type.String({ maxLength: 200, description: 'Part of the title' })),
  sort: Type.Optional(
    Type.String({ enum: sorts, description: 'title, created_at or updated_at; - descends' }),
  ),
});

export const SnippetWithQuery = Type.Object({
  with: Type.Optional(Type.String({ maxLength: 200, description: 'textTemplateUser, textTemplateGuests' })),
});

export const SnippetExistenceBody = Type.Object(
  { ids: Type.Array(Id, { maxItems: 100 }) },
  { additionalProperties: true },
);

const LinkType = Type.String({ maxLength: SNIPPET_LINK_TYPE_MAX * 4, description: "The mark's type" });

export const SnippetUserBody = Type.Object({ type: LinkType }, { additionalProperties: true });
export const SnippetUserDeleteQuery = Type.Object({ type: LinkType });
