/**
 * `flowlane restore`: loads an archive into an empty database of either kind, in one
 * transaction: the migrations the archive's schema had, every table in foreign-key order
 * with its ids, sequences moved past them, row counts checked, then the migrations that came
 * after the archive. Anything wrong (damaged archive, count mismatch, constraint) rolls the
 * whole restore back.
 */
import fs from 'node:fs';
import {
  advanceSequence,
  countRows,
  describeTargetTables,
  findNonEmptyTable,
  insertBatchSize,
  insertRows,
  sqliteFarFuture,
} from '../../db/backup/restore-loader.js';
import type { TableSchema } from '../../db/backup/schema-catalog.js';
import type { DbHandle } from '../../db/database.js';
import type { AnyKysely, SqlDialect } from '../../db/dialect.js';
import {
  applyMigrations,
  executedMigrationNames,
  knownMigrationNames,
  prepareMigrationTables,
} from '../../db/migration-state.js';
import {
  ARCHIVE_FORMAT,
  ARCHIVE_VERSION,
  type ArchiveHeader,
  type ArchiveTrailer,
  decodeValue,
  type TableStart,
} from './archive-format.js';
import { type ArchiveLine, archiveLinesOf, BackupError, parseLine } from './read-archive.js';

export interface RestoreSummary {
  restored: true;
  database: SqlDialect;
  archive_source: SqlDialect;
  archive_schema_version: string;
  schema_version: string;
  rows: Record<string, number>;
  total_rows: number;
  seconds: number;
}

export interface RestoreOptions {
  onTable?: (table: string, rows: number) => void;
}

export async function restoreBackup(
  handle: DbHandle,
  file: string,
  options: RestoreOptions = {},
): Promise<RestoreSummary> {
  const started = Date.now();
  if (!fs.existsSync(file)) throw new BackupError(`${file}: no such file`);
  const lines = archiveLinesOf(file);
  const header = await readHeader(lines);
  const known = knownMigrationNames();
  await assertRestorable(handle, header, known);
  await prepareMigrationTables(handle);
  const executed = await executedMigrationNames(handle.kysely, handle.dialect);
  const rows = await handle.kysely.transaction().execute(async (trx) => {
    await applyMigrations(trx, handle.dialect, header.migrations.slice(executed.length));
    const loaded = await loadTables(trx, handle.dialect, header, lines, options);
    await applyMigrations(trx, handle.dialect, known.slice(header.migrations.length));
    return loaded;
  });
  return {
    restored: true,
    database: handle.dialect,
    archive_source: header.source,
    archive_schema_version: header.migrations.at(-1) ?? '',
    schema_version: known.at(-1) ?? '',
    rows,
    total_rows: Object.values(rows).reduce((a, b) => a + b, 0),
    seconds: Math.round((Date.now() - started) / 100) / 10,
  };
}

async function readHeader(lines: AsyncGenerator<ArchiveLine>): Promise<ArchiveHeader> {
  const first = await nextLine(lines, 'header');
  if (!first) throw new BackupError('the archive is empty');
  const header = parseLine(first, 'header') as Partial<ArchiveHeader>;
  if (header?.format !== ARCHIVE_FORMAT) throw new BackupError('not a Flowlane backup archive (line 1)');
  if (header.version !== ARCHIVE_VERSION) {
    throw new BackupError(
      `archive format version ${header.version} is not supported (this Flowlane reads ${ARCHIVE_VERSION})`,
    );
  }
  if (!Array.isArray(header.migrations) || !Array.isArray(header.tables)) {
    throw new BackupError('the archive header is incomplete (line 1)');
  }
  if (header.source !== 'sqlite' && header.source !== 'postgres') {
    throw new BackupError('the archive header names no source database (line 1)');
  }
  return header as ArchiveHeader;
}

async function assertRestorable(handle: DbHandle, header: ArchiveHeader, known: string[]): Promise<void> {
  header.migrations.forEach((name, i) => {
    if (known[i] !== name) {
      throw new BackupError(
        `the archive's schema (migration ${name}) is not one this Flowlane knows: restore it with the Flowlane version that wrote it or a newer one`,
      );
    }
  });
  const executed = await executedMigrationNames(handle.kysely, handle.dialect);
  if (executed.some((name, i) => header.migrations[i] !== name)) {
    throw new BackupError(
      `the database is already migrated past the archive's schema (${executed.at(-1)} > ${header.migrations.at(-1)}): restore into a new, empty database`,
    );
  }
  const nonEmpty = await findNonEmptyTable(handle.kysely, handle.dialect);
  if (nonEmpty) {
    throw new BackupError(
      `refusing to restore into a database that is not empty (table ${nonEmpty} has rows): restore needs an empty database`,
    );
  }
}

async function nextLine(
  lines: AsyncGenerator<ArchiveLine>,
  where: string,
  last = 0,
): Promise<ArchiveLine | undefined> {
  try {
    const next = await lines.next();
    return next.done ? undefined : next.value;
  } catch (error) {
    throw new BackupError(
      `the archive is damaged after line ${last} (${where}): ${(error as Error).message}; nothing was restored`,
    );
  }
}

async function loadTables(
  trx: AnyKysely,
  dialect: SqlDialect,
  header: ArchiveHeader,
  lines: AsyncGenerator<ArchiveLine>,
  options: RestoreOptions,
): Promise<Record<string, number>> {
  const targets = new Map((await describeTargetTables(trx, dialect)).map((t) => [t.name, t]));
  const loaded: Record<string, number> = {};
  let last = 1;
  let where = 'before the first table';
  for (;;) {
    const line = await nextLine(lines, where, last);
    if (!line)
      throw new BackupError(
        `the archive ends at line ${last} without its trailer: it is truncated; nothing was restored`,
      );
    last = line.number;
    const item = parseLine(line, where) as Partial<TableStart & ArchiveTrailer>;
    if (item?.complete === true) {
      await finish(trx, dialect, header, item as ArchiveTrailer, loaded, targets, line.number);
      return loaded;
    }
    if (typeof item?.table !== 'string' || !Array.isArray(item.columns)) {
      throw new BackupError(`archive line ${line.number}: expected a table or the trailer`);
    }
    const target = checkTable(item as TableStart, targets, loaded, header, line.number);
    const section = await loadTable(trx, dialect, header, item as TableStart, target, lines, line.number);
    loaded[target.name] = section.rows;
    last = section.last;
    where = `after table ${target.name}`;
    options.onTable?.(target.name, section.rows);
  }
}

function checkTable(
  start: TableStart,
  targets: Map<string, TableSchema>,
  loaded: Record<string, number>,
  header: ArchiveHeader,
  lineNumber: number,
): TableSchema {
  const target = targets.get(start.table);
  if (!target)
    throw new BackupError(`archive line ${lineNumber}: table ${start.table} does not exist in this schema`);
  if (start.table in loaded)
    throw new BackupError(`archive line ${lineNumber}: table ${start.table} appears twice`);
  for (const column of start.columns) {
    if (!target.columns.some((c) => c.name === column.name)) {
      throw new BackupError(
        `archive line ${lineNumber}: table ${start.table} has no column ${column.name} in this schema`,
      );
    }
  }
  const early = target.references.find((ref) => header.tables.includes(ref) && !(ref in loaded));
  if (early)
    throw new BackupError(
      `archive line ${lineNumber}: table ${start.table} comes before ${early}, which it references`,
    );
  return target;
}

async function loadTable(
  trx: AnyKysely,
  dialect: SqlDialect,
  header: ArchiveHeader,
  start: TableStart,
  target: TableSchema,
  lines: AsyncGenerator<ArchiveLine>,
  startLine: number,
): Promise<{ rows: number; last: number }> {
  const columns = start.columns.map((c) => c.name);
  const decoders = start.columns.map((column) => {
    const source = { dialect: header.source, type: column.type };
    const into = { dialect, type: target.columns.find((c) => c.name === column.name)?.type ?? column.type };
    return (value: unknown) => decodeValue(value, source, into, sqliteFarFuture);
  });
  const batchSize = insertBatchSize(columns.length);
  let batch: unknown[][] = [];
  let batchStart = startLine + 1;
  let rows = 0;
  let last = startLine;
  const flush = async () => {
    try {
      await insertRows(trx, target.name, columns, batch);
    } catch (error) {
      throw new BackupError(
        `archive lines ${batchStart}-${batchStart + batch.length - 1} (table ${target.name}) could not be stored: ${(error as Error).message}; nothing was restored`,
      );
    }
    batchStart += batch.length;
    batch = [];
  };
  const where = `table ${target.name}`;
  for (;;) {
    const line = await nextLine(lines, where, last);
    if (!line)
      throw new BackupError(
        `the archive ends inside table ${target.name} at line ${last}: it is truncated; nothing was restored`,
      );
    last = line.number;
    const item = parseLine(line, where);
    if (Array.isArray(item)) {
      if (item.length !== columns.length) {
        throw new BackupError(
          `archive line ${line.number} (${where}) has ${item.length} values for ${columns.length} columns`,
        );
      }
      batch.push(item.map((value, i) => (decoders[i] as (v: unknown) => unknown)(value)));
      rows++;
      if (batch.length >= batchSize) await flush();
      continue;
    }
    const end = item as { end?: unknown; rows?: unknown };
    if (end?.end !== target.name)
      throw new BackupError(`archive line ${line.number} (${where}): expected a row or the end of the table`);
    if (end.rows !== rows) {
      throw new BackupError(
        `archive line ${line.number} (${where}) counts ${String(end.rows)} rows but ${rows} were read`,
      );
    }
    await flush();
    return { rows, last: line.number };
  }
}

async function finish(
  trx: AnyKysely,
  dialect: SqlDialect,
  header: ArchiveHeader,
  trailer: ArchiveTrailer,
  loaded: Record<string, number>,
  targets: Map<string, TableSchema>,
  lineNumber: number,
): Promise<void> {
  for (const table of header.tables) {
    if (!(table in loaded))
      throw new BackupError(`archive line ${lineNumber}: table ${table} is missing from the archive`);
    if (trailer.rows?.[table] !== loaded[table]) {
      throw new BackupError(
        `archive line ${lineNumber}: the trailer counts ${trailer.rows?.[table]} rows of ${table}, the archive holds ${loaded[table]}`,
      );
    }
  }
  for (const [table, expected] of Object.entries(loaded)) {
    const target = targets.get(table);
    if (target) await advanceSequence(trx, dialect, target, trailer.sequences?.[table] ?? 0);
    const stored = await countRows(trx, table);
    if (stored !== expected) {
      throw new BackupError(
        `table ${table}: ${stored} rows stored but the archive holds ${expected}; nothing was restored`,
      );
    }
  }
}
