import type { AnyKysely, SqlDialect } from '../dialect.js';
import { booleanDefault, booleanType, jsonType, serialPrimaryKey, timestampType } from '../dialect.js';

export async function up(db: AnyKysely, dialect: SqlDialect): Promise<void> {
  const ts = timestampType(dialect);
  const json = jsonType(dialect);
  const bool = booleanType(dialect);

  await db.schema
    .createTable('organizations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('slug', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('timezone', 'text', (c) => c.notNull())
    .addColumn('working_days', json, (c) => c.notNull())
    .addColumn('default_deadline', json, (c) => c.notNull())
    .addColumn('settings', json, (c) => c.notNull())
    .addColumn('webhook_secret', 'text', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('last_updated', ts, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('users')
    .addColumn('id', 'integer', serialPrimaryKey(dialect))
    .addColumn('email', 'text', (c) => c.notNull().unique())
    .addColumn('first_name', 'text', (c) => c.notNull())
    .addColumn('last_name', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text')
    .addColumn('timezone', 'text', (c) => c.notNull())
    .addColumn('phone', 'text')
    .addColumn('job_title', 'text')
    .addColumn('job_description', 'text')
    .addColumn('team', 'text')
    .addColumn('date_format', 'text', (c) => c.notNull())
    .addColumn('locale', 'text', (c) => c.notNull())
    .addColumn('profile_pic', 'text')
    .addColumn('last_login_at', ts)
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('last_updated', ts, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('memberships')
    .addColumn('organization_id', 'text', (c) =>
      c.notNull().references('organizations.id').onDelete('cascade'),
    )
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('is_default_admin', bool, (c) => c.notNull().defaultTo(booleanDefault(dialect, false)))
    .addColumn('invited_by', 'integer')
    .addColumn('approved_at', ts)
    .addColumn('disabled_at', ts)
    .addColumn('disabled_by', 'integer')
    .addColumn('reactivated_at', ts)
    .addColumn('reactivated_by', 'integer')
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('last_updated', ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('memberships_pk', ['organization_id', 'user_id'])
    .execute();
  await db.schema.createIndex('memberships_user_idx').on('memberships').columns(['user_id']).execute();

  await db.schema
    .createTable('access_tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('pair_id', 'text')
    .addColumn('name', 'text')
    .addColumn('expires_at', ts, (c) => c.notNull())
    .addColumn('last_used_at', ts)
    .addColumn('revoked_at', ts)
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('access_tokens_user_idx').on('access_tokens').columns(['user_id']).execute();

  await db.schema
    .createTable('throttle_buckets')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('hits', 'integer', (c) => c.notNull())
    .addColumn('reset_at', ts, (c) => c.notNull())
    .execute();
}
