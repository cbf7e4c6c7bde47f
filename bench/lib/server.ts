import { type ChildProcess, spawn } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';

export interface ServerProcess {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/** A port nothing listens on right now (the OS picks it; we release it for the server). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

async function healthy(url: string): Promise<boolean> {
  try {
    const response = await fetch(`${url}/health`);
    return response.ok;
  } catch {
    return false;
  }
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/**
 * The bench's server entry in the form this bench runs in: compiled beside it (dist-bench/,
 * built by `npm run bench`) so the server measured is the code `flowlane serve` runs in
 * production, or the TypeScript source through tsx when the bench itself runs from sources.
 */
function serverEntry(): string[] {
  if (import.meta.url.endsWith('.ts')) return ['--import', 'tsx', path.resolve('bench/serve.ts')];
  return [path.resolve('dist-bench/serve.js')];
}

/**
 * Starts the bench's server (bench/serve.ts: `flowlane serve` plus the trivial route) as its
 * own process on a free port and waits until `/health` answers. Logs at warn level so the
 * bench measures the server, not the terminal; what it does print is kept and shown if it
 * fails to start.
 */
export async function startServerProcess(
  env: Record<string, string>,
  nodeArgs: string[] = [],
  workers = 1,
): Promise<ServerProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, ...serverEntry()], {
    // One load generator drives every request from one address: the public routes' per-address
    // limit (PUBLIC_RATE_LIMIT_PER_MINUTE) would otherwise answer the trivial route with 429s.
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'warn',
      PUBLIC_RATE_LIMIT_PER_MINUTE: '1000000',
      FLOWLANE_BENCH_WORKERS: String(workers),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  const deadline = Date.now() + 60_000;
  while (!(await healthy(url))) {
    if (exited || Date.now() > deadline) {
      await stopChild(child);
      throw new Error(
        `the server did not start (${exited ? `exited with ${child.exitCode}` : 'timed out'}):\n${output}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  if (workers > 1) await untilAWorkerWithoutJobsAnswers(url, deadline);
  return { url, pid: child.pid ?? 0, stop: () => stopChild(child) };
}

/** GET on a connection of its own (the cluster's primary hands out connections, not requests). */
function getOnNewConnection(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { agent: false }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        body += chunk;
      });
      response.on('end', () => resolve(body));
    });
    request.on('error', reject);
  });
}

/**
 * With several workers the first one up answers /health before the others listen; the
 * background jobs run in the first, so an answer from a process without them means a
 * second worker serves too.
 */
async function untilAWorkerWithoutJobsAnswers(url: string, deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    try {
      const ready = JSON.parse(await getOnNewConnection(`${url}/ready`)) as { checks?: { jobs?: string } };
      if (ready.checks?.jobs === 'not run in this process') return;
    } catch {
      // Not answering yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the second worker did not start');
}
