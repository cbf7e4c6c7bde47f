import type { ColumnType } from 'kysely';
import type { DbBool, DbJson, Serial, Timestamp } from './types.js';

/** Per-organization sequences (`process`, `task`) behind the `increment_id`s. */
export interface CountersTable {
  organization_id: string;
  name: string;
  value: number;
}

/** A launched process (wire: run), pinned to one frozen template version. */
export interface ProcessesTable {
  id: string;
  organization_id: string;
  increment_id: number;
  template_id: string | null;
  template_version: number | null;
  template_title: string | null;
  type: string;
  name: string;
  summary: string | null;
  /** Stored `active | problem | complete`; `archived` is derived from `archived_at`. */
  status: string;
  owner_id: number | null;
  started_by: number | null;
  /** Kick-off values keyed by kick-off field id. */
  prerun: DbJson;
  prerun_completed_at: Timestamp | null;
  prerun_completed_by: number | null;
  /** Visible (not auto-skipped) tasks. */
  tasks_total: number;
  tasks_completed: number;
  /** Every task, hidden ones included. */
  tasks_all: number;
  open_problems: number;
  /** Latest deadline among visible tasks. */
  due_date: Timestamp | null;
  starred: DbBool;
  is_public: DbBool;
  users: DbJson;
  groups: DbJson;
  tags: DbJson;
  folders: DbJson;
  parent_id: string | null;
  /** The template webhook, frozen at launch. */
  webhook: string | null;
  can_add_oot: DbBool;
  settings: DbJson;
  created_at: Timestamp;
  started_at: Timestamp;
  last_updated: Timestamp;
  completed_at: Timestamp | null;
  archived_at: Timestamp | null;
}

/** Process tasks and one-off tasks (`is_oneoff`, `process_id` null unless linked). */
export interface TasksTable {
  id: string;
  organization_id: string;
  increment_id: number;
  process_id: string | null;
  template_id: string | null;
  step_id: string | null;
  alias: string;
  title: string;
  original_title: string;
  summary: string | null;
  task_type: string;
  /** `not-started | in-progress | completed | auto-skipped` */
  status: string;
  position: number;
  deadline: Timestamp | null;
  started_at: Timestamp | null;
  completed_at: Timestamp | null;
  completer_id: number | null;
  completer_guest_id: number | null;
  is_approved: DbBool | null;
  open_problems: number;
  is_oneoff: DbBool;
  /** `show | hide` after a manual force-action; beats later automation. */
  visibility_override: string | null;
  /** The status a hidden task returns to when shown again. */
  status_before_hidden: string | null;
  /** Set when the task is reopened; cleared when it is completed again. */
  reopened_at: Timestamp | null;
  everyone_must_complete: DbBool;
  can_complete_only_assignees: DbBool;
  allow_guest_owners: DbBool;
  prevent_guest_comment: DbBool;
  top_secret: DbBool;
  is_soft_start_date: DbBool;
  max_assignable: number;
  webhook: string | null;
  /** The stage (milestone) the task is in: from its step at launch, or linked later. */
  stage_id: ColumnType<string | null, string | null | undefined, string | null>;
  starter_id: number | null;
  owner_id: number | null;
  /** Form values keyed by field id. */
  taskdata: DbJson;
  /** One-off tasks' own field definitions (FieldDefinition[]); null for process tasks. */
  fields: DbJson | null;
  settings: DbJson;
  archived_at: Timestamp | null;
  created_at: Timestamp;
  last_updated: Timestamp;
  /** Deadline sweeper (migration 0600): when an email step's message was queued. */
  email_sent_at: Timestamp | null;
  /** Deadline sweeper (migration 0600): the deadline `task.overdue` was last emitted for. */
  overdue_notified_for: Timestamp | null;
  /** Notifications (migration 0830): the deadline `task.due_soon` was last emitted for. */
  due_soon_notified_for: Timestamp | null;
}

/** One assignee of a task: a member (`user`, id as text), a guest (e-mail) or a group. */
export interface TaskOwnersTable {
  organization_id: string;
  task_id: string;
  /** `role`: a job title, whose holders are the task's assignees. */
  kind: 'user' | 'guest' | 'group' | 'role';
  owner_id: string;
  /**
   * A copy of the task's state for the lists of one owner (migration 0700), written only by
   * database triggers: never inserted or updated by the application.
   */
  task_status: ColumnType<string | null, never, never>;
  task_completed: ColumnType<boolean | number | null, never, never>;
  task_archived: ColumnType<boolean | number | null, never, never>;
  /**
   * The task's deadline, or a sentinel after every deadline (`deadlineKeySentinel`). Compare
   * and sort on it only: PostgreSQL's `infinity` is not a readable timestamp.
   */
  deadline_key: ColumnType<Timestamp | null, never, never>;
}

/** One assignee's share of an `everyone_must_complete` task. */
export interface TaskCompletionsTable {
  organization_id: string;
  task_id: string;
  kind: 'user' | 'guest';
  completer: string;
  completed_at: Timestamp;
}

/** Comments, problems and resolutions on tasks (and processes). */
export interface ThreadsTable {
  id: Serial;
  organization_id: string;
  process_id: string | null;
  task_id: string | null;
  /** `comment | problem | resolve | improvement | advice` */
  label: string;
  content: string;
  state: string;
  author_type: 'member' | 'guest' | 'bot';
  author_id: number | null;
  /** On a resolution: the problem it resolves. */
  resolves_thread_id: number | null;
  /** On a problem: who resolved it, when, and with which resolution thread. */
  resolved_by: number | null;
  resolved_at: Timestamp | null;
  resolution_thread_id: number | null;
  created_at: Timestamp;
  last_updated: Timestamp;
  archived_at: Timestamp | null;
}

export interface ProcessTables {
  counters: CountersTable;
  processes: ProcessesTable;
  tasks: TasksTable;
  task_owners: TaskOwnersTable;
  task_completions: TaskCompletionsTable;
  threads: ThreadsTable;
}
