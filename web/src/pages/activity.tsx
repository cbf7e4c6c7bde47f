import {
  Badge,
  Button,
  Group,
  Pagination,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useParams, useSearch } from '@tanstack/react-router';
import { useState } from 'react';
import { api, unwrap } from '../api/client';
import { Empty, ErrorState, Loading } from '../components/states';
import { changeText, type FeedFilters, feedQuery, OBJECT_TYPES, type ObjectType } from '../lib/activity';
import { absoluteTime } from '../lib/deadline';
import { useMembers } from '../lib/members';
import { toast, toastFailure } from '../lib/toast';

/** The organization's activity feed: filters in the address, 20 rows a page, Undo where offered. */
export function ActivityPage() {
  const { org } = useParams({ from: '/app/$org/activity' });
  const search = useSearch({ from: '/app/$org/activity' });
  const navigate = useNavigate({ from: '/app/$org/activity' });
  const queryClient = useQueryClient();
  const members = useMembers(org);
  const [text, setText] = useState({ id: search.id ?? '', q: search.q ?? '' });
  const { query, errors } = feedQuery(search);
  const valid = Object.keys(errors).length === 0;

  const set = (changes: Partial<FeedFilters>) =>
    void navigate({ search: (s) => ({ ...s, ...changes, page: undefined }), replace: true });
  const setDebounced = useDebouncedCallback((changes: Partial<FeedFilters>) => set(changes), 300);

  const feed = useQuery({
    queryKey: ['activity', org, query],
    queryFn: async () =>
      unwrap(await api.GET('/organizations/{org}/activity-feeds', { params: { path: { org }, query } })),
    enabled: valid,
    placeholderData: keepPreviousData,
  });
  const undo = useMutation({
    mutationFn: async (id: number) =>
      unwrap(
        await api.PUT('/organizations/{org}/activity-feed/{activity_feed_id}/undo', {
          params: { path: { org, activity_feed_id: id } },
        }),
      ),
    onSuccess: async () => {
      toast('Undone.');
      await queryClient.invalidateQueries({ queryKey: ['activity', org] });
    },
    onError: toastFailure,
  });
  const rows = feed.data?.data ?? [];
  const totalPages = feed.data?.meta.pagination.total_pages ?? 1;
  const page = search.page ?? 1;
  const memberOptions = [...(members.data?.values() ?? [])]
    .sort((a, b) => a.name.localeCompare(b.name) || a.id - b.id)
    .map((m) => ({ value: String(m.id), label: m.name }));

  return (
    <Stack component="section" aria-labelledby="activity-title">
      <Title order={1} id="activity-title">
        Activity
      </Title>
      <Paper
        withBorder
        p="md"
        component="form"
        aria-label="Filter the activity"
        onSubmit={(e) => e.preventDefault()}
      >
        <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }}>
          <Select
            label="Object type"
            placeholder="Any"
            clearable
            data={OBJECT_TYPES.map((t) => ({ value: t.value, label: t.label }))}
            value={search.type ?? null}
            onChange={(v) => set({ type: (v as ObjectType | null) ?? undefined })}
          />
          <TextInput
            label="Object id"
            value={text.id}
            error={errors.id}
            onChange={(e) => {
              const id = e.currentTarget.value;
              setText((t) => ({ ...t, id }));
              setDebounced({ id: id.trim() || undefined });
            }}
          />
          <Select
            label="Actor"
            placeholder="Anyone"
            clearable
            searchable
            data={memberOptions}
            value={search.actor ? String(search.actor) : null}
            onChange={(v) => set({ actor: v ? Number(v) : undefined })}
          />
          <TextInput
            label="From"
            type="date"
            value={search.from ?? ''}
            onChange={(e) => set({ from: e.currentTarget.value || undefined })}
          />
          <TextInput
            label="To"
            type="date"
            value={search.to ?? ''}
            error={errors.to}
            onChange={(e) => set({ to: e.currentTarget.value || undefined })}
          />
          <TextInput
            label="Search the activity"
            value={text.q}
            error={errors.q}
            onChange={(e) => {
              const q = e.currentTarget.value;
              setText((t) => ({ ...t, q }));
              setDebounced({ q: q.trim() || undefined });
            }}
          />
        </SimpleGrid>
      </Paper>
      <Paper withBorder p="md">
        {!valid ? (
          <Empty title="Adjust the filters">The filters marked above cannot be searched as they are.</Empty>
        ) : feed.isPending ? (
          <Loading label="Loading activity" />
        ) : feed.isError ? (
          <ErrorState error={feed.error} />
        ) : rows.length === 0 ? (
          <Empty title="No activity matches">Try fewer filters.</Empty>
        ) : (
          <Table verticalSpacing="sm" layout="fixed" aria-label="Activity">
            <Table.Thead>
              <Table.Tr>
                <Table.Th w="50%">What</Table.Th>
                <Table.Th>Change</Table.Th>
                <Table.Th w={84}>
                  <span className="visually-hidden">Actions</span>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((a) => {
                const change = changeText(a, members.data);
                return (
                  <Table.Tr key={a.id}>
                    <Table.Td>
                      <Text size="xs" c="dimmed">
                        {absoluteTime(a.created_at)}
                      </Text>
                      <Text size="sm">{a.description}</Text>
                      <Text size="xs" c="dimmed" style={{ wordBreak: 'break-all' }}>
                        {a.type} · {a.auditable_type} {a.auditable_id}
                      </Text>
                      {a.text ? (
                        <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
                          {a.text}
                        </Text>
                      ) : null}
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                        {change ?? '—'}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      {a.undone_at ? (
                        <Badge color="gray" variant="light">
                          Undone
                        </Badge>
                      ) : a.undoable ? (
                        <Button
                          size="xs"
                          variant="light"
                          aria-label={`Undo: ${a.description}${change ? ` (${change})` : ''}`}
                          loading={undo.isPending && undo.variables === a.id}
                          onClick={() => undo.mutate(a.id)}
                        >
                          Undo
                        </Button>
                      ) : null}
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        )}
      </Paper>
      <Group justify="space-between">
        {feed.data ? (
          <Text size="sm" c="dimmed">
            {feed.data.meta.pagination.total} {feed.data.meta.pagination.total === 1 ? 'entry' : 'entries'}
          </Text>
        ) : (
          <span />
        )}
        {totalPages > 1 ? (
          <Pagination
            total={totalPages}
            value={page}
            onChange={(p) => void navigate({ search: (s) => ({ ...s, page: p === 1 ? undefined : p }) })}
            getControlProps={(control) => ({ 'aria-label': `${control} page` })}
            getItemProps={(p) => ({ 'aria-label': `Page ${p}` })}
          />
        ) : null}
      </Group>
    </Stack>
  );
}
