import type { ColumnDefinitionBuilder } from 'kysely';
import type { AnyKysely, SqlDialect } from '../dialect.js';
import { booleanDefault, booleanType, jsonType, timestampType } from '../dialect.js';

/** Column types and boolean defaults of the dialect. */
interface Types {
  ts: 'timestamptz' | 'text';
  json: 'jsonb' | 'text';
  bool: 'boolean' | 'integer';
  no: boolean | number;
  yes: boolean | number;
}

const org = (c: ColumnDefinitionBuilder) => c.notNull().references('organizations.id').onDelete('cascade');

/** Templates, their steps, form and kick-off fields, rules, and frozen versions. */
export async function up(db: AnyKysely, dialect: SqlDialect): Promise<void> {
  const types: Types = {
    ts: timestampType(dialect),
    json: jsonType(dialect),
    bool: booleanType(dialect),
    no: booleanDefault(dialect, false),
    yes: booleanDefault(dialect, true),
  };
  await createTemplates(db, types);
  await createSteps(db, types);
  await createFields(db, types);
  await createVersions(db, types);
  await createRules(db, types);
}

/** The current, editable templates. */
async function createTemplates(db: AnyKysely, { ts, json, bool, no, yes }: Types): Promise<void> {
  await db.schema
    .createTable('templates')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', org)
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('alias', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('summary', 'text')
    .addColumn('guidance', 'text')
    .addColumn('webhook', 'text')
    .addColumn('kickoff_title', 'text')
    .addColumn('kickoff_description', 'text')
    .addColumn('default_process_name_format', 'text')
    .addColumn('auto_naming', bool, (c) => c.notNull().defaultTo(no))
    .addColumn('can_add_oot', bool, (c) => c.notNull().defaultTo(yes))
    .addColumn('settings', json, (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('folder_id', 'text')
    .addColumn('owner_id', 'integer')
    .addColumn('created_by', 'integer')
    .addColumn('last_updated_by', 'integer')
    .addColumn('users', json, (c) => c.notNull())
    .addColumn('groups', json, (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('published_version', 'integer')
    .addColumn('archived_at', ts)
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('last_updated', ts, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('templates_org_idx')
    .on('templates')
    .columns(['organization_id', 'archived_at', 'last_updated'])
    .execute();
}

/** Steps, by position within their template. */
async function createSteps(db: AnyKysely, { ts, json, bool, no, yes }: Types): Promise<void> {
  await db.schema
    .createTable('template_steps')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', org)
    .addColumn('template_id', 'text', (c) => c.notNull().references('templates.id').onDelete('cascade'))
    .addColumn('alias', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('summary', 'text')
    .addColumn('step_type', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('deadline', json)
    .addColumn('start_date', json)
    .addColumn('assignees', json, (c) => c.notNull())
    .addColumn('guests', json, (c) => c.notNull())
    .addColumn('groups', json, (c) => c.notNull())
    .addColumn('assign_run_starter', bool, (c) => c.notNull().defaultTo(yes))
    .addColumn('can_complete_only_assignees', bool, (c) => c.notNull().defaultTo(no))
    .addColumn('everyone_must_complete', bool, (c) => c.notNull().defaultTo(no))
    .addColumn('allow_guest_owners', bool, (c) => c.notNull().defaultTo(no))
    .addColumn('prevent_guest_comment', bool, (c) => c.notNull().defaultTo(no))
    .addColumn('skip_start_process', bool, (c) => c.notNull().defaultTo(no))
    .addColumn('is_soft_start_date', bool, (c) => c.notNull().defaultTo(no))
    .addColumn('top_secret', bool, (c) => c.notNull().defaultTo(no))
    .addColumn('max_assignable', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('webhook', 'text')
    .addColumn('settings', json, (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('last_updated', ts, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('template_steps_template_idx')
    .on('template_steps')
    .columns(['template_id', 'position'])
    .execute();
}

/** Step form fields and kick-off fields (step_id null). */
async function createFields(db: AnyKysely, { ts, json, bool, no }: Types): Promise<void> {
  await db.schema
    .createTable('template_fields')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', org)
    .addColumn('template_id', 'text', (c) => c.notNull().references('templates.id').onDelete('cascade'))
    .addColumn('step_id', 'text', (c) => c.references('template_steps.id').onDelete('cascade'))
    .addColumn('alias', 'text', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('field_type', 'text', (c) => c.notNull())
    .addColumn('guidance', 'text')
    .addColumn('required', bool, (c) => c.notNull().defaultTo(no))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('options', json, (c) => c.notNull())
    .addColumn('columns', json, (c) => c.notNull())
    .addColumn('default_value', json)
    .addColumn('default_value_enabled', bool, (c) => c.notNull().defaultTo(no))
    .addColumn('settings', json, (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('last_updated', ts, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('template_fields_template_idx')
    .on('template_fields')
    .columns(['template_id', 'step_id', 'position'])
    .execute();
}

/** One frozen definition per template version. */
async function createVersions(db: AnyKysely, { ts, json }: Types): Promise<void> {
  // No foreign key to templates: a process keeps reading its version after the template is
  // permanently deleted.
  await db.schema
    .createTable('template_versions')
    .addColumn('organization_id', 'text', org)
    .addColumn('template_id', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('definition', json, (c) => c.notNull())
    .addColumn('created_by', 'integer')
    .addColumn('created_at', ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('template_versions_pk', ['template_id', 'version'])
    .execute();
}

/** Automation rules (`automated_actions`). */
async function createRules(db: AnyKysely, { ts, json }: Types): Promise<void> {
  await db.schema
    .createTable('rules')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', org)
    .addColumn('template_id', 'text', (c) => c.notNull().references('templates.id').onDelete('cascade'))
    .addColumn('alias', 'text', (c) => c.notNull())
    .addColumn('conditions', json, (c) => c.notNull())
    .addColumn('actions', json, (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('last_updated', ts, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('rules_template_idx')
    .on('rules')
    .columns(['template_id', 'position'])
    .execute();
}
