/**
 * `GET /ready`, the readiness probe: 200 when the database answers, its migrations are
 * current and (in a process that runs them) the background jobs have finished a pass
 * recently; 503 naming what failed otherwise. `/health` stays the liveness check. Messages
 * never carry a driver's error text (it can name hosts and users); that goes to the log.
 */
import { Type } from 'typebox';
import { pendingMigrationNames } from '../../db/migration-state.js';
import { pingDatabase } from '../../db/repositories/system-repository.js';
import type { JobHeartbeat } from '../../jobs/heartbeat.js';
import type { AppContext } from '../../services/context.js';
import type { App } from '../types.js';

const Checks = Type.Object({
  database: Type.String(),
  migrations: Type.String(),
  jobs: Type.String(),
});

export function registerReadyRoute(app: App, ctx: AppContext, heartbeat: JobHeartbeat | undefined): void {
  app.get(
    '/ready',
    {
      config: { public: true, pressureExempt: true },
      schema: {
        tags: ['System'],
        summary: 'Readiness: database, migrations and background jobs',
        response: {
          200: Type.Object({ status: Type.Literal('ready'), checks: Checks }),
          503: Type.Object({
            status: Type.Literal('unavailable'),
            failed: Type.Array(Type.String()),
            checks: Checks,
          }),
        },
      },
    },
    async (request, reply) => {
      const failed: string[] = [];
      const checks = { database: 'ok', migrations: 'ok', jobs: 'ok' };
      try {
        await pingDatabase(ctx.db.kysely);
        const pending = await pendingMigrationNames(ctx.db);
        if (pending.length > 0) {
          failed.push('migrations');
          checks.migrations = `${pending.length} pending (${pending.join(', ')})`;
        }
      } catch (err) {
        request.log.warn({ err }, 'readiness: the database did not answer');
        failed.push('database', 'migrations');
        checks.database = 'the database did not answer';
        checks.migrations = 'unknown: the database did not answer';
      }
      if (!heartbeat || heartbeat.size === 0) {
        checks.jobs = 'not run in this process';
      } else {
        const late = heartbeat.late(Date.now());
        if (late.length > 0) {
          failed.push('jobs');
          checks.jobs = `no pass finished lately: ${late.map((j) => `${j.name} (${Math.round(j.silentMs / 1000)} s)`).join(', ')}`;
        }
      }
      if (failed.length === 0) return { status: 'ready' as const, checks };
      return reply.status(503).send({ status: 'unavailable' as const, failed, checks });
    },
  );
}
