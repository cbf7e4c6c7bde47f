import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
let dir: string;
const dbFile = path.join(os.tmpdir(), `flowlane-built-${process.pid}.db`);

beforeAll(() => {
  // Inside the project, so the bundle finds its packages in node_modules like dist/ does.
  const cache = path.resolve('node_modules/.cache');
  fs.mkdirSync(cache, { recursive: true });
  dir = fs.mkdtempSync(path.join(cache, 'flowlane-build-'));
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${dbFile}${suffix}`, { force: true });
});

/**
 * `npm install` / `npm start` compile Flowlane to dist/ (scripts/build.mjs) and
 * bin/flowlane.js runs that when it is current. The compiled bundle must run the same
 * commands as the sources: built here into a temporary folder (dist/ is left alone).
 */
describe('the compiled build', () => {
  it('bundles the command, which migrates a database and issues a token like the sources do', async () => {
    const out = path.join(dir, 'dist');
    await run(process.execPath, ['scripts/build.mjs', '--quiet', '--outdir', out]);
    const cli = path.join(out, 'cli.js');
    expect(fs.existsSync(cli)).toBe(true);
    const env = {
      ...process.env,
      DATABASE_URL: `sqlite:${path.join(os.tmpdir(), `flowlane-built-${process.pid}.db`)}`,
    };
    const help = await run(process.execPath, [cli, '--help'], { env });
    expect(help.stdout).toMatch(/^Usage: flowlane <command>/);
    const demo = JSON.parse((await run(process.execPath, [cli, 'demo', '--json'], { env })).stdout);
    expect(demo.access_token).toMatch(/^flp_/);
  });
});
