import { Group, Pagination, Paper, SegmentedControl, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useNavigate, useParams, useSearch } from '@tanstack/react-router';
import { Fragment, useState } from 'react';
import { api, unwrap } from '../api/client';
import { ButtonLink } from '../components/links';
import { Empty, ErrorState, Loading } from '../components/states';
import { type ListedTask, TaskRow } from '../components/task-row';
import { type DeadlineGroup, deadlineGroup } from '../lib/deadline';
import { useMembers } from '../lib/members';
import type { InboxView } from '../router';

const PER_PAGE = 50;
const STATUS: Record<InboxView, string> = {
  open: 'active_visible',
  overdue: 'overdue',
  due_soon: 'due_soon',
  upcoming: 'upcoming',
  completed: 'complete',
};
const LABELS: Record<InboxView, string> = {
  open: 'All open',
  overdue: 'Overdue',
  due_soon: 'Due soon',
  upcoming: 'Upcoming',
  completed: 'Completed',
};
const GROUP_TITLES: Record<DeadlineGroup, string> = {
  overdue: 'Overdue',
  due_soon: 'Due soon',
  upcoming: 'Upcoming',
  completed: 'Completed',
};

function useTaskList(org: string, status: string, q: string | undefined, page: number, perPage: number) {
  return useQuery({
    queryKey: ['my-tasks', org, status, q ?? '', page, perPage],
    queryFn: async () =>
      unwrap(
        await api.GET('/organizations/{org}/me/tasks', {
          params: {
            path: { org },
            query: {
              status,
              q: q || undefined,
              page,
              per_page: perPage,
              sort: status === 'complete' ? 'completed_newest' : 'deadline',
              ...(perPage > 1 ? { with: 'run' } : {}),
            },
          },
        }),
      ),
    placeholderData: keepPreviousData,
  });
}

/** My tasks: every open task of mine and my groups', by deadline, in pages of 50. */
export function InboxPage() {
  const { org } = useParams({ from: '/app/$org/tasks' });
  const search = useSearch({ from: '/app/$org/tasks' });
  const navigate = useNavigate({ from: '/app/$org/tasks' });
  const view = search.view ?? 'open';
  const page = search.page ?? 1;
  const [text, setText] = useState(search.q ?? '');
  const setQuery = useDebouncedCallback((q: string) => {
    void navigate({ search: (s) => ({ ...s, q: q || undefined, page: undefined }), replace: true });
  }, 300);

  const list = useTaskList(org, STATUS[view], search.q, page, PER_PAGE);
  const open = useTaskList(org, 'active_visible', search.q, 1, 1);
  const upcoming = useTaskList(org, 'upcoming', search.q, 1, 1);
  const completed = useTaskList(org, 'complete', search.q, 1, 1);
  const members = useMembers(org);
  const now = new Date();

  const meta = open.data?.meta as { overdue_tasks?: number; tasks_due_soon?: number } | undefined;
  const counts: Record<InboxView, number | undefined> = {
    open: open.data?.meta.pagination.total,
    overdue: meta?.overdue_tasks,
    due_soon: meta?.tasks_due_soon,
    upcoming: upcoming.data?.meta.pagination.total,
    completed: completed.data?.meta.pagination.total,
  };
  const tasks = (list.data?.data ?? []) as ListedTask[];
  const totalPages = list.data?.meta.pagination.total_pages ?? 1;

  return (
    <Stack component="section" aria-labelledby="inbox-title">
      <Group justify="space-between">
        <Title order={1} id="inbox-title">
          My tasks
        </Title>
        <ButtonLink to="/app/$org/new-task" params={{ org }} variant="light">
          New one-off task
        </ButtonLink>
      </Group>
      <SegmentedControl
        aria-label="Show"
        fullWidth
        data={(Object.keys(LABELS) as InboxView[]).map((v) => ({
          value: v,
          label: `${LABELS[v]}${counts[v] === undefined ? '' : ` (${counts[v]})`}`,
        }))}
        value={view}
        onChange={(v) =>
          void navigate({
            search: (s) => ({ ...s, view: v === 'open' ? undefined : (v as InboxView), page: undefined }),
          })
        }
        styles={{ root: { flexWrap: 'wrap' } }}
      />
      <TextInput
        label="Filter tasks"
        placeholder="Title contains…"
        value={text}
        onChange={(e) => {
          setText(e.currentTarget.value);
          setQuery(e.currentTarget.value);
        }}
      />
      <Paper withBorder p="md" aria-busy={list.isFetching}>
        {list.isPending ? (
          <Loading label="Loading your tasks" />
        ) : list.isError ? (
          <ErrorState error={list.error} />
        ) : tasks.length === 0 ? (
          <Empty title={search.q ? 'No task matches this filter' : 'Nothing here'}>
            {view === 'completed'
              ? 'Tasks you complete will be listed here.'
              : 'You have no open tasks in this group.'}
          </Empty>
        ) : (
          <TaskList org={org} tasks={tasks} members={members.data} now={now} grouped={view === 'open'} />
        )}
      </Paper>
      {totalPages > 1 ? (
        <Group justify="space-between">
          <Text size="sm" c="dimmed">
            {list.data?.meta.pagination.total} tasks
          </Text>
          <Pagination
            total={totalPages}
            value={page}
            onChange={(p) => void navigate({ search: (s) => ({ ...s, page: p === 1 ? undefined : p }) })}
            getControlProps={(control) => ({ 'aria-label': `${control} page` })}
            getItemProps={(p) => ({ 'aria-label': `Page ${p}` })}
          />
        </Group>
      ) : null}
    </Stack>
  );
}

function TaskList({
  org,
  tasks,
  members,
  now,
  grouped,
}: {
  org: string;
  tasks: ListedTask[];
  members: Parameters<typeof TaskRow>[0]['members'];
  now: Date;
  grouped: boolean;
}) {
  let previous: DeadlineGroup | undefined;
  return (
    <Stack gap={0} component="ul" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
      {tasks.map((task) => {
        const group = deadlineGroup(task.status, task.deadline, now);
        const heading = grouped && group !== previous ? GROUP_TITLES[group] : undefined;
        previous = group;
        return (
          <Fragment key={task.id}>
            {heading ? (
              <Text component="li" fw={700} size="sm" tt="uppercase" c="dimmed" pt="sm">
                {heading}
              </Text>
            ) : null}
            <TaskRow org={org} task={task} members={members} now={now} />
          </Fragment>
        );
      })}
    </Stack>
  );
}
