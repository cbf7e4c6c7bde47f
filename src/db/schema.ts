/**
 * The database as Kysely sees it: one interface per area, merged. Each area keeps its
 * table types in src/db/tables/<area>.ts.
 */
import type { AccessTables } from './tables/access.js';
import type { EventTables } from './tables/events.js';
import type { FileTables } from './tables/files.js';
import type { IdentityTables } from './tables/identity.js';
import type { MemberSettingsTables } from './tables/member-settings.js';
import type { NotificationTables } from './tables/notifications.js';
import type { OrganizationSettingsTables } from './tables/organization-settings.js';
import type { OrganizeTables } from './tables/organize.js';
import type { PeopleTables } from './tables/people.js';
import type { ProcessTables } from './tables/processes.js';
import type { SnippetTables } from './tables/snippets.js';
import type { TemplateTables } from './tables/templates.js';
import type { WebhookTables } from './tables/webhooks.js';

export interface Database
  extends AccessTables,
    IdentityTables,
    MemberSettingsTables,
    NotificationTables,
    EventTables,
    FileTables,
    OrganizationSettingsTables,
    OrganizeTables,
    PeopleTables,
    ProcessTables,
    SnippetTables,
    TemplateTables,
    WebhookTables {}
