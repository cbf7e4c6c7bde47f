import type { FastifyInstance, FastifySchema, RouteOptions } from 'fastify';

/** One registered route, as the tenant-isolation walk and tooling read it. */
export interface RouteEntry {
  method: string;
  url: string;
  public: boolean;
  schema: FastifySchema | undefined;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route registered after `collectRoutes`, one entry per method (HEAD left out). */
    routeTable: RouteEntry[];
  }
}

/** Starts recording routes; call before the route modules are registered. */
export function collectRoutes(app: FastifyInstance): void {
  const table: RouteEntry[] = [];
  app.decorate('routeTable', table);
  app.addHook('onRoute', (route: RouteOptions) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      if (method === 'HEAD') continue;
      table.push({
        method,
        url: route.url,
        public: Boolean((route.config as { public?: boolean } | undefined)?.public),
        schema: route.schema,
      });
    }
  });
}
