/**
 * Template bodies and documents (wire) → typed inputs of the template services: create,
 * checklists-with-steps, update, import and clone. The request schemas describe the top-level
 * keys; the nested documents (kick-off fields, steps, captures, rules) are read here with the
 * shared wire readers, and every shape problem is reported with its path
 * (`steps.0.captures.1.label`). Keys Tallyfy sends that Flowlane does not keep are ignored:
 * ids, timestamps and counters of exported documents (`created_at`, `last_updated`,
 * `steps_count`, …), `steps` and `automated_actions` on an update.
 */
import type { Static } from 'typebox';
import type { FieldErrorCollector } from '../../domain/errors.js';
import { isHexId } from '../../domain/ids.js';
import { TEMPLATE_TYPES } from '../../domain/templates/definition.js';
import { TEMPLATE_SETTING_KEYS, TEMPLATE_STATUSES } from '../../domain/templates/template.js';
import { TEMPLATE_TITLE_MAX } from '../../services/templates/template-input.js';
import type {
  RuleInput,
  TemplateDocumentInput,
  TemplateKeysInput,
  UpdateTemplateInput,
} from '../../services/templates/template-inputs.js';
import type { CloneInput } from '../../services/templates/template-transfer.js';
import type { CloneBody } from '../schemas/templates.schemas.js';
import {
  asList,
  asObject,
  objectsOf,
  pickKeys,
  type Reader,
  readBool,
  readDocument,
  readEnum,
  readGroupIds,
  readInt,
  readText,
  readUserIds,
  stringOf,
  type WireObject,
} from '../wire-readers.js';
import { fieldInputOf } from './form-fields.inputs.js';
import { stepInputOf } from './steps.inputs.js';

const BOOLEAN_SETTINGS = TEMPLATE_SETTING_KEYS.filter((k) =>
  /^(starred|is_|dual_|folderize|tag_process|allow_|folder_changeable)/.test(k),
);

function folderIdOf(r: Reader): string | null | undefined {
  if (!Object.hasOwn(r.raw, 'folder_id')) return undefined;
  const value = r.raw.folder_id;
  if (value === null || value === '') return null;
  if (typeof value !== 'string' || !isHexId(value.toLowerCase())) {
    r.errors.add(`${r.prefix}folder_id`, 'The folder_id must be a folder id.');
    return undefined;
  }
  return value.toLowerCase();
}

function templateSettingsOf(r: Reader): Record<string, unknown> {
  const settings = pickKeys(r.raw, TEMPLATE_SETTING_KEYS);
  for (const key of BOOLEAN_SETTINGS) {
    if (settings[key] !== undefined) settings[key] = readBool({ ...r, raw: settings }, key);
  }
  return settings;
}

/** The template's own keys; the title is required every time. */
function templateKeysOf(raw: WireObject, errors: FieldErrorCollector): TemplateKeysInput {
  const r: Reader = { raw, prefix: '', errors };
  return {
    title: readText(r, 'title', { max: TEMPLATE_TITLE_MAX, required: true }) ?? '',
    alias: stringOf(raw, 'alias'),
    type: readEnum(r, 'type', TEMPLATE_TYPES),
    summary: readText(r, 'summary', { max: 2000 }),
    guidance: readText(r, 'guidance', { max: 50_000 }),
    webhook: readText(r, 'webhook', { max: 2000 }),
    kickoffTitle: readText(r, 'kickoff_title', { max: 600 }),
    kickoffDescription: readText(r, 'kickoff_description', { max: 20_000 }),
    defaultProcessNameFormat: readText(r, 'default_process_name_format', { max: 550 }),
    autoNaming: readBool(r, 'auto_naming'),
    canAddOneOffTasks: readBool(r, 'can_add_oot'),
    settings: templateSettingsOf(r),
    status: readEnum(r, 'status', TEMPLATE_STATUSES),
    folderId: folderIdOf(r),
    ownerId: readInt(r, 'owner_id', { min: 1 }),
    users: readUserIds(r, 'users'),
    groups: readGroupIds(r, 'groups'),
  };
}

/** `alias` is the exported spelling of `automated_alias`; conditions and actions are checked with the template. */
const ruleInputOf = (raw: WireObject): RuleInput => ({
  alias: raw.automated_alias ?? raw.alias,
  conditions: raw.conditions,
  actions: raw.then_actions,
});

const DOCUMENT_STEP = { titleRequired: true, fieldKeys: ['captures', 'form_fields'] } as const;

function templateDocumentOf(
  raw: WireObject,
  errors: FieldErrorCollector,
): Omit<TemplateDocumentInput, 'shapeErrors'> {
  return {
    template: templateKeysOf(raw, errors),
    kickoffFields: objectsOf(raw.prerun).map((f, i) => fieldInputOf(f, `prerun.${i}.`, errors)),
    steps: objectsOf(raw.steps).map((s, i) => stepInputOf(s, `steps.${i}.`, errors, DOCUMENT_STEP)),
    rules: objectsOf(raw.automated_actions ?? raw.rules).map(ruleInputOf),
  };
}

/** A create body: the template with optional `prerun`, `steps` (with `captures`) and `automated_actions`. */
export function createTemplateInputOf(body: WireObject): TemplateDocumentInput {
  return readDocument((errors) => templateDocumentOf(body, errors));
}

/** An export document, as `{data: {…}}` or the template itself. */
export function importTemplateInputOf(body: object): TemplateDocumentInput {
  const raw = asObject(body) ?? {};
  return readDocument((errors) => templateDocumentOf(asObject(raw.data) ?? raw, errors));
}

/** An update: the template's keys, and `prerun` (when sent) as the whole kick-off form. */
export function updateTemplateInputOf(body: WireObject): UpdateTemplateInput {
  return readDocument((errors) => {
    const template = templateKeysOf(body, errors);
    if (body.prerun === undefined) return { template };
    const list = asList(body.prerun);
    if (!list) errors.add('prerun', 'The prerun must be a list of kick-off fields.');
    const kickoffFields = objectsOf(list).map((f, i) => fieldInputOf(f, `prerun.${i}.`, errors));
    return { template, kickoffFields: list ? kickoffFields : undefined };
  });
}

export function cloneTemplateInputOf(body: Static<typeof CloneBody> | undefined): CloneInput {
  return { title: body?.title, tenant: body?.tenant };
}
