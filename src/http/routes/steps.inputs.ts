/**
 * Step bodies (wire) → typed inputs of the step services. The same reader serves the steps of
 * a template document. `task_type` is the older spelling of `step_type`; keys of the spec's
 * Step that Flowlane does not keep (`checklist_id`, `created_at`, …) are ignored.
 */
import { isDurationValue, normalizeDurationUnit, START_RUN } from '../../domain/deadlines.js';
import type { FieldErrorCollector } from '../../domain/errors.js';
import {
  DURATION_UNITS,
  STEP_TYPES,
  type StepDeadline,
  type StepStartDate,
  type StepType,
} from '../../domain/templates/definition.js';
import { STEP_SETTING_KEYS } from '../../domain/templates/template.js';
import { STEP_SUMMARY_MAX, STEP_TITLE_MAX } from '../../services/templates/step-input.js';
import type {
  CreateStepInput,
  StepFlagsInput,
  StepInput,
  UpdateStepInput,
} from '../../services/templates/template-inputs.js';
import {
  asObject,
  objectsOf,
  pickKeys,
  type Reader,
  readBool,
  readDocument,
  readEmails,
  readGroupIds,
  readInt,
  readText,
  readUserIds,
  sent,
  stringOf,
  type WireObject,
} from '../wire-readers.js';
import { fieldInputOf } from './form-fields.inputs.js';

function stepTypeOf(r: Reader): StepType | undefined {
  const value = r.raw.step_type ?? r.raw.task_type;
  if (value === undefined || value === null) return undefined;
  if (STEP_TYPES.includes(value as StepType)) return value as StepType;
  r.errors.add(`${r.prefix}step_type`, `The step_type must be one of ${STEP_TYPES.join(', ')}.`);
  return undefined;
}

const numeric = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? Number(v) : v);

/** `{value, unit, option, step}` as given (units normalized); null clears; checked with the template. */
function deadlineOf(r: Reader): StepDeadline | null | undefined {
  if (!sent(r, 'deadline')) return undefined;
  if (r.raw.deadline === null) return null;
  const d = asObject(r.raw.deadline);
  if (!d) {
    r.errors.add(`${r.prefix}deadline`, 'The deadline must be an object with value, unit, option and step.');
    return undefined;
  }
  return {
    value: numeric(d.value) as number,
    unit: normalizeDurationUnit(d.unit) ?? (d.unit as StepDeadline['unit']),
    option: (d.option ?? 'from') as StepDeadline['option'],
    step: (d.step ?? START_RUN) as string,
  };
}

function startDateOf(r: Reader): StepStartDate | null | undefined {
  if (!sent(r, 'start_date')) return undefined;
  if (r.raw.start_date === null) return null;
  const d = asObject(r.raw.start_date);
  const unit = normalizeDurationUnit(d?.unit);
  const value = numeric(d?.value);
  if (!d || !unit || !isDurationValue(value, unit)) {
    r.errors.add(
      `${r.prefix}start_date`,
      `The start date needs a whole-number value (at most 100 years) and a unit (${DURATION_UNITS.join(', ')}).`,
    );
    return undefined;
  }
  return { value, unit };
}

function stepSettingsOf(r: Reader): Record<string, unknown> {
  const settings = pickKeys(r.raw, STEP_SETTING_KEYS);
  const { roles, bp_to_launch: launch } = settings;
  if (roles !== undefined && (!Array.isArray(roles) || roles.some((x) => typeof x !== 'string'))) {
    r.errors.add(`${r.prefix}roles`, 'The roles must be a list of job-title ids.');
  } else if (Array.isArray(roles)) {
    // Job-title ids, as the other ids: lowercased, each once (checked against the organization later).
    settings.roles = [...new Set(roles.map((x: string) => x.trim().toLowerCase()))];
  }
  if (launch !== undefined && launch !== null && !asObject(launch)) {
    r.errors.add(`${r.prefix}bp_to_launch`, 'The bp_to_launch must be an object with the template id.');
  }
  return settings;
}

function flagsOf(r: Reader): StepFlagsInput {
  return {
    assignRunStarter: readBool(r, 'assign_run_starter'),
    canCompleteOnlyAssignees: readBool(r, 'can_complete_only_assignees'),
    everyoneMustComplete: readBool(r, 'everyone_must_complete'),
    allowGuestOwners: readBool(r, 'allow_guest_owners'),
    preventGuestComment: readBool(r, 'prevent_guest_comment'),
    skipStartProcess: readBool(r, 'skip_start_process'),
    isSoftStartDate: readBool(r, 'is_soft_start_date'),
    topSecret: readBool(r, 'top_secret'),
  };
}

export interface StepReadOptions {
  /** A new step needs a title; an update needs one unless it only moves the step. */
  titleRequired: boolean;
  /** Where its form fields are: `captures`, and in documents also `form_fields`. */
  fieldKeys: readonly string[];
}

/** One step of a document (with its form fields); problems go to `errors` under `prefix`. */
export function stepInputOf(
  raw: WireObject,
  prefix: string,
  errors: FieldErrorCollector,
  options: StepReadOptions,
): StepInput {
  const r: Reader = { raw, prefix, errors };
  const required = options.titleRequired || sent(r, 'title');
  const fieldsKey = options.fieldKeys.find((key) => raw[key] !== undefined && raw[key] !== null);
  return {
    id: stringOf(raw, 'id'),
    alias: stringOf(raw, 'alias'),
    title: readText(r, 'title', { max: STEP_TITLE_MAX, required }),
    summary: readText(r, 'summary', { max: STEP_SUMMARY_MAX }),
    stepType: stepTypeOf(r),
    position: readInt(r, 'position', { min: 1 }),
    deadline: deadlineOf(r),
    startDate: startDateOf(r),
    assignees: readUserIds(r, 'assignees'),
    guests: readEmails(r, 'guests'),
    groups: readGroupIds(r, 'groups'),
    flags: flagsOf(r),
    maxAssignable: readInt(r, 'max_assignable', { min: 0, max: 10_000 }),
    webhook: readText(r, 'webhook', { max: 2000 }),
    settings: stepSettingsOf(r),
    fields: objectsOf(fieldsKey ? raw[fieldsKey] : undefined).map((field, i) =>
      fieldInputOf(field, `${prefix}captures.${i}.`, errors),
    ),
  };
}

const STEP_BODY = { titleRequired: true, fieldKeys: ['captures'] } as const;

export function createStepInputOf(body: WireObject): CreateStepInput {
  return readDocument((errors) => ({ step: stepInputOf(body, '', errors, STEP_BODY) }));
}

/** A body of only `position` moves the step and changes nothing else (the range is checked with the template). */
export function updateStepInputOf(body: WireObject & { position?: number | undefined }): UpdateStepInput {
  if (Object.keys(body).length === 1 && body.position !== undefined) {
    return { position: body.position, fields: [], shapeErrors: {} };
  }
  return readDocument((errors) => {
    const step = stepInputOf(body, '', errors, STEP_BODY);
    return { step, position: step.position, fields: step.fields };
  });
}
