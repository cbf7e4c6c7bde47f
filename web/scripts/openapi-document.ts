/** Prints Flowlane's OpenAPI document (what `GET /openapi.json` serves) to stdout. */
import os from 'node:os';
import path from 'node:path';
import { closeAdapters, createAdapters } from '../../src/adapters/index.js';
import { loadConfig } from '../../src/config/index.js';
import { openDatabase } from '../../src/db/database.js';
import { systemClock } from '../../src/domain/clock.js';
import { buildApp } from '../../src/http/app.js';
import type { AppContext } from '../../src/services/context.js';

// Nothing is stored: the routes are only registered to describe them.
const config = loadConfig({
  DATABASE_URL: 'sqlite::memory:',
  DATA_DIR: path.join(os.tmpdir(), 'flowlane-openapi'),
});
const db = openDatabase({ kind: 'sqlite', filename: ':memory:' });
const ctx: AppContext = { db, clock: systemClock, config, adapters: createAdapters(config) };
const app = await buildApp({ ctx });
await app.ready();
process.stdout.write(JSON.stringify(app.swagger()));
await app.close();
closeAdapters(ctx.adapters);
await db.close();
