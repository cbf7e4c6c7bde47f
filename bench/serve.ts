/**
 * The server the benchmark drives: `flowlane serve` (the same startServer, settings, workers
 * and shutdown) with the trivial route added. Started as its own process by bench/lib/server.ts,
 * compiled (dist-bench/serve.js) when `npm run bench` built it, through tsx otherwise.
 */
import { loadConfig } from '../src/config/index.js';
import { serveWithWorkers } from '../src/serve-workers.js';
import { benchNoopRoute } from './lib/noop-route.js';

// FLOWLANE_BENCH_WORKERS: the bench's --workers, as `flowlane serve --workers N`.
const workers = Number(process.env.FLOWLANE_BENCH_WORKERS ?? '1');
await serveWithWorkers(loadConfig(), workers, { extraRoutes: [benchNoopRoute] });
