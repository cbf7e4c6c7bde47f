import { MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import {
  createMemoryHistory,
  createRootRoute,
  createRoute,
  createRouter,
  RouterProvider,
} from '@tanstack/react-router';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { FeedFilters } from '../lib/activity';

interface Call {
  method: string;
  path: string;
  init: { params?: { path?: Record<string, unknown>; query?: Record<string, unknown> } };
}
const calls: Call[] = [];
let feed: Record<string, unknown>[] = [];

const ok = (data: unknown) => ({ data, response: new Response(null, { status: 200 }) });

vi.mock('../api/client', async (importOriginal) => {
  const real = await importOriginal<typeof import('../api/client')>();
  return {
    ...real,
    api: {
      GET: vi.fn(async (path: string, init: Call['init']) => {
        calls.push({ method: 'GET', path, init });
        if (path === '/organizations/{org}/users')
          return ok({
            data: [
              { id: 4, full_name: 'Ann Lee' },
              { id: 5, full_name: 'Max Roe' },
            ],
          });
        const page = Number(init.params?.query?.page ?? 1);
        return ok({
          data: feed,
          meta: {
            pagination: {
              total: 21,
              count: feed.length,
              per_page: 20,
              current_page: page,
              total_pages: 2,
              has_more_pages: page < 2,
            },
          },
        });
      }),
      PUT: vi.fn(async (path: string, init: Call['init']) => {
        calls.push({ method: 'PUT', path, init });
        feed = feed.map((a) =>
          a.id === init.params?.path?.activity_feed_id
            ? { ...a, undoable: false, undone_at: '2026-12-03T11:00:00.000Z' }
            : a,
        );
        return ok({ data: feed[0] });
      }),
    },
  };
});

const { ActivityPage } = await import('./activity');

const row = (id: number, extra: Record<string, unknown> = {}) => ({
  id,
  organization_id: 'org1',
  verb: 'updated',
  action: 'task_updated',
  source: 'Member',
  type: 'Task',
  actor_type: 'user',
  actor_id: 4,
  actor: { id: 4, type: 'user', email: 'ann@x.test', full_name: 'Ann Lee' },
  auditable_type: 'Task',
  auditable_id: `t${id}`,
  parentable_type: null,
  parentable_id: null,
  description: `Ann Lee updated title of a task ${id}`,
  field: 'title',
  old_value: 'Draft',
  new_value: `Final ${id}`,
  text: null,
  created_at: '2026-12-03T10:00:00.000Z',
  undoable: false,
  undone_at: null,
  ...extra,
});

function setup(search = '') {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const root = createRootRoute();
  const activity = createRoute({
    getParentRoute: () => root,
    path: '/app/$org/activity',
    validateSearch: (s: Record<string, unknown>): FeedFilters => s as FeedFilters,
    component: ActivityPage,
  });
  const router = createRouter({
    routeTree: root.addChildren([activity]),
    history: createMemoryHistory({ initialEntries: [`/app/org1/activity${search}`] }),
  });
  render(
    <MantineProvider>
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </MantineProvider>,
  );
  return { router, user: userEvent.setup() };
}

const feedCalls = () => calls.filter((c) => c.path === '/organizations/{org}/activity-feeds');

afterEach(() => {
  calls.length = 0;
  feed = [];
});

describe('ActivityPage', () => {
  it('lists rows with old → new values; Undo only where the feed offers it, and it calls undo by id', async () => {
    feed = [row(2, { undoable: true }), row(1)];
    const { user } = setup();
    const table = await screen.findByRole('table', { name: 'Activity' }, { timeout: 5000 });
    expect(within(table).getByText('title: Draft → Final 2')).toBeInTheDocument();
    expect(within(table).getByText('title: Draft → Final 1')).toBeInTheDocument();
    const undos = within(table).getAllByRole('button', { name: /^Undo/ });
    expect(undos).toHaveLength(1);
    expect(undos[0]).toHaveAccessibleName('Undo: Ann Lee updated title of a task 2 (title: Draft → Final 2)');
    await user.click(undos[0] as HTMLElement);
    await within(table).findByText('Undone');
    expect(calls.filter((c) => c.method === 'PUT')).toEqual([
      {
        method: 'PUT',
        path: '/organizations/{org}/activity-feed/{activity_feed_id}/undo',
        init: { params: { path: { org: 'org1', activity_feed_id: 2 } } },
      },
    ]);
    expect(within(table).queryByRole('button', { name: /^Undo/ })).toBeNull();
  });

  it('filters from the address reach the feed query; an actor chosen joins them', async () => {
    feed = [row(1)];
    const { user, router } = setup('?type=Process&id=r1&from=2026-12-01');
    await screen.findByRole('table', { name: 'Activity' }, { timeout: 5000 });
    expect(feedCalls()[0]?.init.params?.query).toEqual({
      per_page: 20,
      entity_type: 'run',
      entity_id: 'r1',
      created_after: '2026-12-01',
    });
    await user.click(screen.getByRole('combobox', { name: 'Actor' }));
    await user.click(await screen.findByRole('option', { name: 'Max Roe', hidden: true }, { timeout: 3000 }));
    await waitFor(() => expect(router.state.location.search).toMatchObject({ actor: 5 }));
    await waitFor(() =>
      expect(feedCalls().at(-1)?.init.params?.query).toEqual({
        per_page: 20,
        entity_type: 'run',
        entity_id: 'r1',
        created_after: '2026-12-01',
        actor_id: 5,
      }),
    );
  });

  it('an id without an object type is explained at the field and not asked for', async () => {
    setup('?id=abc');
    const input = await screen.findByRole('textbox', { name: 'Object id' }, { timeout: 5000 });
    expect(input).toHaveAccessibleDescription(
      'Choose a template, process, step, task or comment to look up by id.',
    );
    await screen.findByText('Adjust the filters');
    expect(feedCalls()).toEqual([]);
  });

  it('pages of 20: the second page is asked for by number', async () => {
    feed = [row(1)];
    const { user } = setup();
    await screen.findByText('21 entries', undefined, { timeout: 5000 });
    await user.click(screen.getByRole('button', { name: 'Page 2' }));
    await waitFor(() => expect(feedCalls().at(-1)?.init.params?.query).toEqual({ per_page: 20, page: 2 }));
  });
});
