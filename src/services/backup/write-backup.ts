/**
 * `flowlane backup`: the whole installation into one archive (see archive-format.ts), read
 * from one consistent snapshot while the server keeps running, streamed through gzip to a
 * file so memory stays flat at any size.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import type { DatabaseConfig } from '../../config/index.js';
import { openSnapshot, type Snapshot } from '../../db/backup/snapshot-reader.js';
import {
  ARCHIVE_FORMAT,
  ARCHIVE_VERSION,
  type ArchiveHeader,
  type ArchiveTrailer,
  encodeValue,
  type TableEnd,
  type TableStart,
} from './archive-format.js';
import { BackupError } from './read-archive.js';

export interface BackupSummary {
  file: string;
  bytes: number;
  format_version: number;
  source: string;
  schema_version: string;
  rows: Record<string, number>;
  total_rows: number;
  seconds: number;
}

export interface BackupOptions {
  /** Called when a table is done (progress). */
  onTable?: (table: string, rows: number) => void;
  /** Called once the snapshot is fixed: every write committed before this is in the archive. */
  onSnapshot?: () => void;
  now?: () => Date;
}

const BATCH = 1000;

export async function writeBackup(
  database: DatabaseConfig,
  file: string,
  options: BackupOptions = {},
): Promise<BackupSummary> {
  const started = Date.now();
  const dir = path.dirname(path.resolve(file));
  if (!fs.existsSync(dir)) throw new BackupError(`cannot write ${file}: the directory ${dir} does not exist`);
  const snapshot = await openSnapshot(database);
  options.onSnapshot?.();
  // Written beside the target and renamed at the end: a failed backup leaves no file that
  // looks complete.
  const partial = `${file}.partial`;
  const rows: Record<string, number> = {};
  try {
    await pipeline(
      Readable.from(archiveLines(snapshot, rows, options)),
      zlib.createGzip(),
      fs.createWriteStream(partial),
    );
    fs.renameSync(partial, file);
  } catch (error) {
    fs.rmSync(partial, { force: true });
    throw error;
  } finally {
    await snapshot.close();
  }
  return {
    file,
    bytes: fs.statSync(file).size,
    format_version: ARCHIVE_VERSION,
    source: snapshot.dialect,
    schema_version: snapshot.migrations.at(-1) ?? '',
    rows,
    total_rows: Object.values(rows).reduce((a, b) => a + b, 0),
    seconds: Math.round((Date.now() - started) / 100) / 10,
  };
}

async function* archiveLines(
  snapshot: Snapshot,
  rows: Record<string, number>,
  options: BackupOptions,
): AsyncGenerator<string> {
  const header: ArchiveHeader = {
    format: ARCHIVE_FORMAT,
    version: ARCHIVE_VERSION,
    created_at: (options.now?.() ?? new Date()).toISOString(),
    source: snapshot.dialect,
    migrations: snapshot.migrations,
    tables: snapshot.tables.map((t) => t.name),
  };
  yield `${JSON.stringify(header)}\n`;
  for (const table of snapshot.tables) {
    const start: TableStart = { table: table.name, columns: table.columns };
    yield `${JSON.stringify(start)}\n`;
    let count = 0;
    for await (const batch of snapshot.rows(table, BATCH)) {
      let chunk = '';
      for (const row of batch) chunk += `${JSON.stringify(row.map(encodeValue))}\n`;
      count += batch.length;
      yield chunk;
    }
    rows[table.name] = count;
    const end: TableEnd = { end: table.name, rows: count };
    yield `${JSON.stringify(end)}\n`;
    options.onTable?.(table.name, count);
  }
  const trailer: ArchiveTrailer = { complete: true, rows, sequences: snapshot.sequences };
  yield `${JSON.stringify(trailer)}\n`;
}
