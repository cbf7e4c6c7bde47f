import type { ColumnDefinitionBuilder } from 'kysely';
import type { AnyKysely, SqlDialect } from '../dialect.js';
import { booleanDefault, booleanType, jsonType, serialPrimaryKey, timestampType } from '../dialect.js';

/** Processes (runs), tasks (process and one-off), their owners, completion shares and counters. */
export async function up(db: AnyKysely, dialect: SqlDialect): Promise<void> {
  const ts = timestampType(dialect);
  const json = jsonType(dialect);
  const bool = booleanType(dialect);
  const no = booleanDefault(dialect, false);
  const org = (c: ColumnDefinitionBuilder) => c.notNull().references('organizations.id').onDelete('cascade');

  await db.schema
    .createTable('counters')
    .addColumn('organization_id', 'text', org)
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('value', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('counters_pk', ['organization_id', 'name'])
    .execute();

  await db.schema
    .createTable('processes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', org)
    .addColumn('increment_id', 'integer', (c) => c.notNull())
    .addColumn('template_id', 'text')
    .addColumn('template_version', 'integer')
    .addColumn('template_title', 'text')
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('summary', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('owner_id', 'integer')
    .addColumn('started_by', 'integer')
    .addColumn('prerun', json, (c) => c.notNull())
    .addColumn('prerun_completed_at', ts)
    .addColumn('prerun_completed_by', 'integer')
    .addColumn('tasks_total', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('tasks_completed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('tasks_all', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('open_problems', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('due_date', ts)
    .addColumn('starred', bool, (c) => c.notNull().defaultTo(no))
    .addColumn('is_public', bool, (c) => c.notNull().defaultTo(no))
    .addColumn('users', json, (c) => c.notNull())
    .addColumn('groups', json, (c) => c.notNull())
    .addColumn('tags', json, (c) => c.notNull())
    .addColumn('folders', json, (c) => c.notNull())
    .addColumn('parent_id', 'text')
    .addColumn('webhook', 'text')
    .addColumn('can_add_oot', bool, (c) => c.notNull().defaultTo(no))
    .addColumn('settings', json, (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('started_at', ts, (c) => c.notNull())
    .addColumn('last_updated', ts, (c) => c.notNull())
    .addColumn('completed_at', ts)
    .addColumn('archived_at', ts)
    .execute();
  await db.schema
    .createIndex('processes_org_status_idx')
    .on('processes')
    .columns(['organization_id', 'archived_at', 'status', 'created_at'])
    .execute();
  await db.schema
    .createIndex('processes_org_template_idx')
    .on('processes')
    .columns(['organization_id', 'template_id'])
    .execute();

  await db.schema
    .createTable('tasks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', org)
    .addColumn('increment_id', 'integer', (c) => c.notNull())
    .addColumn('process_id', 'text', (c) => c.references('processes.id').onDelete('cascade'))
    .addColumn('template_id', 'text')
    .addColumn('step_id', 'text')
    .addColumn('alias', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('original_title', 'text', (c) => c.notNull())
    .addColumn('summary', 'text')
    .addColumn('task_type', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('deadline', ts)
    .addColumn('started_at', ts)
    .addColumn('completed_at', ts)
    .addColumn('completer_id', 'integer')
    .addColumn('completer_guest_id', 'integer')
    .addColumn('is_approved', bool)
    .addColumn('open_problems', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('is_oneoff', bool, (c) => c.notNull().defaultTo(no))
    .addColumn('visibility_override', 'text')
    .addColumn('status_before_hidden', 'text')
    .addColumn('reopened_at', ts)
    .addColumn('everyone_must_complete', bool, (c) => c.notNull().defaultTo(no))
    .addColumn('can_complete_only_assignees', bool, (c) => c.notNull().defaultTo(no))
    .addColumn('allow_guest_owners', bool, (c) => c.notNull().defaultTo(no))
    .addColumn('prevent_guest_comment', bool, (c) => c.notNull().defaultTo(no))
    .addColumn('top_secret', bool, (c) => c.notNull().defaultTo(no))
    .addColumn('is_soft_start_date', bool, (c) => c.notNull().defaultTo(no))
    .addColumn('max_assignable', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('webhook', 'text')
    .addColumn('starter_id', 'integer')
    .addColumn('owner_id', 'integer')
    .addColumn('taskdata', json, (c) => c.notNull())
    .addColumn('fields', json)
    .addColumn('settings', json, (c) => c.notNull())
    .addColumn('archived_at', ts)
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('last_updated', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('tasks_process_idx').on('tasks').columns(['process_id', 'position']).execute();
  await db.schema
    .createIndex('tasks_org_status_deadline_idx')
    .on('tasks')
    .columns(['organization_id', 'status', 'deadline'])
    .execute();
  await db.schema
    .createIndex('tasks_org_created_idx')
    .on('tasks')
    .columns(['organization_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('task_owners')
    .addColumn('organization_id', 'text', org)
    .addColumn('task_id', 'text', (c) => c.notNull().references('tasks.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('owner_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('task_owners_pk', ['task_id', 'kind', 'owner_id'])
    .execute();
  await db.schema
    .createIndex('task_owners_owner_idx')
    .on('task_owners')
    .columns(['organization_id', 'kind', 'owner_id', 'task_id'])
    .execute();

  await db.schema
    .createTable('task_completions')
    .addColumn('organization_id', 'text', org)
    .addColumn('task_id', 'text', (c) => c.notNull().references('tasks.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('completer', 'text', (c) => c.notNull())
    .addColumn('completed_at', ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('task_completions_pk', ['task_id', 'kind', 'completer'])
    .execute();

  await db.schema
    .createTable('threads')
    .addColumn('id', 'integer', serialPrimaryKey(dialect))
    .addColumn('organization_id', 'text', org)
    .addColumn('process_id', 'text', (c) => c.references('processes.id').onDelete('cascade'))
    .addColumn('task_id', 'text', (c) => c.references('tasks.id').onDelete('cascade'))
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('author_type', 'text', (c) => c.notNull())
    .addColumn('author_id', 'integer')
    .addColumn('resolves_thread_id', 'integer')
    .addColumn('resolved_by', 'integer')
    .addColumn('resolved_at', ts)
    .addColumn('resolution_thread_id', 'integer')
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('last_updated', ts, (c) => c.notNull())
    .addColumn('archived_at', ts)
    .execute();
  await db.schema.createIndex('threads_task_idx').on('threads').columns(['task_id', 'id']).execute();
  await db.schema
    .createIndex('threads_process_idx')
    .on('threads')
    .columns(['organization_id', 'process_id'])
    .execute();
}
