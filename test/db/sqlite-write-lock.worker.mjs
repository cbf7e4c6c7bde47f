// The second SQLite connection of sqlite-write-lock.test.ts, in its own thread (as the
// worker process would be). TypeScript runs through tsx's loader, as in bin/flowlane.js.
import { parentPort, workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { readThenWrite } = await import('./sqlite-write-lock.shared.ts');
parentPort?.postMessage({ ready: true });
try {
  await readThenWrite(workerData.filename, 'worker', workerData.rounds);
  parentPort?.postMessage({ ok: true });
} catch (error) {
  parentPort?.postMessage({ ok: false, error: String(error) });
}
