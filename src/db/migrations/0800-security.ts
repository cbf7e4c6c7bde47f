import { sql } from 'kysely';
import type { AnyKysely, SqlDialect } from '../dialect.js';
import { serialPrimaryKey, timestampType } from '../dialect.js';

/**
 * Sign-in hardening. `throttle_buckets.strikes`: how many times a limit has filled in a row,
 * so each new lock lasts twice as long as the one before. `sign_in_clients`: the addresses
 * and device cookies (SHA-256 only) a user has signed in from, which the per-account ceiling
 * lets through. `security_events`: sign-ins, tokens and lockouts, for administrators.
 */
export async function up(db: AnyKysely, dialect: SqlDialect): Promise<void> {
  const ts = timestampType(dialect);
  await db.schema
    .alterTable('throttle_buckets')
    .addColumn('strikes', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  await db.schema
    .createTable('sign_in_clients')
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('value_hash', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('sign_in_clients_pk', ['user_id', 'kind', 'value_hash'])
    .execute();

  await db.schema
    .createTable('security_events')
    .addColumn('id', 'integer', serialPrimaryKey(dialect))
    .addColumn('user_id', 'integer', (c) => c.references('users.id').onDelete('cascade'))
    .addColumn('event', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('client_address', 'text')
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();
  // An organization's list: its members' events, newest first.
  await db.schema
    .createIndex('security_events_user_idx')
    .on('security_events')
    .columns(['user_id', 'created_at', 'id'])
    .where(sql<boolean>`user_id is not null`)
    .execute();
}
