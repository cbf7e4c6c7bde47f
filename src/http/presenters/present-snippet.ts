/** Snippets → the spec's textTemplate, UpdatedTextTemplateUser and UpdatedTextTemplateGuest shapes. */
import { Type } from 'typebox';
import type { Snippet, SnippetGuestLink, SnippetUserLink } from '../../domain/snippets.js';
import { IsoDate, Nullable } from '../schemas/common.js';

export const SnippetUserLinkSchema = Type.Object(
  {
    id: Type.Integer(),
    organization_id: Type.String(),
    text_template_id: Type.Integer(),
    user_id: Type.Integer(),
    type: Type.String(),
    created_at: IsoDate,
    updated_at: IsoDate,
    deleted_at: Nullable(IsoDate),
  },
  { additionalProperties: false },
);

export const SnippetGuestLinkSchema = Type.Object(
  {
    id: Type.Integer(),
    organization_id: Type.String(),
    text_template_id: Type.Integer(),
    guest_id: Type.Integer(),
    created_at: IsoDate,
    updated_at: IsoDate,
    deleted_at: Nullable(IsoDate),
  },
  { additionalProperties: false },
);

/** The spec's textTemplate: `template` is the content; the links only with `with=`. */
export const SnippetSchema = Type.Object(
  {
    id: Type.Integer(),
    organization_id: Type.String(),
    title: Type.String(),
    template: Type.String(),
    is_public: Type.Boolean(),
    created_by: Nullable(Type.Integer()),
    created_at: IsoDate,
    updated_at: IsoDate,
    textTemplateUser: Type.Optional(Type.Object({ data: Type.Array(SnippetUserLinkSchema) })),
    textTemplateGuests: Type.Optional(Type.Object({ data: Type.Array(SnippetGuestLinkSchema) })),
  },
  { additionalProperties: false },
);

export function presentSnippet(
  snippet: Snippet,
  links: {
    users?: readonly SnippetUserLink[] | undefined;
    guests?: readonly SnippetGuestLink[] | undefined;
  } = {},
) {
  return {
    id: snippet.id,
    organization_id: snippet.organizationId,
    title: snippet.title,
    template: snippet.content,
    is_public: snippet.isPublic,
    created_by: snippet.createdBy,
    created_at: snippet.createdAt,
    updated_at: snippet.updatedAt,
    ...(links.users ? { textTemplateUser: { data: links.users.map(presentSnippetUserLink) } } : {}),
    ...(links.guests ? { textTemplateGuests: { data: links.guests.map(presentSnippetGuestLink) } } : {}),
  };
}

export function presentSnippetUserLink(link: SnippetUserLink) {
  return {
    id: link.id,
    organization_id: link.organizationId,
    text_template_id: link.snippetId,
    user_id: link.userId,
    type: link.type,
    created_at: link.createdAt,
    updated_at: link.updatedAt,
    deleted_at: null,
  };
}

export function presentSnippetGuestLink(link: SnippetGuestLink) {
  return {
    id: link.id,
    organization_id: link.organizationId,
    text_template_id: link.snippetId,
    guest_id: link.guestId,
    created_at: link.createdAt,
    updated_at: link.updatedAt,
    deleted_at: null,
  };
}
