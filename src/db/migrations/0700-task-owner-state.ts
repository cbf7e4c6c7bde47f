import { sql } from 'kysely';
import type { AnyKysely, SqlDialect } from '../dialect.js';
import { booleanType, deadlineKeySql, timestampType } from '../dialect.js';

/**
 * "Tasks of member X" lists at a million tasks. The state those lists filter and sort
 * on is copied from `tasks` onto each `task_owners` row, so one index range of a member's
 * owner rows answers a page in deadline order, its total and its overdue/due-soon counts
 * without reading every task the member ever owned:
 * - `task_status`: tasks.status; `task_completed`: status = 'completed' (the `active` split,
 *   kept as its own column so it can sit before `deadline_key` in the index);
 * - `task_archived`: tasks.archived_at is not null;
 * - `deadline_key`: tasks.deadline, a task without one carrying a sentinel that sorts after
 *   every real deadline (see `deadlineKeySql`).
 * Database triggers keep the copy in sync, so no write path can forget it: a new owner row
 * takes its task's state, and a change of a task's status, deadline or archived_at is copied
 * to the task's owner rows. Existing rows are backfilled here.
 */
export async function up(db: AnyKysely, dialect: SqlDialect): Promise<void> {
  const bool = booleanType(dialect);
  await db.schema.alterTable('task_owners').addColumn('task_status', 'text').execute();
  await db.schema.alterTable('task_owners').addColumn('task_completed', bool).execute();
  await db.schema.alterTable('task_owners').addColumn('task_archived', bool).execute();
  await db.schema.alterTable('task_owners').addColumn('deadline_key', timestampType(dialect)).execute();

  if (dialect === 'postgres') await postgresTriggers(db);
  else await sqliteTriggers(db);

  await db.schema
    .createIndex('task_owners_state_idx')
    .on('task_owners')
    .columns([
      'organization_id',
      'kind',
      'owner_id',
      'task_archived',
      'task_completed',
      'deadline_key',
      'task_status',
      'task_id',
    ])
    .execute();
  // Statistics for the new index at once: without them SQLite plans a member's list from the
  // tasks table (the whole organization) until its next start.
  await sql`analyze task_owners`.execute(db);
}

/** The four copied values for the task row `t` (an alias or NEW), in column order. */
function stateOf(t: string, dialect: SqlDialect) {
  return sql.raw(
    `${t}.status, ${t}.status = 'completed', ${t}.archived_at is not null, ` +
      `coalesce(${t}.deadline, ${deadlineKeySql(dialect)})`,
  );
}

async function sqliteTriggers(db: AnyKysely): Promise<void> {
  const columns = sql.raw('(task_status, task_completed, task_archived, deadline_key)');
  await sql`
    update task_owners set ${columns} =
      (select ${stateOf('t', 'sqlite')} from tasks t where t.id = task_owners.task_id)`.execute(db);
  await sql`
    create trigger task_owners_state_on_insert after insert on task_owners
    begin
      update task_owners set ${columns} =
        (select ${stateOf('t', 'sqlite')} from tasks t where t.id = new.task_id)
      where rowid = new.rowid;
    end`.execute(db);
  await sql`
    create trigger tasks_owner_state_on_update
    after update of status, deadline, archived_at on tasks
    when old.status is not new.status or old.deadline is not new.deadline
      or old.archived_at is not new.archived_at
    begin
      update task_owners set ${columns} = (${stateOf('new', 'sqlite')})
      where task_id = new.id;
    end`.execute(db);
}

async function postgresTriggers(db: AnyKysely): Promise<void> {
  await sql`
    update task_owners o set
      task_status = t.status,
      task_completed = t.status = 'completed',
      task_archived = t.archived_at is not null,
      deadline_key = coalesce(t.deadline, ${sql.raw(deadlineKeySql('postgres'))})
    from tasks t where t.id = o.task_id`.execute(db);
  // BEFORE INSERT fills the new row itself (no second write). FOR SHARE waits for a
  // concurrent, uncommitted change of the task and then reads its committed state, so an
  // owner row added while the task changes never keeps the old state.
  await sql`
    create function task_owners_fill_state() returns trigger language plpgsql as $$
    begin
      select ${stateOf('t', 'postgres')}
        into new.task_status, new.task_completed, new.task_archived, new.deadline_key
        from tasks t where t.id = new.task_id for share;
      return new;
    end $$`.execute(db);
  await sql`
    create trigger task_owners_state_on_insert before insert on task_owners
    for each row execute function task_owners_fill_state()`.execute(db);
  await sql`
    create function tasks_copy_owner_state() returns trigger language plpgsql as $$
    begin
      update task_owners set
        task_status = new.status,
        task_completed = new.status = 'completed',
        task_archived = new.archived_at is not null,
        deadline_key = coalesce(new.deadline, ${sql.raw(deadlineKeySql('postgres'))})
      where task_id = new.id;
      return null;
    end $$`.execute(db);
  await sql`
    create trigger tasks_owner_state_on_update
    after update of status, deadline, archived_at on tasks for each row
    when (old.status is distinct from new.status or old.deadline is distinct from new.deadline
      or old.archived_at is distinct from new.archived_at)
    execute function tasks_copy_owner_state()`.execute(db);
}
