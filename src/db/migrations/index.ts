/**
 * Every migration, in order. Forward-only: a shipped migration is never edited; a change
 * is a new file. The same files run on SQLite and PostgreSQL.
 */
import type { AnyKysely, SqlDialect } from '../dialect.js';
import * as m0001 from './0001-identity.js';
import * as m0002 from './0002-events.js';
import * as m0100 from './0100-templates.js';
import * as m0200 from './0200-people.js';
import * as m0300 from './0300-processes.js';
import * as m0400 from './0400-webhooks.js';
import * as m0401 from './0401-watchers.js';
import * as m0402 from './0402-outgoing-emails.js';
import * as m0500 from './0500-files.js';
import * as m0600 from './0600-deadline-sweeps.js';
import * as m0700 from './0700-task-owner-state.js';
import * as m0701 from './0701-autovacuum-hot-tables.js';
import * as m0800 from './0800-security.js';
import * as m0820 from './0820-retention-indexes.js';
import * as m0830 from './0830-notifications.js';
import * as m0850 from './0850-tags-folders.js';
import * as m0851 from './0851-favorites.js';
import * as m0870 from './0870-search-index.js';
import * as m0871 from './0871-activity-feed.js';
import * as m0880 from './0880-stages-pins.js';
import * as m0890 from './0890-account-changes.js';
import * as m0891 from './0891-images.js';
import * as m0900 from './0900-permissions.js';
import * as m0901 from './0901-job-titles.js';
import * as m0910 from './0910-organization-settings.js';
import * as m0920 from './0920-saved-views-preferences.js';
import * as m0930 from './0930-snippets.js';
import * as m0960 from './0960-one-off-event-sequence.js';
import * as m0990 from './0990-notification-task-index.js';

export interface MigrationModule {
  up(db: AnyKysely, dialect: SqlDialect): Promise<void>;
}

export const migrations: Record<string, MigrationModule> = {
  '0001-identity': m0001,
  '0002-events': m0002,
  '0100-templates': m0100,
  '0200-people': m0200,
  '0300-processes': m0300,
  '0400-webhooks': m0400,
  '0401-watchers': m0401,
  '0402-outgoing-emails': m0402,
  '0500-files': m0500,
  '0600-deadline-sweeps': m0600,
  '0700-task-owner-state': m0700,
  '0701-autovacuum-hot-tables': m0701,
  '0800-security': m0800,
  '0820-retention-indexes': m0820,
  '0830-notifications': m0830,
  '0850-tags-folders': m0850,
  '0851-favorites': m0851,
  '0870-search-index': m0870,
  '0871-activity-feed': m0871,
  '0880-stages-pins': m0880,
  '0890-account-changes': m0890,
  '0891-images': m0891,
  '0900-permissions': m0900,
  '0901-job-titles': m0901,
  '0910-organization-settings': m0910,
  '0920-saved-views-preferences': m0920,
  '0930-snippets': m0930,
  '0960-one-off-event-sequence': m0960,
  '0990-notification-task-index': m0990,
};
