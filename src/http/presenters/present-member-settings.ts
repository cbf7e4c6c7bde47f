/** Saved views and preferences → Tallyfy JSON (RunView, UserChecklistView, Preference). */
import { type Static, Type } from 'typebox';
import type { Preference } from '../../domain/preferences.js';
import type { SavedView } from '../../domain/saved-views.js';
import { IsoDate, Nullable } from '../schemas/common.js';

const CriterionValueSchema = Type.Union([
  Type.String(),
  Type.Number(),
  Type.Boolean(),
  Type.Array(Type.Union([Type.String(), Type.Number()])),
]);

export const CriterionSchema = Type.Object(
  {
    field: Type.String(),
    value: CriterionValueSchema,
    label: Type.Optional(Type.String()),
    task: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);

export const SavedViewSchema = Type.Object(
  {
    id: Type.Integer(),
    name: Type.String(),
    filter_type: Type.String({ description: 'all | any' }),
    is_active: Type.Integer({ description: '1 or 0' }),
    is_org_level: Type.Boolean(),
    criteria: Type.Array(CriterionSchema),
    created_at: IsoDate,
    last_updated: IsoDate,
  },
  { additionalProperties: false },
);

export function presentSavedView(view: SavedView): Static<typeof SavedViewSchema> {
  return {
    id: view.id,
    name: view.name,
    filter_type: view.filterType,
    is_active: view.isActive ? 1 : 0,
    is_org_level: view.isOrgLevel,
    criteria: view.criteria.map((c) => ({ ...c })),
    created_at: view.createdAt,
    last_updated: view.updatedAt,
  };
}

export const PreferenceSchema = Type.Object(
  {
    slug: Type.String(),
    value: Type.String(),
    metadata: Nullable(Type.Object({}, { additionalProperties: true })),
    last_updated: IsoDate,
  },
  { additionalProperties: false },
);

export function presentPreference(p: Preference): Static<typeof PreferenceSchema> {
  return { slug: p.slug, value: p.value, metadata: p.metadata, last_updated: p.updatedAt };
}
