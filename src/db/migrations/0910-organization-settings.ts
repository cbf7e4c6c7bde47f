import type { ColumnDefinitionBuilder } from 'kysely';
import type { AnyKysely, SqlDialect } from '../dialect.js';
import { booleanDefault, booleanType, jsonType, timestampType } from '../dialect.js';

/**
 * An organization's own settings beyond its row: custom branding colours, its own SMTP
 * connection (the password encrypted with the instance secret), and each member's digest
 * days.
 */
export async function up(db: AnyKysely, dialect: SqlDialect): Promise<void> {
  const ts = timestampType(dialect);
  const org = (c: ColumnDefinitionBuilder) =>
    c.primaryKey().references('organizations.id').onDelete('cascade');
  await db.schema
    .createTable('organization_branding')
    .addColumn('organization_id', 'text', org)
    .addColumn('bg_color', 'text')
    .addColumn('text_color', 'text')
    .addColumn('alternate_color', 'text')
    .addColumn('bright_shade', 'text')
    .addColumn('dark_shade', 'text')
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('organization_smtp')
    .addColumn('organization_id', 'text', org)
    .addColumn('host', 'text', (c) => c.notNull())
    .addColumn('port', 'integer', (c) => c.notNull())
    .addColumn('username', 'text')
    /** AES-256-GCM under a key derived from the instance secret; never sent back. */
    .addColumn('password_secret', 'text')
    .addColumn('from_address', 'text', (c) => c.notNull())
    .addColumn('from_name', 'text')
    /** `tls` (STARTTLS required), `ssl` (TLS from the first byte) or `none`. */
    .addColumn('encryption', 'text', (c) => c.notNull())
    .addColumn('enabled', booleanType(dialect), (c) => c.notNull().defaultTo(booleanDefault(dialect, false)))
    .addColumn('updated_by', 'integer')
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('member_cadence_days')
    .addColumn('organization_id', 'text', (c) =>
      c.notNull().references('organizations.id').onDelete('cascade'),
    )
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    /** `["Monday", …]`: the days the member's digest may go out. */
    .addColumn('days', jsonType(dialect), (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('member_cadence_days_pk', ['organization_id', 'user_id'])
    .execute();
}
