import { type ChildProcess, execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdapters } from '../../src/adapters/index.js';
import { loadConfig } from '../../src/config/index.js';
import { openDatabase } from '../../src/db/database.js';
import { systemClock } from '../../src/domain/clock.js';
import { inTransaction } from '../../src/services/context.js';
import { appendEvents } from '../../src/services/events/record.js';
import { startReceiver } from '../helpers/webhook-receiver.js';

const run = promisify(execFile);
const BIN = path.resolve('bin/flowlane.js');
let dir: string;
let env: NodeJS.ProcessEnv;
let child: ChildProcess | undefined;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowlane-worker-'));
  env = {
    ...process.env,
    DATABASE_URL: `sqlite:${path.join(dir, 'worker.db')}`,
    LOG_LEVEL: 'info',
    WEBHOOK_ALLOW_PRIVATE: 'true',
  };
});
afterAll(() => {
  child?.kill('SIGKILL');
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('flowlane worker', () => {
  it('delivers committed events without an HTTP server and stops gracefully on SIGTERM', async () => {
    const { stdout } = await run(process.execPath, [BIN, 'org', 'create', '--name', 'Worker Org', '--json'], {
      env,
    });
    const orgId = JSON.parse(stdout).organization_id as string;
    const receiver = await startReceiver();
    const config = loadConfig(env);
    const db = openDatabase(config.database);
    await inTransaction({ db, clock: systemClock, config, adapters: createAdapters(config) }, (tx) =>
      appendEvents(tx, orgId, [
        {
          name: 'process.launched',
          processId: null,
          taskId: null,
          payload: { id: 'r1' },
          targets: [receiver.url],
        },
      ]),
    );
    await db.close();

    child = spawn(process.execPath, [BIN, 'worker'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout?.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr?.on('data', (chunk) => {
      output += chunk;
    });
    const deadline = Date.now() + 20_000;
    while (receiver.requests.length === 0 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    expect(receiver.requests.map((r) => r.json)).toEqual([{ id: 'r1' }]);
    expect(receiver.requests[0]?.headers['x-tallyfy-orgid']).toBe(orgId);
    expect(output).toContain('Flowlane worker running');
    expect(output).not.toContain('listening');

    const exited = new Promise<number | null>((resolve) => child?.on('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(output).toContain('worker stopped');
    await receiver.close();
  });
});
