import { Badge, Group, Pagination, Paper, Progress, Stack, Table, Text, Title } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useNavigate, useParams, useSearch } from '@tanstack/react-router';
import { useState } from 'react';
import { api, unwrap } from '../api/client';
import { AnchorLink, ButtonLink } from '../components/links';
import { ListToolbar } from '../components/list-toolbar';
import { Empty, ErrorState, Loading } from '../components/states';
import { absoluteTime } from '../lib/deadline';
import type { Process } from '../lib/types';
import type { ProcessFilter } from '../router';

const FILTERS: { value: ProcessFilter; label: string }[] = [
  { value: 'active', label: 'Active' },
  { value: 'complete', label: 'Completed' },
  { value: 'problem', label: 'Problem' },
  { value: 'archived', label: 'Archived' },
];

export function StatusBadge({ process }: { process: Process }) {
  if (process.archived_at) return <Badge color="gray">Archived</Badge>;
  if (process.has_open_issue) return <Badge color="orange">Problem</Badge>;
  if (process.status === 'complete') return <Badge color="teal">Completed</Badge>;
  return <Badge variant="light">Active</Badge>;
}

/** The tracker: processes by status, searchable by name, in pages of 25. */
export function ProcessesPage() {
  const { org } = useParams({ from: '/app/$org/processes' });
  const search = useSearch({ from: '/app/$org/processes' });
  const navigate = useNavigate({ from: '/app/$org/processes' });
  const status = search.status ?? 'active';
  const page = search.page ?? 1;
  const [text, setText] = useState(search.q ?? '');
  const setQuery = useDebouncedCallback((q: string) => {
    void navigate({ search: (s) => ({ ...s, q: q || undefined, page: undefined }), replace: true });
  }, 300);
  const list = useQuery({
    queryKey: ['processes', org, status, search.q ?? '', page],
    queryFn: async () =>
      unwrap(
        await api.GET('/organizations/{org}/runs', {
          params: {
            path: { org },
            query: {
              status: status === 'archived' ? undefined : status,
              archived: status === 'archived' ? 'only' : undefined,
              q: search.q || undefined,
              page,
              per_page: 25,
            },
          },
        }),
      ),
    placeholderData: keepPreviousData,
  });
  const rows = list.data?.data ?? [];
  const totalPages = list.data?.meta.pagination.total_pages ?? 1;

  return (
    <Stack component="section" aria-labelledby="processes-title">
      <Group justify="space-between">
        <Title order={1} id="processes-title">
          Processes
        </Title>
        <ButtonLink to="/app/$org/launch" params={{ org }} variant="light">
          Launch a process
        </ButtonLink>
      </Group>
      <ListToolbar
        filterLabel="Status"
        filters={FILTERS}
        filter={status}
        onFilter={(v) =>
          void navigate({
            search: (s) => ({ ...s, status: v === 'active' ? undefined : v, page: undefined }),
          })
        }
        searchLabel="Search by name"
        search={text}
        onSearch={(value) => {
          setText(value);
          setQuery(value);
        }}
      />
      <Paper withBorder p="md">
        {list.isPending ? (
          <Loading label="Loading processes" />
        ) : list.isError ? (
          <ErrorState error={list.error} />
        ) : rows.length === 0 ? (
          <Empty title="No processes here">Launch one from a template.</Empty>
        ) : (
          <Table.ScrollContainer minWidth={560}>
            <Table verticalSpacing="sm">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Template</Table.Th>
                  <Table.Th>Progress</Table.Th>
                  <Table.Th>Status</Table.Th>
                  <Table.Th>Due</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((p) => (
                  <Table.Tr key={p.id}>
                    <Table.Td>
                      <AnchorLink to="/app/$org/processes/$runId" params={{ org, runId: p.id }} fw={600}>
                        {p.name}
                      </AnchorLink>
                    </Table.Td>
                    <Table.Td>{p.checklist_title}</Table.Td>
                    <Table.Td miw={120}>
                      <Progress
                        value={p.progress.percent}
                        aria-label={`${p.name}: ${p.progress.percent}% done`}
                      />
                      <Text size="xs" c="dimmed">
                        {p.progress.complete} of {p.progress.total} tasks
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <StatusBadge process={p} />
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" className={p.due_date_passed ? 'deadline-overdue' : undefined}>
                        {p.due_date ? absoluteTime(p.due_date) : '—'}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Paper>
      {totalPages > 1 ? (
        <Pagination
          total={totalPages}
          value={page}
          onChange={(p) => void navigate({ search: (s) => ({ ...s, page: p === 1 ? undefined : p }) })}
          getControlProps={(control) => ({ 'aria-label': `${control} page` })}
          getItemProps={(p) => ({ 'aria-label': `Page ${p}` })}
        />
      ) : null}
    </Stack>
  );
}
