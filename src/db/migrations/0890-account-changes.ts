import type { AnyKysely, SqlDialect } from '../dialect.js';
import { timestampType } from '../dialect.js';

/**
 * E-mail changes waiting for their confirmation: the new address is written to `users` only
 * when the link sent to it is followed. Only the token's SHA-256 is kept.
 */
export async function up(db: AnyKysely, dialect: SqlDialect): Promise<void> {
  const ts = timestampType(dialect);
  await db.schema
    .createTable('email_changes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    /** The organization the change was asked from (its outgoing mail queue carries the link). */
    .addColumn('organization_id', 'text', (c) =>
      c.notNull().references('organizations.id').onDelete('cascade'),
    )
    .addColumn('new_email', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    /** Who asked: the member themselves, or the administrator who changed it for them. */
    .addColumn('requested_by', 'integer', (c) => c.notNull())
    /** The token the member asked with: it stays signed in when the change revokes the others. */
    .addColumn('keep_token_id', 'text')
    .addColumn('expires_at', ts, (c) => c.notNull())
    .addColumn('confirmed_at', ts)
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('email_changes_user').on('email_changes').columns(['user_id']).execute();
}
