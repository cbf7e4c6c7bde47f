import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../src/cli/commands.js';
import { runCli } from '../../src/cli/run-cli.js';

const exec = promisify(execFile);
const BIN = path.resolve('bin/flowlane.js');
let dir: string;
let env: NodeJS.ProcessEnv;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowlane-cli-usage-'));
  env = { ...process.env, DATABASE_URL: `sqlite:${path.join(dir, 'cli.db')}`, LOG_LEVEL: 'silent' };
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

/** The command line run in this process (fast), exactly as bin/flowlane.js runs it. */
async function flowlane(args: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<Outcome> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    stdout: {
      write: (text: string) => {
        stdout += text;
        return true;
      },
    },
    stderr: {
      write: (text: string) => {
        stderr += text;
        return true;
      },
    },
    env: { ...env, ...extraEnv },
    bench: async () => 0,
  });
  return { code, stdout, stderr };
}

/** The real executable, for what only a process shows (its exit code). */
async function flowlaneProcess(args: string[]): Promise<Outcome> {
  try {
    const { stdout, stderr } = await exec(process.execPath, [BIN, ...args], { env });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** The words of a command and, for a wrong call, the usage it must print. */
const usageOf = (name: string) => `Usage: flowlane ${name}`;

describe('flowlane <command> --help', () => {
  it.each(commands.map((c) => c.name))('prints the usage of "%s" and exits 0', async (name) => {
    const out = await flowlane([...name.split(' '), '--help']);
    expect(out.code).toBe(0);
    expect(out.stdout.startsWith(usageOf(name))).toBe(true);
  });
});

describe('a wrong command line', () => {
  it.each(commands.map((c) => c.name))(
    'answers an unknown option of "%s" with one line naming it, that command\'s usage and exit code 2',
    async (name) => {
      const out = await flowlane([...name.split(' '), '--frobnicate']);
      expect(out.code).toBe(2);
      const [first, blank, usage] = out.stderr.split('\n');
      expect(first).toBe("flowlane: Unknown option '--frobnicate'");
      expect(blank).toBe('');
      expect(usage?.startsWith(usageOf(name))).toBe(true);
    },
  );

  it('answers an option without its value with the command usage and exit code 2', async () => {
    const out = await flowlane(['backup', '--to']);
    expect(out.code).toBe(2);
    expect(out.stderr.split('\n')[0]).toBe("flowlane: Option '--to <value>' argument missing");
    expect(out.stderr).toContain(usageOf('backup --to FILE'));
  });

  it('answers a missing required option with the command usage and exit code 2', async () => {
    const out = await flowlane(['restore']);
    expect(out.code).toBe(2);
    expect(out.stderr.split('\n')[0]).toBe('flowlane: option --from is required');
    expect(out.stderr).toContain(usageOf('restore --from FILE'));
  });

  it('answers an unknown command with the general usage and exit code 2', async () => {
    const out = await flowlaneProcess(['frobnicate']);
    expect(out.code).toBe(2);
    expect(out.stderr.split('\n')[0]).toBe('flowlane: unknown command "frobnicate"');
    expect(out.stderr).toContain('Usage: flowlane <command> [options]');
  });

  it('answers an unknown subcommand naming the ones there are, exit code 2', async () => {
    const out = await flowlane(['org', 'delete']);
    expect(out.code).toBe(2);
    expect(out.stderr.split('\n')[0]).toBe('flowlane: "org" has no subcommand "delete" (org create)');
  });

  it('answers a stray argument with the command usage and exit code 2', async () => {
    const out = await flowlane(['migrate', 'now']);
    expect(out.code).toBe(2);
    expect(out.stderr.split('\n')[0]).toMatch(/^flowlane: Unexpected argument 'now'/);
    expect(out.stderr).toContain(usageOf('migrate'));
  });
});

describe('backup and restore from the command line', () => {
  it('backs up with progress on stderr and restores into a new database, each printing one JSON summary', async () => {
    const org = JSON.parse((await flowlane(['org', 'create', '--name', 'Backed Up', '--json'])).stdout);
    const file = path.join(dir, 'flowlane.fbk');
    const backup = await flowlane(['backup', '--to', file, '--json']);
    expect(backup.code).toBe(0);
    expect(backup.stderr).toContain('backed up organizations: 1 row\n');
    const summary = JSON.parse(backup.stdout);
    expect(summary).toMatchObject({ file, format_version: 1, source: 'sqlite', rows: { organizations: 1 } });
    expect(summary.bytes).toBe(fs.statSync(file).size);

    const target = { DATABASE_URL: `sqlite:${path.join(dir, 'restored.db')}` };
    const restored = await flowlane(['restore', '--from', file, '--json'], target);
    expect(restored.code).toBe(0);
    expect(restored.stderr).toContain('restored organizations: 1 row\n');
    expect(JSON.parse(restored.stdout)).toMatchObject({ restored: true, rows: summary.rows });

    const again = await flowlane(['restore', '--from', file], target);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/^flowlane: refusing to restore into a database that is not empty/);
    expect(org.organization_id).toMatch(/^[0-9a-f]{32}$/);
  });
});
