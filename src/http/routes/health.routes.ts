import { Type } from 'typebox';
import { pingDatabase } from '../../db/repositories/system-repository.js';
import type { RouteModule } from '../types.js';

export const healthRoutes: RouteModule = (app, ctx) => {
  app.get(
    '/health',
    {
      config: { public: true, pressureExempt: true },
      schema: {
        tags: ['System'],
        summary: 'Liveness and database check',
        response: {
          200: Type.Object({ status: Type.Literal('ok'), database: Type.String() }),
          503: Type.Object({
            status: Type.Literal('unavailable'),
            database: Type.String(),
            error: Type.String(),
          }),
        },
      },
    },
    async (request, reply) => {
      try {
        await pingDatabase(ctx.db.kysely);
        return { status: 'ok' as const, database: ctx.db.dialect };
      } catch (err) {
        // The driver's message may name hosts, users or schemas: it goes to the log only.
        request.log.warn({ err }, 'health check: the database did not answer');
        return reply.status(503).send({
          status: 'unavailable' as const,
          database: ctx.db.dialect,
          error: 'The database did not answer.',
        });
      }
    },
  );
};
