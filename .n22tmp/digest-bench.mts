import { loadConfig } from '../src/config/index.js';
import { openDatabase } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { findDigestTasks, findGroupsOfMembers } from '../src/db/repositories/notifications-digest-repository.js';
import { sendDueDigests } from '../src/services/notifications/digest.js';
import { systemClock } from '../src/domain/clock.js';

const file = process.argv[2] ?? '/tmp/flowlane-bench-100000.db';
const db = openDatabase({ kind: 'sqlite', filename: file });
await migrateToLatest(db);
const config = loadConfig({ LOG_LEVEL: 'silent' });
const ctx = { db, clock: systemClock, config };
const k = db.kysely;
const tasks = await k.selectFrom('tasks').select((eb) => eb.fn.countAll().as('n')).executeTakeFirst();
const members = await k.selectFrom('memberships').select(['organization_id', 'user_id']).where('status', '=', 'active').execute();
console.log('tasks', tasks?.n, 'active members', members.length);
let t0 = performance.now();
let r = await sendDueDigests(ctx as never);
console.log('pass 0 (creates settings rows, schedules):', r, `${(performance.now() - t0).toFixed(1)} ms`);
await k.updateTable('notification_settings').set({ next_digest_at: new Date(Date.now() - 1000).toISOString() }).execute();
const org = members[0]!.organization_id;
const ids = members.filter((m) => m.organization_id === org).map((m) => m.user_id);
for (let i = 0; i < 3; i++) {
  t0 = performance.now();
  const groups = await findGroupsOfMembers(k, org, ids);
  const owners = { userIds: ids, groupIds: [...new Set([...groups.values()].flat())] };
  const now = new Date().toISOString();
  const a = await findDigestTasks(k, org, owners, { from: null, before: now }, 20);
  const b = await findDigestTasks(k, org, owners, { from: now, before: new Date(Date.now() + 86_400_000).toISOString() }, 20);
  console.log(`lists for ${ids.length} members: overdue rows ${a.length}, due-today rows ${b.length}: ${(performance.now() - t0).toFixed(1)} ms`);
}
t0 = performance.now();
r = await sendDueDigests(ctx as never);
console.log('pass 1 (all 200 due: queries + MJML + queue):', r, `${(performance.now() - t0).toFixed(1)} ms`);
const sent = await k.selectFrom('outgoing_emails').select((eb) => eb.fn.countAll().as('n')).where('reason', '=', 'notification.digest').executeTakeFirst();
console.log('digest mails stored', sent?.n);
await k.deleteFrom('outgoing_emails').where('reason', '=', 'notification.digest').execute();
await k.deleteFrom('notification_settings').execute();
await db.close();
