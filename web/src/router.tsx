import { QueryClient } from '@tanstack/react-query';
import {
  createRootRouteWithContext,
  createRoute,
  createRouter,
  lazyRouteComponent,
  Outlet,
  redirect,
} from '@tanstack/react-router';
import { api, unwrap } from './api/client';
import { NotFound } from './components/states';
import { type FeedFilters, OBJECT_TYPES, type ObjectType } from './lib/activity';
import { lastOrganization, requireSession } from './lib/session';

export const queryClient = new QueryClient({
  defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false, staleTime: 10_000 } },
});

interface RouterContext {
  queryClient: QueryClient;
}

const rootRoute = createRootRouteWithContext<RouterContext>()({
  component: Outlet,
  notFoundComponent: NotFound,
});

const page = (p: string) => (s: Record<string, unknown>) =>
  typeof s[p] === 'string' ? (s[p] as string) : undefined;

export const signInRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/app/sign-in',
  validateSearch: (s: Record<string, unknown>): { redirect?: string } => ({ redirect: page('redirect')(s) }),
  component: lazyRouteComponent(() => import('./pages/sign-in'), 'SignInPage'),
});

/** /app/: the organization worked in last, or the first one. */
const homeRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/app/',
  beforeLoad: async ({ context, location }) => {
    await requireSession(context.queryClient, location.href);
    const { data } = unwrap(await api.GET('/me/organizations', { params: { query: { per_page: 100 } } }));
    const last = lastOrganization();
    const org = data.find((o) => o.id === last) ?? data[0];
    if (org) throw redirect({ to: '/app/$org/tasks', params: { org: org.id } });
  },
  component: lazyRouteComponent(() => import('./pages/no-organization'), 'NoOrganizationPage'),
});

export const orgRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/app/$org',
  beforeLoad: async ({ context, location }) => ({
    session: await requireSession(context.queryClient, location.href),
  }),
  component: lazyRouteComponent(() => import('./pages/member-layout'), 'MemberLayout'),
});

const orgIndexRoute = createRoute({
  getParentRoute: () => orgRoute,
  path: '/',
  beforeLoad: ({ params }) => {
    throw redirect({ to: '/app/$org/tasks', params });
  },
});

export type InboxView = 'open' | 'overdue' | 'due_soon' | 'upcoming' | 'completed';
const VIEWS: InboxView[] = ['open', 'overdue', 'due_soon', 'upcoming', 'completed'];

export const inboxRoute = createRoute({
  getParentRoute: () => orgRoute,
  path: '/tasks',
  validateSearch: (s: Record<string, unknown>): { view?: InboxView; q?: string; page?: number } => ({
    view: VIEWS.includes(s.view as InboxView) ? (s.view as InboxView) : undefined,
    q: page('q')(s),
    page: typeof s.page === 'number' && s.page > 1 ? Math.floor(s.page) : undefined,
  }),
  component: lazyRouteComponent(() => import('./pages/inbox'), 'InboxPage'),
});

export const taskRoute = createRoute({
  getParentRoute: () => orgRoute,
  path: '/tasks/$taskId',
  component: lazyRouteComponent(() => import('./pages/task'), 'TaskPage'),
});

export type ProcessFilter = 'active' | 'complete' | 'problem' | 'archived';
const PROCESS_FILTERS: ProcessFilter[] = ['active', 'complete', 'problem', 'archived'];

export const processesRoute = createRoute({
  getParentRoute: () => orgRoute,
  path: '/processes',
  validateSearch: (s: Record<string, unknown>): { status?: ProcessFilter; q?: string; page?: number } => ({
    status: PROCESS_FILTERS.includes(s.status as ProcessFilter) ? (s.status as ProcessFilter) : undefined,
    q: page('q')(s),
    page: typeof s.page === 'number' && s.page > 1 ? Math.floor(s.page) : undefined,
  }),
  component: lazyRouteComponent(() => import('./pages/processes'), 'ProcessesPage'),
});

export const processRoute = createRoute({
  getParentRoute: () => orgRoute,
  path: '/processes/$runId',
  component: lazyRouteComponent(() => import('./pages/process'), 'ProcessPage'),
});

export const launchRoute = createRoute({
  getParentRoute: () => orgRoute,
  path: '/launch',
  validateSearch: (s: Record<string, unknown>): { template?: string } => ({ template: page('template')(s) }),
  component: lazyRouteComponent(() => import('./pages/launch'), 'LaunchPage'),
});

export const templatesRoute = createRoute({
  getParentRoute: () => orgRoute,
  path: '/templates',
  component: lazyRouteComponent(() => import('./pages/templates'), 'TemplatesPage'),
});

export const templateEditorRoute = createRoute({
  getParentRoute: () => orgRoute,
  path: '/templates/$templateId',
  component: lazyRouteComponent(() => import('./pages/template-editor'), 'TemplateEditorPage'),
});

export const newTaskRoute = createRoute({
  getParentRoute: () => orgRoute,
  path: '/new-task',
  component: lazyRouteComponent(() => import('./pages/new-task'), 'NewTaskPage'),
});

export const peopleRoute = createRoute({
  getParentRoute: () => orgRoute,
  path: '/people',
  component: lazyRouteComponent(() => import('./pages/people'), 'PeoplePage'),
});

export const settingsRoute = createRoute({
  getParentRoute: () => orgRoute,
  path: '/settings',
  component: lazyRouteComponent(() => import('./pages/settings'), 'SettingsPage'),
});

export const activityRoute = createRoute({
  getParentRoute: () => orgRoute,
  path: '/activity',
  validateSearch: (s: Record<string, unknown>): FeedFilters => ({
    type: OBJECT_TYPES.some((t) => t.value === s.type) ? (s.type as ObjectType) : undefined,
    id: page('id')(s),
    actor: typeof s.actor === 'number' && s.actor >= 1 ? Math.floor(s.actor) : undefined,
    from: page('from')(s),
    to: page('to')(s),
    q: page('q')(s),
    page: typeof s.page === 'number' && s.page > 1 ? Math.floor(s.page) : undefined,
  }),
  component: lazyRouteComponent(() => import('./pages/activity'), 'ActivityPage'),
});

export const webhooksRoute = createRoute({
  getParentRoute: () => orgRoute,
  path: '/webhooks',
  component: lazyRouteComponent(() => import('./pages/webhooks'), 'WebhooksPage'),
});

export const guestRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/guest-all-task/$org/$code',
  validateSearch: (s: Record<string, unknown>): { task?: string } => ({ task: page('task')(s) }),
  component: lazyRouteComponent(() => import('./pages/guest'), 'GuestPage'),
});

const routeTree = rootRoute.addChildren([
  signInRoute,
  homeRoute,
  orgRoute.addChildren([
    orgIndexRoute,
    inboxRoute,
    taskRoute,
    processesRoute,
    processRoute,
    launchRoute,
    newTaskRoute,
    templatesRoute,
    templateEditorRoute,
    peopleRoute,
    settingsRoute,
    activityRoute,
    webhooksRoute,
  ]),
  guestRoute,
]);

export const router = createRouter({
  routeTree,
  context: { queryClient },
  defaultPreload: 'intent',
  scrollRestoration: true,
});

declare module '@tanstack/react-router' {
  interface Register {
    router: typeof router;
  }
}
