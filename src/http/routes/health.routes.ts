import { sql } from 'kysely';
import { Type } from 'typebox';
import type { RouteModule } from '../types.js';

export const healthRoutes: RouteModule = (app, ctx) => {
  app.get(
    '/health',
    {
      config: { public: true },
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
    async (_request, reply) => {
      try {
        await sql`select 1`.execute(ctx.db.db);
        return { status: 'ok' as const, database: ctx.db.dialect };
      } catch (error) {
        return reply.status(503).send({
          status: 'unavailable' as const,
          database: ctx.db.dialect,
          error: (error as Error).message,
        });
      }
    },
  );
};
