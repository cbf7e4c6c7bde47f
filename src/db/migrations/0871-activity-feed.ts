import { sql } from 'kysely';
import type { AnyKysely, SqlDialect } from '../dialect.js';
import { timestampType } from '../dialect.js';

/**
 * The activity feed (`GET /activity-feeds`) over `activities`, and its undo. Each filter the
 * feed offers is one index range of an organization read newest first (`id` order), so a
 * filtered page of a million-row organization reads about a page of index entries:
 * - the whole feed: (organization_id, id);
 * - `actor_type`/`actor_id`/`source`: (organization_id, actor_type, actor_id, id);
 * - `verb`: (organization_id, action, id);
 * - `type`: (organization_id, object_type, id) (`entity_type`+`entity_id` already has
 *   activities_object_idx, a process's rows activities_process_idx);
 * - `created_after`/`created_before`: (organization_id, created_at).
 * `undone_at`/`undone_by` mark a change that was undone, so it is never undone twice.
 */
export async function up(db: AnyKysely, dialect: SqlDialect): Promise<void> {
  await db.schema.alterTable('activities').addColumn('undone_at', timestampType(dialect)).execute();
  await db.schema.alterTable('activities').addColumn('undone_by', 'integer').execute();
  const indexes: Array<[string, string[]]> = [
    ['activities_feed_idx', ['organization_id', 'id']],
    ['activities_actor_idx', ['organization_id', 'actor_type', 'actor_id', 'id']],
    ['activities_verb_idx', ['organization_id', 'action', 'id']],
    ['activities_type_idx', ['organization_id', 'object_type', 'id']],
    ['activities_created_idx', ['organization_id', 'created_at']],
  ];
  for (const [name, columns] of indexes) {
    await db.schema.createIndex(name).on('activities').columns(columns).execute();
  }
  await sql`analyze activities`.execute(db);
}
