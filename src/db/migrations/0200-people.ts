import type { ColumnDefinitionBuilder } from 'kysely';
import type { AnyKysely, SqlDialect } from '../dialect.js';
import { jsonType, serialPrimaryKey, timestampType } from '../dialect.js';

/** Guests, groups and invitations. */
export async function up(db: AnyKysely, dialect: SqlDialect): Promise<void> {
  const ts = timestampType(dialect);
  const json = jsonType(dialect);
  const org = (c: ColumnDefinitionBuilder) => c.notNull().references('organizations.id').onDelete('cascade');

  await db.schema
    .createTable('guests')
    .addColumn('id', 'integer', serialPrimaryKey(dialect))
    .addColumn('organization_id', 'text', org)
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('first_name', 'text')
    .addColumn('last_name', 'text')
    .addColumn('details', json, (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('guest_code_hash', 'text', (c) => c.notNull().unique())
    .addColumn('code_nonce', 'text', (c) => c.notNull())
    .addColumn('last_known_ip', 'text')
    .addColumn('disabled_at', ts)
    .addColumn('disabled_by', 'integer')
    .addColumn('reactivated_at', ts)
    .addColumn('reactivated_by', 'integer')
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('last_updated', ts, (c) => c.notNull())
    .addColumn('last_accessed_at', ts)
    .addColumn('deleted_at', ts)
    .addUniqueConstraint('guests_org_email_unique', ['organization_id', 'email'])
    .execute();

  await db.schema
    .createTable('groups')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', org)
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('logo', 'text')
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('last_updated', ts, (c) => c.notNull())
    .addUniqueConstraint('groups_org_name_unique', ['organization_id', 'name'])
    .execute();

  await db.schema
    .createTable('group_members')
    .addColumn('organization_id', 'text', org)
    .addColumn('group_id', 'text', (c) => c.notNull().references('groups.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('group_members_pk', ['group_id', 'user_id'])
    .execute();
  // "Groups of user X" for template ACLs and task owner look-ups.
  await db.schema
    .createIndex('group_members_user_idx')
    .on('group_members')
    .columns(['organization_id', 'user_id'])
    .execute();

  await db.schema
    .createTable('group_guests')
    .addColumn('organization_id', 'text', org)
    .addColumn('group_id', 'text', (c) => c.notNull().references('groups.id').onDelete('cascade'))
    .addColumn('guest_id', 'integer', (c) => c.notNull().references('guests.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('group_guests_pk', ['group_id', 'guest_id'])
    .execute();
  await db.schema
    .createIndex('group_guests_guest_idx')
    .on('group_guests')
    .columns(['organization_id', 'guest_id'])
    .execute();

  await db.schema
    .createTable('invitations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', org)
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('invited_by', 'integer')
    .addColumn('message', 'text')
    .addColumn('expires_at', ts, (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('invitations_member_idx')
    .on('invitations')
    .columns(['organization_id', 'user_id'])
    .execute();

  // Keys the installation derives secrets from when no FLOWLANE_SECRET_KEY is configured.
  await db.schema
    .createTable('installation_keys')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();
}
