/** Request schemas of saved views and preferences. */
import { Type } from 'typebox';
import { MAX_PREFERENCE_SLUG, MAX_PREFERENCE_VALUE, PREFERENCE_SLUG } from '../../domain/preferences.js';
import { MAX_CRITERIA, MAX_VIEW_NAME } from '../../domain/saved-views.js';

const Criterion = Type.Object(
  {
    field: Type.String({ minLength: 1, maxLength: 64, description: "A filter of the list's query" }),
    // Checked by the input mapper against the filter it names: the validator's type
    // coercion would turn "x" into ["x"] (or [x] into x) under a union of both shapes.
    value: Type.Unknown({ description: 'A string, number, boolean or a list of strings or ids' }),
    label: Type.Optional(Type.String({ maxLength: 255 })),
    task: Type.Optional(Type.String({ maxLength: 64 })),
  },
  { additionalProperties: true },
);

const viewBody = (description: string) =>
  Type.Object(
    {
      name: Type.Optional(Type.String({ maxLength: MAX_VIEW_NAME, description: 'Required when creating' })),
      filter_type: Type.Optional(Type.Union([Type.Literal('all'), Type.Literal('any')])),
      is_active: Type.Optional(Type.Union([Type.Integer({ minimum: 0, maximum: 1 }), Type.Boolean()])),
      is_org_level: Type.Optional(
        Type.Boolean({ description: 'Kept and answered; a view is still only its author’s' }),
      ),
      criteria: Type.Optional(Type.Array(Criterion, { maxItems: MAX_CRITERIA, description })),
    },
    { additionalProperties: true },
  );

export const ProcessViewBody = viewBody(
  'Filters of the process list (GET /runs): status, owners, checklist_id, tag, folder, …',
);
export const TemplateViewBody = viewBody(
  'Filters of the template list (GET /checklists): status, type, folder, tag_ids, starred, q (or manual), …',
);

export const ViewParams = Type.Object({
  org: Type.String(),
  id: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }),
});

export const PreferenceBody = Type.Object(
  {
    slug: Type.String({
      minLength: 1,
      maxLength: MAX_PREFERENCE_SLUG,
      pattern: PREFERENCE_SLUG,
      description: 'Any key of lowercase letters, digits, _ - . (at most 200 per member)',
    }),
    value: Type.Union([Type.String({ maxLength: MAX_PREFERENCE_VALUE }), Type.Number(), Type.Boolean()], {
      description: 'Kept as text',
    }),
    metadata: Type.Optional(Type.Union([Type.Object({}, { additionalProperties: true }), Type.Null()])),
  },
  { additionalProperties: true },
);
