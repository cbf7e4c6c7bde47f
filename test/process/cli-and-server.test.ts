import { type ChildProcess, execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const BIN = path.resolve('bin/flowlane.js');
let dir: string;
let env: NodeJS.ProcessEnv;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowlane-cli-'));
  env = { ...process.env, DATABASE_URL: `sqlite:${path.join(dir, 'cli.db')}`, LOG_LEVEL: 'info' };
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function flowlane(...args: string[]) {
  const { stdout } = await run(process.execPath, [BIN, ...args], { env });
  return stdout;
}

describe('the flowlane command', () => {
  it('creates an organization, a user and a token, printing exactly one JSON object each', async () => {
    const org = JSON.parse(await flowlane('org', 'create', '--name', 'Cli Org', '--json'));
    expect(org.organization_id).toMatch(/^[0-9a-f]{32}$/);
    const userOut = await flowlane(
      'user',
      'create',
      '--org',
      org.organization_id,
      '--email',
      'Ann@Example.com',
      '--role',
      'admin',
      '--password',
      'a-long-password',
      '--json',
    );
    expect(JSON.parse(userOut)).toEqual({ user_id: expect.any(Number) });
    expect(userOut.trim().split('\n')).toHaveLength(1);
    const token = JSON.parse(await flowlane('token', 'create', '--email', 'ann@example.com', '--json'));
    expect(token.access_token).toMatch(/^flp_/);
  });

  it('prints a fresh demo token each time, reusing the demo organization', async () => {
    const first = JSON.parse(await flowlane('demo', '--json'));
    const second = JSON.parse(await flowlane('demo', '--json'));
    expect(first).toMatchObject({ email: 'demo@flowlane.local', user_id: expect.any(Number) });
    expect(second.organization_id).toBe(first.organization_id);
    expect(second.access_token).not.toBe(first.access_token);
  });

  it('fails with a clear message and exit code for bad input', async () => {
    const bad = await run(
      process.execPath,
      [BIN, 'user', 'create', '--org', 'x', '--email', 'nope', '--role', 'boss'],
      {
        env,
      },
    ).catch((e: { code: number; stderr: string }) => e);
    expect((bad as { code: number }).code).toBe(1);
    expect((bad as { stderr: string }).stderr).toMatch(/email must be a valid email/);
    const usage = await run(process.execPath, [BIN, 'frobnicate'], { env }).catch((e: { code: number }) => e);
    expect((usage as { code: number }).code).toBe(2);
    const json = await run(
      process.execPath,
      [BIN, 'token', 'create', '--email', 'ghost@example.com', '--json'],
      {
        env,
      },
    ).catch((e: { stdout: string }) => e);
    expect(JSON.parse((json as { stdout: string }).stdout)).toMatchObject({
      error: true,
      code: 'USER_NOT_FOUND',
    });
  });

  it('refuses to start with invalid configuration, naming the problem', async () => {
    const result = await run(process.execPath, [BIN, 'migrate'], {
      env: { ...env, DATABASE_URL: 'mysql://x' },
    }).catch((e: { code: number; stderr: string }) => e);
    expect((result as { code: number }).code).toBe(1);
    expect((result as { stderr: string }).stderr).toMatch(/DATABASE_URL must start with/);
  });
});

describe('flowlane serve', () => {
  let child: ChildProcess | undefined;
  afterAll(() => child?.kill('SIGKILL'));

  it('serves on the configured port and shuts down gracefully on SIGTERM', async () => {
    const { access_token } = JSON.parse(await flowlane('demo', '--json'));
    child = spawn(process.execPath, [BIN, 'serve'], {
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
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 20_000);
      const poll = setInterval(() => {
        const match = /Flowlane listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
        if (match?.[1]) {
          clearInterval(poll);
          clearTimeout(timer);
          resolve(match[1]);
        }
      }, 50);
    });
    const me = await fetch(`${url}/api/me`, { headers: { authorization: `Bearer ${access_token}` } });
    expect(me.status).toBe(200);
    const body = (await me.json()) as { data: { email: string } };
    expect(body.data.email).toBe('demo@flowlane.local');
    expect(output).toMatch(/"reqId":"[^"]+"/);

    const exited = new Promise<number | null>((resolve) => child?.on('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(output).toContain('shutdown complete');
  });
});
