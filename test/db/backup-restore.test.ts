import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { Migrator } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countRows, describeTargetTables, findNonEmptyTable } from '../../src/db/backup/restore-loader.js';
import type { DbHandle } from '../../src/db/database.js';
import { executedMigrationNames, knownMigrationNames } from '../../src/db/migration-state.js';
import { migrations } from '../../src/db/migrations/index.js';
import { buildApp } from '../../src/http/app.js';
import { restoreBackup } from '../../src/services/backup/restore-backup.js';
import { writeBackup } from '../../src/services/backup/write-backup.js';
import { createOrganization } from '../../src/services/identity/organizations.js';
import { apiClient } from '../helpers/api.js';
import {
  configOfTestDatabase,
  type FreshDatabase,
  freshDatabase,
  readArchive,
  tempArchive,
} from '../helpers/backup.js';
import { createTestContext, type TestContext, testDatabaseKind } from '../helpers/context.js';
import { createOrgWithAdmin, type TestOrg } from '../helpers/factories.js';
import { seedVictim, type Victim } from '../helpers/isolation-fixtures.js';
import { createTemplate, plainSteps } from '../helpers/templates.js';

const kind = testDatabaseKind();
const other = kind === 'sqlite' ? 'postgres' : 'sqlite';
const havePostgres = Boolean(process.env.TEST_DATABASE_URL);
const name = `backup_${randomBytes(4).toString('hex')}`;
const sqliteFile = path.join(os.tmpdir(), `flowlane-test-${name}.db`);
let t: TestContext;
const cleanup: (() => Promise<void>)[] = [];

beforeAll(async () => {
  t = await createTestContext({}, { databaseName: name });
});
afterAll(async () => {
  for (const step of cleanup.reverse()) await step();
  await t.close();
});

async function fresh(which: 'sqlite' | 'postgres'): Promise<FreshDatabase> {
  const db = await freshDatabase(which);
  cleanup.push(db.drop);
  return db;
}

function archive(): string {
  const file = tempArchive();
  cleanup.push(async () => fs.rmSync(file, { force: true }));
  return file;
}

const source = () => configOfTestDatabase(t.db, sqliteFile);

describe('backup while the server works', () => {
  it('holds every launch and completion acknowledged before the backup began, in one consistent snapshot', async () => {
    const org = await createOrgWithAdmin(t.ctx);
    const api = apiClient(t.app, org.admin.token);
    const template = await createTemplate(api, org.orgId, { steps: plainSteps(2) });
    const acknowledged: { kind: 'launch' | 'complete'; id: string; at: number }[] = [];
    let stop = false;
    const client = (async () => {
      while (!stop) {
        const run = await api.post(`/organizations/${org.orgId}/runs`, { checklist_id: template.id });
        expect(run.status).toBe(201);
        acknowledged.push({ kind: 'launch', id: run.body.data.id, at: performance.now() });
        const tasks = await api.get(`/organizations/${org.orgId}/runs/${run.body.data.id}/tasks`);
        const first = tasks.body.data[0].id as string;
        const done = await api.post(`/organizations/${org.orgId}/runs/${run.body.data.id}/completed-tasks`, {
          task_id: first,
        });
        expect(done.status).toBe(200);
        acknowledged.push({ kind: 'complete', id: first, at: performance.now() });
      }
    })();
    while (acknowledged.length < 10) await new Promise((r) => setTimeout(r, 5));
    const file = archive();
    const began = performance.now();
    await writeBackup(source(), file);
    stop = true;
    await client;

    const tables = await readArchive(file);
    const processes = new Map((tables.processes ?? []).map((p) => [p.id, p]));
    const tasks = new Map((tables.tasks ?? []).map((row) => [row.id, row]));
    const before = acknowledged.filter((a) => a.at < began);
    expect(before.length).toBeGreaterThanOrEqual(10);
    for (const write of before) {
      if (write.kind === 'launch') expect(processes.has(write.id), `process ${write.id}`).toBe(true);
      else expect(tasks.get(write.id)?.status, `task ${write.id}`).toBe('completed');
    }
    // One snapshot: each process's counters agree with its tasks, nothing half-written.
    for (const [id, process] of processes) {
      if (process.organization_id !== org.orgId) continue;
      const own = [...tasks.values()].filter((task) => task.process_id === id);
      expect(own).toHaveLength(2);
      expect(process.tasks_completed).toBe(own.filter((task) => task.status === 'completed').length);
    }
  });
});

/** GETs a sample of lists and single objects the way a client would. */
async function answers(app: Awaited<ReturnType<typeof buildApp>>, victim: Victim) {
  const api = apiClient(app, victim.org.admin.token);
  const base = `/organizations/${victim.org.orgId}`;
  const v = (key: string) => victim.values.get(key);
  const urls = [
    '/me',
    base,
    `${base}/users`,
    `${base}/users/${v('user')}`,
    `${base}/guests`,
    `${base}/groups`,
    `${base}/groups/${v('group')}`,
    `${base}/checklists`,
    `${base}/checklists/${v('template')}?with=steps,prerun`,
    `${base}/runs`,
    `${base}/runs/${v('process')}?with=checklist,tasks`,
    `${base}/runs/${v('process')}/tasks`,
    `${base}/runs/${v('process')}/activity`,
    `${base}/tasks`,
    `${base}/tasks/${v('task')}?with=threads`,
    `${base}/assets/${v('asset')}`,
    `${base}/outgoing-emails`,
  ];
  const out: Record<string, unknown> = {};
  for (const url of urls) {
    const res = await api.get(url);
    expect(res.status, `${url}: ${JSON.stringify(res.body)}`).toBe(200);
    out[url] = res.body;
  }
  return out;
}

async function appOn(db: DbHandle) {
  const app = await buildApp({ ctx: { ...t.ctx, db } });
  await app.ready();
  cleanup.push(() => app.close());
  return app;
}

async function rowCounts(db: FreshDatabase | DbHandle): Promise<Record<string, number>> {
  const handle = 'handle' in db ? db.handle : db;
  const counts: Record<string, number> = {};
  for (const table of await describeTargetTables(handle.kysely, handle.dialect)) {
    counts[table.name] = await countRows(handle.kysely, table.name);
  }
  return counts;
}

describe('a round trip through the other database', () => {
  let victim: Victim;
  beforeAll(async () => {
    victim = await seedVictim(t);
  });

  it.skipIf(!havePostgres)(
    `moves a seeded organization ${kind} → ${other} → ${kind} with every row, id and sequence, and the API answers the same`,
    async () => {
      const original = await answers(t.app, victim);
      const counts = await rowCounts(t.db);

      const first = archive();
      await writeBackup(source(), first);
      const middle = await fresh(other);
      const restored = await restoreBackup(middle.handle, first);
      expect(restored.rows).toEqual(counts);
      expect(await answers(await appOn(middle.handle), victim)).toEqual(original);

      const second = archive();
      await writeBackup(middle.config, second);
      const back = await fresh(kind);
      await restoreBackup(back.handle, second);
      expect(await rowCounts(back)).toEqual(counts);
      const app = await appOn(back.handle);
      expect(await answers(app, victim)).toEqual(original);

      // Sequences continue past the restored ids: a new member gets a fresh id.
      const maxUser = Math.max(...((await readArchive(second)).users ?? []).map((u) => Number(u.id)));
      const api = apiClient(app, victim.org.admin.token);
      const invited = await api.post(`/organizations/${victim.org.orgId}/users/invite`, {
        email: `after-restore-${randomBytes(3).toString('hex')}@example.com`,
        first_name: 'After',
      });
      expect(invited.status).toBe(200);
      expect(invited.body.data.id).toBeGreaterThan(maxUser);
    },
    60_000,
  );
});

describe('restore refuses', () => {
  let org: TestOrg;
  beforeAll(async () => {
    org = await createOrgWithAdmin(t.ctx);
    await createTemplate(apiClient(t.app, org.admin.token), org.orgId, { steps: plainSteps(3) });
  });

  it('a database that is not empty, naming a table that has rows', async () => {
    const file = archive();
    await writeBackup(source(), file);
    await expect(restoreBackup(t.db, file)).rejects.toThrow(
      /refusing to restore into a database that is not empty \(table \w+ has rows\)/,
    );
  });

  it('a truncated archive, naming where it ends, and leaves the database without tables or migrations', async () => {
    const file = archive();
    await writeBackup(source(), file);
    const bytes = fs.readFileSync(file);
    fs.writeFileSync(file, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
    const target = await fresh(kind);
    await expect(restoreBackup(target.handle, file)).rejects.toThrow(
      /the archive is damaged after line \d+ \((after )?table \w+\).*nothing was restored/,
    );
    expect(await findNonEmptyTable(target.handle.kysely, target.handle.dialect)).toBeUndefined();
    expect(await executedMigrationNames(target.handle.kysely, target.handle.dialect)).toEqual([]);
    expect(Object.keys(await rowCounts(target))).toEqual([]);
  });

  it('an archive whose row line is corrupt, naming the table and line', async () => {
    const file = archive();
    await writeBackup(source(), file);
    const lines = zlib.gunzipSync(fs.readFileSync(file)).toString('utf8').split('\n');
    const start = lines.findIndex((l) => l.startsWith('{"table":"template_steps"'));
    lines[start + 1] = '["cut off';
    fs.writeFileSync(file, zlib.gzipSync(lines.join('\n')));
    const target = await fresh(kind);
    await expect(restoreBackup(target.handle, file)).rejects.toThrow(
      `archive line ${start + 2} (table template_steps) is not valid JSON: the archive is corrupt`,
    );
    expect(await executedMigrationNames(target.handle.kysely, target.handle.dialect)).toEqual([]);
  });
});

describe('an archive from an older schema', () => {
  it('restores and then runs the migrations that came after it', async () => {
    const older = await fresh(kind);
    const known = knownMigrationNames();
    const upTo = '0600-deadline-sweeps';
    const migrator = new Migrator({
      db: older.handle.kysely,
      ...(older.config.kind === 'postgres' && older.config.schema
        ? { migrationTableSchema: older.config.schema }
        : {}),
      provider: {
        getMigrations: async () =>
          Object.fromEntries(
            Object.entries(migrations).map(([n, m]) => [n, { up: (db) => m.up(db, older.handle.dialect) }]),
          ),
      },
    });
    expect((await migrator.migrateTo(upTo)).error).toBeUndefined();
    const organization = await createOrganization({ ...t.ctx, db: older.handle }, { name: 'Older schema' });
    const file = archive();
    const summary = await writeBackup(older.config, file);
    expect(summary.schema_version).toBe(upTo);

    const target = await fresh(kind);
    const restored = await restoreBackup(target.handle, file);
    expect(restored).toMatchObject({ archive_schema_version: upTo, schema_version: known.at(-1) });
    expect(await executedMigrationNames(target.handle.kysely, target.handle.dialect)).toEqual(known);
    const row = await target.handle.kysely
      .selectFrom('organizations')
      .select(['id', 'name'])
      .executeTakeFirst();
    expect(row).toEqual({ id: organization.id, name: 'Older schema' });
  });
});
