import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
let dir: string;
const dbFile = path.join(os.tmpdir(), `flowlane-built-${process.pid}.db`);

beforeAll(async () => {
  // Inside the project, so the bundle finds its packages in node_modules like dist/ does.
  const cache = path.resolve('node_modules/.cache');
  fs.mkdirSync(cache, { recursive: true });
  dir = fs.mkdtempSync(path.join(cache, 'flowlane-build-'));
  // As `npm run bench` builds: the product in dist/, the benchmark beside it in dist-bench/.
  await run(process.execPath, [
    'scripts/build.mjs',
    '--quiet',
    '--bench',
    '--outdir',
    path.join(dir, 'dist'),
  ]);
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
    const cli = path.join(dir, 'dist', 'cli.js');
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

  it('carries no benchmark code in dist/: the bench command loads the separate dist-bench/ build', () => {
    const out = path.join(dir, 'dist');
    const bundled = fs.readdirSync(out).filter((name) => name.endsWith('.js.map'));
    const sources = bundled.flatMap(
      (map) => JSON.parse(fs.readFileSync(path.join(out, map), 'utf8')).sources as string[],
    );
    expect(sources.some((source) => source.includes('/src/cli.ts'))).toBe(true);
    expect(sources.filter((source) => /(^|\/)bench\//.test(source))).toEqual([]);
    const code = fs.readFileSync(path.join(out, 'cli.js'), 'utf8');
    expect(code).not.toContain('/bench/noop');
    expect(code).toContain('import("../dist-bench/run.js")');
    const benchServer = fs.readFileSync(path.join(dir, 'dist-bench', 'serve.js'), 'utf8');
    expect(benchServer).toContain('/bench/noop');
  });
});
