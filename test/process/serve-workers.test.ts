import { type ChildProcess, execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseWorkerCount } from '../../src/serve-workers.js';

const run = promisify(execFile);
const BIN = path.resolve('bin/flowlane.js');
let dir: string;
let env: NodeJS.ProcessEnv;
let child: ChildProcess | undefined;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowlane-workers-'));
  env = { ...process.env, DATABASE_URL: `sqlite:${path.join(dir, 'workers.db')}`, LOG_LEVEL: 'info' };
});
afterAll(() => {
  child?.kill('SIGKILL');
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('--workers', () => {
  it('takes a count from 1 to 64 or auto, and refuses anything else', () => {
    expect(parseWorkerCount(undefined)).toBe(1);
    expect(parseWorkerCount('2')).toBe(2);
    expect(parseWorkerCount('auto')).toBe(Math.min(64, os.availableParallelism()));
    for (const bad of ['0', '65', '1.5', 'two', '']) {
      expect(parseWorkerCount(bad)).toBeInstanceOf(Error);
    }
  });

  it('answers a bad count with the usage and exit code 2', async () => {
    const failed = await run(process.execPath, [BIN, 'serve', '--workers', 'lots'], { env }).catch(
      (e: { code: number; stderr: string }) => e,
    );
    expect((failed as { code: number }).code).toBe(2);
    expect((failed as { stderr: string }).stderr).toMatch(/--workers must be a whole number from 1 to 64/);
  }, 60_000);
});

describe('flowlane serve --workers 2 on SQLite', () => {
  it('serves from two processes on one port, writes from both without "database is locked", runs the jobs in one, and stops on SIGTERM', async () => {
    const demo = JSON.parse((await run(process.execPath, [BIN, 'demo', '--json'], { env })).stdout);
    const headers = { authorization: `Bearer ${demo.access_token}`, 'content-type': 'application/json' };
    child = spawn(process.execPath, [BIN, 'serve', '--workers', '2'], {
      env: { ...env, PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout?.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr?.on('data', (chunk) => {
      output += chunk;
    });
    const urls = await new Promise<string[]>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`workers did not start:\n${output}`)), 90_000);
      const poll = setInterval(() => {
        const found = [...output.matchAll(/Flowlane listening at (http:\/\/127\.0\.0\.1:\d+)/g)].map(
          (m) => m[1],
        );
        if (found.length === 2) {
          clearInterval(poll);
          clearTimeout(timer);
          resolve(found as string[]);
        }
      }, 50);
    });
    expect(urls[0]).toBe(urls[1]);
    const url = urls[0] as string;
    const org = demo.organization_id as string;

    // Forty one-off tasks created at once: every one lands, whichever process took it.
    const creates = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        fetch(`${url}/api/organizations/${org}/tasks`, {
          method: 'POST',
          headers,
          body: JSON.stringify({
            title: `Parallel ${i}`,
            task_type: 'task',
            deadline: '2030-01-09 17:00:00',
          }),
        }),
      ),
    );
    expect(creates.map((r) => r.status)).toEqual(Array(40).fill(201));
    const list = await fetch(`${url}/api/organizations/${org}/tasks?per_page=100`, { headers });
    const titles = ((await list.json()) as { data: Array<{ title: string }> }).data.map((t) => t.title);
    expect(titles.filter((t) => t.startsWith('Parallel '))).toHaveLength(40);

    // Both processes answer: one runs the background jobs, the other says it does not.
    const seen = new Set<string>();
    for (let i = 0; i < 40 && seen.size < 2; i++) {
      const ready = (await (await fetch(`${url}/ready`)).json()) as { checks: { jobs: string } };
      seen.add(ready.checks.jobs === 'not run in this process' ? 'without jobs' : 'with jobs');
    }
    expect([...seen].sort()).toEqual(['with jobs', 'without jobs']);

    const exited = new Promise<number | null>((resolve) => child?.on('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(output.match(/shutdown complete/g)).toHaveLength(2);
    expect(output).not.toMatch(/database is locked|SQLITE_BUSY/);
  }, 150_000);
});
