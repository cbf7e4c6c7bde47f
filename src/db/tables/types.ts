import type { ColumnType, Generated } from 'kysely';

/** ISO-8601 UTC text on SQLite, timestamptz on PostgreSQL; always read as an ISO string. */
export type Timestamp = string;
/** Booleans read as 0/1 on SQLite; use toBool() when reading. */
export type DbBool = ColumnType<boolean | number, boolean, boolean>;
/** JSON columns: written as JSON text (toJson), read with fromJson(). */
export type DbJson = ColumnType<unknown, string, string>;
export type Serial = Generated<number>;
