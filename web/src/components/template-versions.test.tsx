import { createMemoryHistory, createRootRoute, createRoute, createRouter } from '@tanstack/react-router';
import { screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderRouter } from '../test-render';

interface Run {
  id: string;
  name: string;
  status: string;
  checklist_version: number | null;
}
let runs: Run[] = [];
let total = 0;
const queries: Record<string, unknown>[] = [];

vi.mock('../api/client', async (importOriginal) => {
  const real = await importOriginal<typeof import('../api/client')>();
  const get = vi.fn(async (path: string, init: { params: { query: Record<string, unknown> } }) => {
    if (path !== '/organizations/{org}/runs') throw new Error(`unexpected GET ${path}`);
    queries.push(init.params.query);
    return {
      data: { data: runs, meta: { pagination: { total, total_pages: 1, current_page: 1 } } },
      response: new Response(null, { status: 200 }),
    };
  });
  return { ...real, api: { GET: get } };
});

const { byVersion, TemplateVersions } = await import('./template-versions');

const run = (id: string, version: number | null): Run => ({
  id,
  name: `Process ${id}`,
  status: 'active',
  checklist_version: version,
});

function setup(current: number, published: boolean) {
  const root = createRootRoute();
  const page = createRoute({
    getParentRoute: () => root,
    path: '/app/$org/templates/$templateId',
    component: () => <TemplateVersions org="org1" templateId="t1" current={current} published={published} />,
  });
  const process = createRoute({
    getParentRoute: () => root,
    path: '/app/$org/processes/$runId',
    component: () => <p>Process</p>,
  });
  const router = createRouter({
    routeTree: root.addChildren([page, process]),
    history: createMemoryHistory({ initialEntries: ['/app/org1/templates/t1'] }),
  });
  renderRouter(router);
}

afterEach(() => {
  runs = [];
  total = 0;
  queries.length = 0;
});

describe('byVersion', () => {
  it('groups processes by the version they run, newest version first, keeping their order', () => {
    const rows = byVersion([run('a', 1), run('b', 3), run('c', 1), run('d', 2)]);
    expect(rows.map((r) => [r.version, r.processes.map((p) => p.id)])).toEqual([
      [3, ['b']],
      [2, ['d']],
      [1, ['a', 'c']],
    ]);
  });
});

describe('TemplateVersions', () => {
  it("asks for the template's most recent processes, archived ones too", async () => {
    setup(1, true);
    await screen.findByText('No process has been launched from this template yet.', undefined, {
      timeout: 5000,
    });
    expect(queries).toEqual([{ checklist_id: 't1', archived: 'true', per_page: 100, sort: '-created_at' }]);
  });

  it('lists each version with its processes as links, marks the current one and counts the rest', async () => {
    runs = [run('p1', 2), ...Array.from({ length: 7 }, (_, i) => run(`q${i}`, 1))];
    total = 8;
    setup(2, false);
    const table = await screen.findByRole('table', { name: 'Processes by version' }, { timeout: 5000 });
    const [, v2, v1] = within(table).getAllByRole('row');
    expect(within(v2 as HTMLElement).getByText('Version 2')).toBeInTheDocument();
    expect(within(v2 as HTMLElement).getByText('current')).toBeInTheDocument();
    expect(within(v2 as HTMLElement).getByRole('link', { name: 'Process p1' })).toHaveAttribute(
      'href',
      '/app/org1/processes/p1',
    );
    expect(within(v1 as HTMLElement).getByText('7 processes')).toBeInTheDocument();
    expect(within(v1 as HTMLElement).getAllByRole('link')).toHaveLength(5);
    expect(within(v1 as HTMLElement).getByText('and 2 more')).toBeInTheDocument();
    expect(screen.getByText(/Version 2 is being edited/)).toBeInTheDocument();
    expect(screen.queryByText(/most recent of/)).toBeNull();
  });

  it('says when only the most recent hundred processes were read', async () => {
    runs = [run('p1', 1)];
    total = 250;
    setup(1, true);
    await screen.findByText('From the 100 most recent of 250 processes.', undefined, { timeout: 5000 });
  });
});
