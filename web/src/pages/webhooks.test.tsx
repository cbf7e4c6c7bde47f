import { MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';

interface Call {
  method: string;
  path: string;
  init: { params?: { path?: Record<string, unknown>; query?: Record<string, unknown> }; body?: unknown };
}
const calls: Call[] = [];
type Answer = { status: number; body: unknown };
let answer: (c: Call) => Answer = () => ({ status: 200, body: { data: [] } });

const respond = (method: string) =>
  vi.fn(async (path: string, init: Call['init'] = {}) => {
    const call = { method, path, init };
    calls.push(call);
    const { status, body } = answer(call);
    const ok = status >= 200 && status < 300;
    return {
      data: ok ? body : undefined,
      error: ok ? undefined : body,
      response: new Response(null, { status }),
    };
  });

vi.mock('../api/client', async (importOriginal) => {
  const real = await importOriginal<typeof import('../api/client')>();
  return {
    ...real,
    api: { GET: respond('GET'), POST: respond('POST'), PUT: respond('PUT'), DELETE: respond('DELETE') },
  };
});

const { DeliveryLog, SigningSecret, Subscriptions } = await import('./webhooks');

const pagination = (total: number, total_pages = 1, current_page = 1) => ({
  pagination: { total, count: total, per_page: 10, current_page, total_pages, has_more_pages: false },
});

function renderWith(node: ReactNode) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <MantineProvider>
      <QueryClientProvider client={queryClient}>{node}</QueryClientProvider>
    </MantineProvider>,
  );
  return userEvent.setup();
}

afterEach(() => {
  calls.length = 0;
  answer = () => ({ status: 200, body: { data: [] } });
});

const watcher = (id: number, webhook: string) => ({
  id,
  organization_id: 'org1',
  user_id: 7,
  guest_id: null,
  created_by: 7,
  object_id: 'org1',
  object_type: 'organization',
  frequency: 'electric',
  webhook,
  notification_type: 'webhook',
  is_system_watch: false,
  created_at: '2026-12-03T10:00:00.000Z',
  last_updated: '2026-12-03T10:00:00.000Z',
});

describe('Subscriptions', () => {
  it('lists organization webhook subscriptions and subscribes a URL for the signed-in member', async () => {
    let subs = [watcher(1, 'https://hooks.example.com/a')];
    answer = (c) => {
      if (c.method === 'POST') {
        subs = [...subs, watcher(2, 'https://hooks.example.com/b')];
        return { status: 204, body: undefined };
      }
      return { status: 200, body: { data: subs, meta: pagination(subs.length) } };
    };
    const user = renderWith(<Subscriptions org="org1" userId={7} />);
    await screen.findByText('https://hooks.example.com/a');
    expect(calls[0]).toMatchObject({
      method: 'GET',
      path: '/organizations/{org}/watchers',
      init: { params: { query: { watching: 'organization', notification: 'webhook' } } },
    });
    await user.type(screen.getByLabelText('Webhook URL'), 'https://hooks.example.com/b');
    await user.click(screen.getByRole('button', { name: 'Subscribe' }));
    await screen.findByText('https://hooks.example.com/b');
    expect(calls.find((c) => c.method === 'POST')).toEqual({
      method: 'POST',
      path: '/organizations/{org}/users/{user}/add-watcher',
      init: {
        params: { path: { org: 'org1', user: 7 } },
        body: {
          object_type: 'organization',
          object_id: 'org1',
          notification_type: 'webhook',
          frequency: 'electric',
          webhook: 'https://hooks.example.com/b',
        },
      },
    });
    expect(screen.getByLabelText('Webhook URL')).toHaveValue('');
  });

  it("shows the server's refusal of a URL at the field", async () => {
    answer = (c) =>
      c.method === 'POST'
        ? {
            status: 422,
            body: {
              error: true,
              code: 'WEBHOOK_URL_NOT_ALLOWED',
              message: 'The given data was invalid.',
              errors: { webhook: ['The webhook URL points at a loopback address.'] },
            },
          }
        : { status: 200, body: { data: [], meta: pagination(0) } };
    const user = renderWith(<Subscriptions org="org1" userId={7} />);
    await screen.findByText('No subscriptions yet');
    const input = screen.getByLabelText('Webhook URL');
    await user.type(input, 'http://127.0.0.1/hook');
    await user.click(screen.getByRole('button', { name: 'Subscribe' }));
    await waitFor(() =>
      expect(input).toHaveAccessibleDescription('The webhook URL points at a loopback address.'),
    );
    expect(input).toHaveAttribute('aria-invalid', 'true');
    expect(input).toHaveValue('http://127.0.0.1/hook');
  });

  it('asks before removing a subscription, then removes it by its id', async () => {
    let subs = [watcher(5, 'https://hooks.example.com/a')];
    answer = (c) => {
      if (c.method === 'DELETE') {
        subs = [];
        return { status: 204, body: undefined };
      }
      return { status: 200, body: { data: subs, meta: pagination(subs.length) } };
    };
    const user = renderWith(<Subscriptions org="org1" userId={7} />);
    await user.click(await screen.findByRole('button', { name: 'Remove https://hooks.example.com/a' }));
    const dialog = await screen.findByRole('dialog', { name: 'Remove this subscription?' });
    expect(calls.some((c) => c.method === 'DELETE')).toBe(false);
    await user.click(within(dialog).getByRole('button', { name: 'Remove subscription' }));
    await screen.findByText('No subscriptions yet');
    expect(calls.filter((c) => c.method === 'DELETE')).toEqual([
      {
        method: 'DELETE',
        path: '/organizations/{org}/remove-watcher/{watcher}',
        init: { params: { path: { org: 'org1', watcher: 5 } } },
      },
    ]);
  });
});

describe('SigningSecret', () => {
  it('does not ask for the secret until it is revealed', async () => {
    answer = () => ({ status: 200, body: { data: { secret: 'whsec_first' } } });
    const user = renderWith(<SigningSecret org="org1" />);
    const field = screen.getByLabelText('Current signing secret');
    expect(field).not.toHaveValue(expect.stringContaining('first'));
    expect(calls).toEqual([]);
    await user.click(screen.getByRole('button', { name: 'Reveal secret' }));
    await waitFor(() => expect(field).toHaveValue('whsec_first'));
    expect(calls.map((c) => c.path)).toEqual(['/organizations/{org}/webhook-secret']);
    await user.click(screen.getByRole('button', { name: 'Hide secret' }));
    expect(field).not.toHaveValue('whsec_first');
  });

  it('rotates only after the confirmation and shows the new secret', async () => {
    answer = (c) => ({
      status: 200,
      body: { data: { secret: c.method === 'POST' ? 'whsec_second' : 'whsec_first' } },
    });
    const user = renderWith(<SigningSecret org="org1" />);
    await user.click(screen.getByRole('button', { name: 'Rotate secret' }));
    const dialog = await screen.findByRole('dialog', { name: 'Rotate the signing secret?' });
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(calls).toEqual([]);
    await user.click(screen.getByRole('button', { name: 'Rotate secret' }));
    await user.click(
      within(await screen.findByRole('dialog', { name: 'Rotate the signing secret?' })).getByRole('button', {
        name: 'Rotate',
      }),
    );
    await waitFor(() => expect(screen.getByLabelText('Current signing secret')).toHaveValue('whsec_second'));
    expect(calls.map((c) => `${c.method} ${c.path}`)).toEqual([
      'POST /organizations/{org}/webhook-secret/rotate',
    ]);
  });
});

const delivery = (
  id: string,
  status: string,
  attempts: { attempt: number; status_code: number | null }[],
) => ({
  id,
  event_id: `e-${id}`,
  event: 'task.completed',
  url: 'https://hooks.example.com/a',
  subscription: 'watcher',
  status,
  attempts_count: attempts.length,
  next_attempt_at: null,
  last_status_code: attempts.at(-1)?.status_code ?? null,
  last_error: null,
  created_at: '2026-12-03T10:00:00.000Z',
  completed_at: null,
  attempts: {
    data: attempts.map((a) => ({
      ...a,
      duration_ms: 12,
      error: a.status_code === null ? 'connect ECONNREFUSED' : null,
      response_snippet: null,
      started_at: '2026-12-03T10:00:01.000Z',
    })),
  },
});

describe('DeliveryLog', () => {
  it('shows each attempt with its answer, and Replay sends that delivery again', async () => {
    answer = (c) =>
      c.method === 'POST'
        ? { status: 200, body: { data: delivery('d1', 'pending', []) } }
        : {
            status: 200,
            body: {
              data: [
                delivery('d1', 'failed', [
                  { attempt: 1, status_code: null },
                  { attempt: 2, status_code: 500 },
                ]),
              ],
              meta: pagination(1),
            },
          };
    const user = renderWith(<DeliveryLog org="org1" />);
    const attempts = await screen.findByRole('list', { name: 'Attempts of task.completed d1' });
    const items = within(attempts)
      .getAllByRole('listitem')
      .map((li) => li.textContent);
    expect(items).toEqual([
      expect.stringMatching(/^#1 No answer: connect ECONNREFUSED in 12 ms · /),
      expect.stringMatching(/^#2 HTTP 500 in 12 ms · /),
    ]);
    const table = screen.getByRole('table', { name: 'Webhook deliveries' });
    expect(within(table).getByText('Failed')).toBeInTheDocument();
    expect(within(table).getByText('Last answer 500')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: /^Replay task\.completed of / }));
    await waitFor(() =>
      expect(calls.filter((c) => c.method === 'POST')).toEqual([
        {
          method: 'POST',
          path: '/organizations/{org}/webhook-deliveries/{delivery}/replay',
          init: { params: { path: { org: 'org1', delivery: 'd1' } } },
        },
      ]),
    );
  });

  it('pages through the log ten at a time', async () => {
    answer = (c) => {
      const page = Number(c.init.params?.query?.page ?? 1);
      return {
        status: 200,
        body: {
          data: [delivery(`p${page}`, 'succeeded', [{ attempt: 1, status_code: 200 }])],
          meta: pagination(11, 2, page),
        },
      };
    };
    const user = renderWith(<DeliveryLog org="org1" />);
    await screen.findByRole('list', { name: 'Attempts of task.completed p1' });
    await user.click(screen.getByRole('button', { name: 'Page 2' }));
    await screen.findByRole('list', { name: 'Attempts of task.completed p2' });
    expect(calls.map((c) => c.init.params?.query)).toEqual([
      { status: undefined, page: 1, per_page: 10 },
      { status: undefined, page: 2, per_page: 10 },
    ]);
  });
});
