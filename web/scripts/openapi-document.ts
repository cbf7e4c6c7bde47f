/** Prints Flowlane's OpenAPI document (what `GET /openapi.json` serves) to stdout. */
import { loadConfig } from '../../src/config/index.js';
import { openDatabase } from '../../src/db/database.js';
import { systemClock } from '../../src/domain/clock.js';
import { buildApp } from '../../src/http/app.js';

const config = loadConfig({ DATABASE_URL: 'sqlite::memory:' });
const db = openDatabase({ kind: 'sqlite', filename: ':memory:' });
const app = await buildApp({ ctx: { db, clock: systemClock, config } });
await app.ready();
process.stdout.write(JSON.stringify(app.swagger()));
await app.close();
await db.close();
