import { createMemoryHistory, createRootRoute, createRoute, createRouter } from '@tanstack/react-router';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderRouter } from '../test-render';

interface Row {
  id: string;
  title: string;
  is_pinned: boolean;
  steps_count: number;
  version: number;
  is_published_state: boolean;
  archived_at: string | null;
  folder_id: string | null;
  folder?: { data: { id: string; name: string } | null };
}
type Call = {
  method: string;
  path: string;
  init: { params?: { query?: Record<string, unknown> }; body?: unknown };
};
const calls: Call[] = [];
let rows: Row[] = [];
let stars = new Set<string>();

const ok = (data: unknown) => ({ data, response: new Response(null, { status: 200 }) });
const row = (id: string, title: string, extra: Partial<Row> = {}): Row => ({
  id,
  title,
  is_pinned: false,
  steps_count: 3,
  version: 1,
  is_published_state: true,
  archived_at: null,
  folder_id: null,
  ...extra,
});

vi.mock('../api/client', async (importOriginal) => {
  const real = await importOriginal<typeof import('../api/client')>();
  const record = (method: string) =>
    vi.fn(async (path: string, init: Call['init']) => {
      calls.push({ method, path, init });
      const subject = (init.body as { subject_id?: string } | undefined)?.subject_id;
      if (path === '/organizations/{org}/folders')
        return ok({ data: [{ id: 'f1', name: 'Finance', folder_type: 'checklist' }] });
      if (path === '/organizations/{org}/checklists') {
        const q = init.params?.query ?? {};
        let list = [...rows].sort((a, b) => a.title.localeCompare(b.title));
        if (q.starred === true) list = list.filter((r) => stars.has(r.id));
        if (q.folder) list = list.filter((r) => r.folder_id === q.folder);
        return ok({ data: list });
      }
      if (path.endsWith('/pin')) {
        const id = (init.params as { path: { checklist_id: string } }).path.checklist_id;
        const on = (init.body as { is_pinned: boolean }).is_pinned;
        rows = rows.map((r) => (r.id === id ? { ...r, is_pinned: on } : r));
        return ok({ data: rows.find((r) => r.id === id) });
      }
      if (path === '/organizations/{org}/favorite' && subject) {
        if (method === 'POST') stars.add(subject);
        else stars.delete(subject);
        return ok({ data: {} });
      }
      throw new Error(`unexpected ${method} ${path}`);
    });
  return {
    ...real,
    api: { GET: record('GET'), PUT: record('PUT'), POST: record('POST'), DELETE: record('DELETE') },
  };
});

const { TemplatesPage } = await import('./templates');

function setup() {
  const root = createRootRoute();
  const list = createRoute({
    getParentRoute: () => root,
    path: '/app/$org/templates',
    component: TemplatesPage,
  });
  const editor = createRoute({
    getParentRoute: () => root,
    path: '/app/$org/templates/$templateId',
    component: () => <p>Editor</p>,
  });
  const router = createRouter({
    routeTree: root.addChildren([list, editor]),
    history: createMemoryHistory({ initialEntries: ['/app/org1/templates'] }),
  });
  renderRouter(router);
  return userEvent.setup();
}

const titles = () =>
  within(screen.getByRole('table'))
    .getAllByRole('link')
    .map((a) => a.textContent);

afterEach(() => {
  calls.length = 0;
  rows = [];
  stars = new Set();
});

describe('TemplatesPage', () => {
  it('lists pinned templates first, each part by title', async () => {
    rows = [row('t1', 'Audit'), row('t2', 'Purchase request', { is_pinned: true }), row('t3', 'Billing')];
    setup();
    await screen.findByRole('link', { name: 'Audit' }, { timeout: 5000 });
    expect(titles()).toEqual(['Purchase request', 'Audit', 'Billing']);
    expect(screen.getByRole('button', { name: 'Pin Purchase request' })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
    expect(screen.getByRole('button', { name: 'Pin Audit' })).toHaveAttribute('aria-pressed', 'false');
  });

  it('Pin sends is_pinned and moves the template to the top; pressing it again unpins', async () => {
    rows = [row('t1', 'Audit'), row('t2', 'Billing')];
    const user = setup();
    const pin = await screen.findByRole('button', { name: 'Pin Billing' }, { timeout: 5000 });
    await user.click(pin);
    await waitFor(() => expect(titles()).toEqual(['Billing', 'Audit']));
    expect(calls.find((c) => c.method === 'PUT')).toMatchObject({
      path: '/organizations/{org}/checklists/{checklist_id}/pin',
      init: { body: { is_pinned: true } },
    });
    await user.click(screen.getByRole('button', { name: 'Pin Billing' }));
    await waitFor(() => expect(titles()).toEqual(['Audit', 'Billing']));
    expect(calls.filter((c) => c.method === 'PUT').at(-1)?.init.body).toEqual({ is_pinned: false });
  });

  it('Star stars the template for oneself (a favorite) and unstars it', async () => {
    rows = [row('t1', 'Audit')];
    const user = setup();
    const star = await screen.findByRole('button', { name: 'Star Audit' }, { timeout: 5000 });
    expect(star).toHaveAttribute('aria-pressed', 'false');
    await user.click(star);
    await waitFor(() =>
      expect(screen.getByRole('button', { name: 'Star Audit' })).toHaveAttribute('aria-pressed', 'true'),
    );
    expect(calls.find((c) => c.method === 'POST')).toMatchObject({
      path: '/organizations/{org}/favorite',
      init: { body: { subject_id: 't1', subject_type: 'Checklist' } },
    });
    await user.click(screen.getByRole('button', { name: 'Star Audit' }));
    await waitFor(() =>
      expect(screen.getByRole('button', { name: 'Star Audit' })).toHaveAttribute('aria-pressed', 'false'),
    );
    expect(calls.find((c) => c.method === 'DELETE')).toMatchObject({
      path: '/organizations/{org}/favorite',
      init: { body: { subject_id: 't1', subject_type: 'Checklist' } },
    });
  });

  it('names each template’s folder; the folder filter asks the API for one folder’s templates', async () => {
    rows = [
      row('t1', 'Audit', { folder_id: 'f1', folder: { data: { id: 'f1', name: 'Finance' } } }),
      row('t2', 'Billing', { folder: { data: null } }),
    ];
    const user = setup();
    await screen.findByRole('link', { name: 'Billing' }, { timeout: 5000 });
    // A template names its folder; one in no folder says nothing.
    expect(screen.getAllByText(/^in /).map((e) => e.textContent)).toEqual(['in Finance']);
    await user.click(await screen.findByRole('combobox', { name: 'Folder' }));
    await user.click(await screen.findByRole('option', { name: 'Finance', hidden: true }));
    await waitFor(() => expect(titles()).toEqual(['Audit']));
    const asked = calls.filter((c) => c.method === 'GET' && c.path === '/organizations/{org}/checklists');
    expect(asked.at(-1)?.init.params?.query).toMatchObject({ folder: 'f1' });
  });
});
