/**
 * A real `flowlane serve` for the end-to-end run: a fresh SQLite database in a temporary
 * directory, a free port, seeded through the CLI and the public API as an installer would.
 */
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = path.join(root, 'bin', 'flowlane.js');

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

export async function startServer() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowlane-e2e-'));
  const port = await freePort();
  const env = {
    ...process.env,
    DATA_DIR: dir,
    DATABASE_URL: `sqlite:${path.join(dir, 'e2e.db')}`,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    // The run checks the pages, not overload protection: a busy machine's event-loop lag
    // would otherwise turn the browser's requests away with 503s.
    OVERLOAD_EVENT_LOOP_DELAY_MS: '0',
    // The webhooks scenario's receiver listens on 127.0.0.1.
    WEBHOOK_ALLOW_PRIVATE: 'true',
  };
  const cli = (...args) =>
    JSON.parse(execFileSync(process.execPath, [bin, ...args, '--json'], { env, encoding: 'utf8' }));
  // Migrates the new database before the server opens it.
  cli('migrate');
  const child = spawn(process.execPath, [bin, 'serve'], { env, stdio: ['ignore', 'inherit', 'inherit'] });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`flowlane serve exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/health`)).ok) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) throw new Error('flowlane serve did not answer /health within 90 s');
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    cli,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** JSON calls with a bearer token, failing loudly on any answer but the expected one. */
export function apiAs(url, token) {
  return async (method, route, body, expected = [200, 201]) => {
    const res = await fetch(`${url}/api${route}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        accept: 'application/json',
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!expected.includes(res.status)) throw new Error(`${method} ${route} answered ${res.status}: ${text}`);
    return text ? JSON.parse(text) : undefined;
  };
}
