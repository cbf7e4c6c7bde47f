/**
 * The server the benchmark drives: `flowlane serve` (the same startServer, settings and
 * shutdown) with the trivial route added. Started as its own process by bench/lib/server.ts,
 * compiled (dist-bench/serve.js) when `npm run bench` built it, through tsx otherwise.
 */
import { loadConfig } from '../src/config/index.js';
import { serveUntilSignalled } from '../src/main.js';
import { benchNoopRoute } from './lib/noop-route.js';

await serveUntilSignalled(loadConfig(), { extraRoutes: [benchNoopRoute] });
