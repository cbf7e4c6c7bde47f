/** Every resource's routes. A new resource adds its module here. */
import type { RouteModule } from '../types.js';
import { healthRoutes } from './health.routes.js';
import { meRoutes } from './me.routes.js';
import { oauthRoutes } from './oauth.routes.js';
import { organizationRoutes } from './organizations.routes.js';

export const routeModules: RouteModule[] = [healthRoutes, oauthRoutes, meRoutes, organizationRoutes];
