/**
 * The database as Kysely sees it: one interface per area, merged. Each area keeps its
 * table types in src/db/tables/<area>.ts.
 */
import type { EventTables } from './tables/events.js';
import type { IdentityTables } from './tables/identity.js';

export interface Database extends IdentityTables, EventTables {}
