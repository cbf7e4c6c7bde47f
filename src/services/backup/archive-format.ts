/**
 * The backup archive, version 1 (described for people in docs/operations.md): gzip'd JSON
 * lines. Line 1 is the header; then, per table in foreign-key order, a line naming the
 * table and its columns, one JSON array per row, and a line closing the table with its row
 * count; the last line is the trailer with every table's count and sequence. Values are
 * JSON: timestamps as ISO-8601 UTC text, JSON columns as their JSON text, booleans as
 * true/false (PostgreSQL) or 1/0 (SQLite), bytes as {"$bytes": base64}.
 */
import type { PortableType } from '../../db/backup/schema-catalog.js';
import type { SqlDialect } from '../../db/dialect.js';

export const ARCHIVE_FORMAT = 'flowlane-backup';
export const ARCHIVE_VERSION = 1;

export interface ArchiveHeader {
  format: typeof ARCHIVE_FORMAT;
  version: number;
  created_at: string;
  /** The database the archive was read from: how its values are encoded. */
  source: SqlDialect;
  /** The migrations the source had run: the archive's schema version. */
  migrations: string[];
  tables: string[];
}

export interface TableStart {
  table: string;
  columns: { name: string; type: PortableType }[];
}

export interface TableEnd {
  end: string;
  rows: number;
}

export interface ArchiveTrailer {
  complete: true;
  rows: Record<string, number>;
  sequences: Record<string, number>;
}

/** A value as the archive writes it: JSON-native, bytes as base64. */
export function encodeValue(value: unknown): unknown {
  if (Buffer.isBuffer(value)) return { $bytes: value.toString('base64') };
  if (typeof value === 'bigint') return Number(value);
  return value;
}

const isBytes = (value: unknown): value is { $bytes: string } =>
  typeof value === 'object' && value !== null && typeof (value as { $bytes?: unknown }).$bytes === 'string';

/**
 * A value read from an archive, in the encoding the target database stores: SQLite keeps
 * booleans as 1/0, compact JSON text and a far-future text for "no deadline"; PostgreSQL
 * keeps true/false and `infinity`.
 */
export function decodeValue(
  value: unknown,
  source: { dialect: SqlDialect; type: PortableType },
  target: { dialect: SqlDialect; type: PortableType },
  farFuture: string,
): unknown {
  if (value === null) return null;
  if (isBytes(value)) return Buffer.from(value.$bytes, 'base64');
  if (target.dialect === 'postgres') {
    if (target.type === 'boolean') return value === true || value === 1 || value === '1';
    if (target.type === 'timestamp' && value === farFuture) return 'infinity';
    return value;
  }
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (source.dialect === 'postgres') {
    if (source.type === 'timestamp' && value === 'infinity') return farFuture;
    if (source.type === 'json' && typeof value === 'string') return JSON.stringify(JSON.parse(value));
  }
  return value;
}
