import {
  createMemoryHistory,
  createRootRoute,
  createRoute,
  createRouter,
  Outlet,
} from '@tanstack/react-router';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderRouter } from '../test-render';
import type { InAppNotification } from './notification-bell';

const calls: { method: string; path: string; params: unknown }[] = [];
let items: InAppNotification[] = [];

const ok = (data: unknown) => ({ data, response: new Response(null, { status: 200 }) });

vi.mock('../api/client', async (importOriginal) => {
  const real = await importOriginal<typeof import('../api/client')>();
  return {
    ...real,
    api: {
      GET: vi.fn(async (path: string, params: unknown) => {
        calls.push({ method: 'GET', path, params });
        return ok({ data: items, meta: { unread: items.filter((n) => !n.is_read).length } });
      }),
      PUT: vi.fn(async (path: string, init: { params: { path: { notification?: string } } }) => {
        calls.push({ method: 'PUT', path, params: init.params });
        if (path.endsWith('/read-all')) {
          const marked = items.filter((n) => !n.is_read).length;
          items = items.map((n) => ({ ...n, is_read: true }));
          return ok({ data: { marked } });
        }
        items = items.map((n) => (n.id === init.params.path.notification ? { ...n, is_read: true } : n));
        return ok({ data: items.find((n) => n.id === init.params.path.notification) });
      }),
    },
  };
});

const { NotificationBell } = await import('./notification-bell');

const note = (id: string, title: string, extra: Partial<InAppNotification> = {}): InAppNotification => ({
  id,
  kind: 'assigned',
  title,
  text: null,
  task_id: `task-${id}`,
  run_id: null,
  is_read: false,
  created_at: '2026-12-03T10:00:00.000Z',
  ...extra,
});

function setup() {
  const root = createRootRoute({
    component: () => (
      <>
        <NotificationBell org="org1" />
        <Outlet />
      </>
    ),
  });
  const tasks = createRoute({ getParentRoute: () => root, path: '/app/$org/tasks', component: () => null });
  const task = createRoute({
    getParentRoute: () => root,
    path: '/app/$org/tasks/$taskId',
    component: () => <p>Task page</p>,
  });
  const router = createRouter({
    routeTree: root.addChildren([tasks, task]),
    history: createMemoryHistory({ initialEntries: ['/app/org1/tasks'] }),
  });
  renderRouter(router);
  return { router, user: userEvent.setup() };
}

afterEach(() => {
  calls.length = 0;
  items = [];
});

describe('NotificationBell', () => {
  it('names the unread count, lists newest first as links to their tasks, and marks one read on open', async () => {
    items = [
      note('n2', 'You were assigned “Sign the contract”'),
      note('n1', 'Bob commented on “Call the supplier”', { kind: 'comment', is_read: true }),
    ];
    const { router, user } = setup();
    const bell = await screen.findByRole('button', { name: 'Notifications, 1 unread' }, { timeout: 5000 });
    expect(calls[0]).toMatchObject({ method: 'GET', path: '/organizations/{org}/me/notifications' });

    await user.click(bell);
    const list = await screen.findByRole('list', { name: 'Latest notifications' });
    const links = within(list).getAllByRole('link');
    expect(links.map((a) => a.textContent)).toEqual([
      expect.stringContaining('Unread: You were assigned “Sign the contract”'),
      expect.stringContaining('Bob commented on “Call the supplier”'),
    ]);
    expect(links[0]).toHaveAttribute('href', '/app/org1/tasks/task-n2');

    await user.click(links[0] as HTMLElement);
    await screen.findByText('Task page');
    expect(router.state.location.pathname).toBe('/app/org1/tasks/task-n2');
    await waitFor(() =>
      expect(calls.filter((c) => c.method === 'PUT')).toEqual([
        {
          method: 'PUT',
          path: '/organizations/{org}/me/notifications/{notification}/read',
          params: { path: { org: 'org1', notification: 'n2' } },
        },
      ]),
    );
    await screen.findByRole('button', { name: 'Notifications' });
  });

  it('opening a read notification does not mark it again', async () => {
    items = [note('n1', 'Done before', { is_read: true })];
    const { user } = setup();
    await user.click(await screen.findByRole('button', { name: 'Notifications' }));
    await user.click(await screen.findByRole('link', { name: /Done before/ }));
    await screen.findByText('Task page');
    expect(calls.some((c) => c.method === 'PUT')).toBe(false);
  });

  it('"Mark all read" clears the count', async () => {
    items = [note('n3', 'Third'), note('n2', 'Second'), note('n1', 'First')];
    const { user } = setup();
    await user.click(await screen.findByRole('button', { name: 'Notifications, 3 unread' }));
    await user.click(await screen.findByRole('button', { name: 'Mark all read' }));
    await screen.findByRole('button', { name: 'Notifications' });
    expect(calls.filter((c) => c.method === 'PUT').map((c) => c.path)).toEqual([
      '/organizations/{org}/me/notifications/read-all',
    ]);
    expect(screen.getByRole('button', { name: 'Mark all read' })).toBeDisabled();
  });

  it('says so when there is nothing', async () => {
    const { user } = setup();
    await user.click(await screen.findByRole('button', { name: 'Notifications' }));
    await screen.findByText('Nothing new.');
  });
});
