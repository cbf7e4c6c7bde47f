/**
 * Saved views, wire → input. A view's criteria are query parameters of the list it belongs
 * to, so each criterion is checked against that list's own query schema: its field must be
 * a filter the list accepts (paging and `with` are not filters) and its value must fit the
 * parameter's type. Anything else is refused, naming the criterion.
 */
import type { TSchema } from 'typebox';
import { FieldErrorCollector } from '../../domain/errors.js';
import { INT4_MAX, INT4_MIN } from '../../domain/limits.js';
import type {
  CriterionValue,
  SavedViewInput,
  ViewCriterion,
  ViewFilterType,
  ViewListKind,
} from '../../domain/saved-views.js';
import { ProcessListQuery } from '../schemas/runs.schemas.js';
import { TemplateListQuery } from '../schemas/templates.schemas.js';

/** How a list is asked for a page, not what it is filtered by. */
const NOT_FILTERS = new Set(['page', 'per_page', 'limit', 'without_pagination', 'with']);

/** Wire names of template-view criteria that are another name of a list parameter. */
const TEMPLATE_SYNONYMS: Readonly<Record<string, string>> = { manual: 'q' };

const LIST_QUERIES: Record<ViewListKind, { properties: Record<string, TSchema> }> = {
  process: ProcessListQuery as unknown as { properties: Record<string, TSchema> },
  template: TemplateListQuery as unknown as { properties: Record<string, TSchema> },
};

/** The filters a view of this list may save: the list's query parameters (and their synonyms). */
export function viewFiltersOf(kind: ViewListKind): string[] {
  const own = Object.keys(LIST_QUERIES[kind].properties).filter((k) => !NOT_FILTERS.has(k));
  return kind === 'template' ? [...own, ...Object.keys(TEMPLATE_SYNONYMS)] : own;
}

export interface CriterionWire {
  field: string;
  value: unknown;
  label?: string | undefined;
  task?: string | undefined;
}

export interface ViewWire {
  name?: string | undefined;
  filter_type?: string | undefined;
  is_active?: number | boolean | undefined;
  is_org_level?: boolean | undefined;
  criteria?: CriterionWire[] | undefined;
}

const BOOLEAN_WORDS = new Set(['true', 'false', '1', '0']);

/** Whether one scalar fits the parameter's schema type (as the query string would carry it). */
function fitsType(schema: TSchema, value: string | number | boolean): boolean {
  const s = schema as { type?: string; maxLength?: number; minimum?: number; maximum?: number };
  switch (s.type) {
    case 'boolean':
      return typeof value === 'boolean' || BOOLEAN_WORDS.has(String(value));
    case 'integer': {
      const n = typeof value === 'number' ? value : Number(value);
      return Number.isInteger(n) && n >= (s.minimum ?? INT4_MIN) && n <= (s.maximum ?? INT4_MAX);
    }
    default:
      return typeof value !== 'boolean' && String(value).length <= (s.maxLength ?? 2000);
  }
}

/** A list value is sent comma-separated, so only string parameters take one. */
function fitsParameter(schema: TSchema, value: CriterionValue): boolean {
  if (!Array.isArray(value)) return fitsType(schema, value);
  const s = schema as { type?: string };
  return s.type === 'string' && value.every((v) => !String(v).includes(',') && fitsType(schema, v));
}

const MAX_VALUE_ITEMS = 100;
const MAX_ITEM_LENGTH = 200;

const isScalar = (v: unknown): v is string | number | boolean =>
  typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));

/** The value as a criterion holds it: a scalar, or a bounded list of strings and numbers. */
function criterionValueOf(raw: unknown): CriterionValue | undefined {
  if (isScalar(raw)) return raw;
  if (!Array.isArray(raw) || raw.length > MAX_VALUE_ITEMS) return undefined;
  const items = raw.filter(
    (v): v is string | number =>
      (typeof v === 'string' && v.length <= MAX_ITEM_LENGTH) || (typeof v === 'number' && Number.isFinite(v)),
  );
  return items.length === raw.length ? items : undefined;
}

interface Refusals {
  unknown: FieldErrorCollector;
  invalid: FieldErrorCollector;
}

function criterionOf(kind: ViewListKind, raw: CriterionWire, at: string, refusals: Refusals) {
  const field = raw.field.trim();
  const parameter = kind === 'template' ? (TEMPLATE_SYNONYMS[field] ?? field) : field;
  const schema = viewFiltersOf(kind).includes(field) ? LIST_QUERIES[kind].properties[parameter] : undefined;
  if (!schema) {
    refusals.unknown.add(
      `${at}.field`,
      `The ${kind} list has no filter ${field}; one of: ${viewFiltersOf(kind).join(', ')}.`,
    );
    return undefined;
  }
  const value = criterionValueOf(raw.value);
  if (value === undefined || !fitsParameter(schema, value)) {
    refusals.invalid.add(`${at}.value`, `The value does not fit the ${field} filter.`);
    return undefined;
  }
  const criterion: ViewCriterion = { field, value };
  if (raw.label !== undefined) criterion.label = raw.label;
  if (raw.task !== undefined) criterion.task = raw.task;
  return criterion;
}

/**
 * The typed input of a view's create or update. Unknown filters answer 422
 * UNKNOWN_VIEW_FILTER; values that do not fit their filter 422 INVALID_VIEW_FILTER.
 */
export function savedViewInputOf(body: ViewWire, kind: ViewListKind, creating: boolean): SavedViewInput {
  const shape = new FieldErrorCollector();
  const name = body.name?.trim();
  if (name !== undefined && name.length === 0) shape.add('name', 'The name may not be empty.');
  if (creating && name === undefined) shape.add('name', 'The name field is required.');
  shape.throwIfAny('VALIDATION_FAILED');
  const refusals: Refusals = { unknown: new FieldErrorCollector(), invalid: new FieldErrorCollector() };
  const criteria: ViewCriterion[] = [];
  (body.criteria ?? []).forEach((raw, index) => {
    const criterion = criterionOf(kind, raw, `criteria.${index}`, refusals);
    if (criterion) criteria.push(criterion);
  });
  refusals.unknown.throwIfAny('UNKNOWN_VIEW_FILTER');
  refusals.invalid.throwIfAny('INVALID_VIEW_FILTER');
  const input: SavedViewInput = {};
  if (name !== undefined) input.name = name;
  if (body.filter_type !== undefined) input.filterType = body.filter_type as ViewFilterType;
  if (body.is_active !== undefined) input.isActive = body.is_active === true || body.is_active === 1;
  if (body.is_org_level !== undefined) input.isOrgLevel = body.is_org_level;
  if (body.criteria !== undefined) input.criteria = criteria;
  return input;
}
