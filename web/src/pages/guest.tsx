import { Badge, Box, Card, Container, Group, Image, Stack, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams, useSearch } from '@tanstack/react-router';
import { ApiError, api, unwrap, uploadWithProgress } from '../api/client';
import { DeadlineText } from '../components/deadline-text';
import { Empty, ErrorState, Loading } from '../components/states';
import { type TaskOperations, TaskView } from '../components/task-view';
import type { ChangedByRule, FileAsset, TaskWithIncludes } from '../lib/types';

const WITH = 'form_fields,threads,assets';

/** The guest's forever link: their open and completed tasks, nothing else of the organization. */
export function GuestPage() {
  const { org, code } = useParams({ from: '/guest-all-task/$org/$code' });
  const { task: selected } = useSearch({ from: '/guest-all-task/$org/$code' });
  const base = { org, guest_code: code };
  const organization = useQuery({
    queryKey: ['guest-org', org, code],
    queryFn: async () =>
      unwrap(
        await api.GET('/organizations/{org}/guests/{guest_code}/organization', { params: { path: base } }),
      ).data,
  });
  const tasks = useQuery({
    queryKey: ['guest-tasks', org, code],
    enabled: organization.isSuccess,
    queryFn: async () => {
      const list = async (status: string) =>
        unwrap(
          await api.GET('/organizations/{org}/guests/{guest_code}/tasks', {
            params: { path: base, query: { status, per_page: 100, with: WITH, sort: 'deadline' } },
          }),
        ).data as TaskWithIncludes[];
      const [open, completed] = await Promise.all([list('active_visible'), list('complete')]);
      return { open, completed };
    },
  });

  if (organization.isPending) return <Loading label="Opening your tasks" />;
  if (organization.isError) {
    const gone =
      organization.error instanceof ApiError && [401, 403, 404].includes(organization.error.status);
    return gone ? <InvalidLink /> : <ErrorState error={organization.error} />;
  }
  const o = organization.data;
  const all = [...(tasks.data?.open ?? []), ...(tasks.data?.completed ?? [])];
  const current = all.find((t) => t.id === selected) ?? tasks.data?.open[0];

  return (
    <Box component="main" py="md">
      <Container size="md">
        <Stack>
          <Group gap="sm">
            {o.logo ? <Image src={o.logo} alt={`${o.name} logo`} h={40} w="auto" fit="contain" /> : null}
            <Title order={1} size="h2">
              {o.name}
            </Title>
          </Group>
          <Text c="dimmed">Tasks for {o.meta.guest_email}</Text>
          {tasks.isPending ? (
            <Loading label="Loading your tasks" />
          ) : tasks.isError ? (
            <ErrorState error={tasks.error} />
          ) : (
            <>
              <GuestTaskList
                title="Open tasks"
                tasks={tasks.data.open}
                org={org}
                code={code}
                current={current?.id}
              />
              {current ? (
                <Card withBorder p="md">
                  <GuestTask task={current} org={org} code={code} />
                </Card>
              ) : (
                <Empty title="Nothing to do">You have no open tasks here.</Empty>
              )}
              {tasks.data.completed.length ? (
                <GuestTaskList
                  title="Completed"
                  tasks={tasks.data.completed}
                  org={org}
                  code={code}
                  current={current?.id}
                />
              ) : null}
            </>
          )}
        </Stack>
      </Container>
    </Box>
  );
}

function InvalidLink() {
  return (
    <Container size="sm" py="xl" component="main">
      <Stack>
        <Title order={1}>This link is no longer valid</Title>
        <Text>Ask the person who sent it to you for a new one.</Text>
      </Stack>
    </Container>
  );
}

function GuestTaskList({
  title,
  tasks,
  org,
  code,
  current,
}: {
  title: string;
  tasks: TaskWithIncludes[];
  org: string;
  code: string;
  current: string | undefined;
}) {
  const now = new Date();
  return (
    <Card withBorder component="section" aria-label={title}>
      <Title order={2} size="h4" mb="xs">
        {title} ({tasks.length})
      </Title>
      {tasks.length === 0 ? <Text c="dimmed">None.</Text> : null}
      <Stack gap={6} component="ul" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
        {tasks.map((t) => (
          <Group key={t.id} component="li" justify="space-between" gap="xs">
            <Link
              to="/guest-all-task/$org/$code"
              params={{ org, code }}
              search={{ task: t.id }}
              className="row-link"
              aria-current={t.id === current ? 'true' : undefined}
            >
              {t.title}
            </Link>
            {t.status === 'completed' ? (
              <Badge color="teal">Completed</Badge>
            ) : (
              <DeadlineText status={t.status} deadline={t.deadline} now={now} />
            )}
          </Group>
        ))}
      </Stack>
    </Card>
  );
}

function GuestTask({ task, org, code }: { task: TaskWithIncludes; org: string; code: string }) {
  const queryClient = useQueryClient();
  const path = { org, guest_code: code, task_id: task.id };
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['guest-tasks', org, code] });
  const changed = (data: unknown) =>
    (data as { tasks_changed_by_rules?: Record<string, ChangedByRule> }).tasks_changed_by_rules;
  const ops: TaskOperations = {
    async saveValue(fieldId, value) {
      const saved = unwrap(
        await api.PUT('/organizations/{org}/guests/{guest_code}/tasks/{task_id}', {
          params: { path },
          body: { taskdata: { [fieldId]: value } } as never,
        }),
      );
      await refresh();
      return changed(saved.data);
    },
    async complete(isApproved) {
      const result = unwrap(
        await api.PUT('/organizations/{org}/guests/{guest_code}/tasks/{task_id}/tasks/completed', {
          params: { path },
          body: isApproved === undefined ? {} : { is_approved: isApproved },
        }),
      );
      await refresh();
      return changed(result.data);
    },
    async reopen() {
      const result = unwrap(
        await api.DELETE('/organizations/{org}/guests/{guest_code}/tasks/{task_id}/tasks/completed', {
          params: { path },
        }),
      );
      await refresh();
      return changed(result.data);
    },
    async comment(content) {
      unwrap(
        await api.POST('/organizations/{org}/guests/{guest_code}/tasks/{task_id}/comment', {
          params: { path },
          body: { content } as never,
        }),
      );
      await refresh();
    },
    async editComment(id, content) {
      unwrap(
        await api.PUT('/organizations/{org}/guests/{guest_code}/tasks/{task_id}/comment/{comment_id}', {
          params: { path: { ...path, comment_id: id } },
          body: { content } as never,
        }),
      );
      await refresh();
    },
    async deleteComment(id) {
      unwrap(
        await api.DELETE('/organizations/{org}/guests/{guest_code}/tasks/{task_id}/comment/{comment_id}', {
          params: { path: { ...path, comment_id: id } },
        }),
      );
      await refresh();
    },
    async reportProblem(content) {
      unwrap(
        await api.POST('/organizations/{org}/guests/{guest_code}/tasks/{task_id}/problem', {
          params: { path },
          body: { content } as never,
        }),
      );
      await refresh();
    },
    async resolveProblem(threadId, content) {
      unwrap(
        await api.POST('/organizations/{org}/guests/{guest_code}/tasks/{task_id}/resolved-threads', {
          params: { path },
          body: { thread_id: threadId, content } as never,
        }),
      );
      await refresh();
    },
    async uploadFile(fieldId, file, onProgress) {
      const form = new FormData();
      if (fieldId) form.append('uploaded_from', fieldId);
      form.append('name', file, file.name);
      const body = (await uploadWithProgress(
        `/api/organizations/${org}/guests/${encodeURIComponent(code)}/tasks/${task.id}/file`,
        form,
        onProgress,
      )) as { data: FileAsset };
      if (!fieldId) await refresh();
      return body.data;
    },
    fileUrl: (file) => `/api/organizations/${org}/guests/${encodeURIComponent(code)}/file/${file.id}/dl`,
    ownsThread: (thread) => thread.author_type === 'guest',
  };
  return <TaskView task={task} ops={ops} showHistory={false} />;
}
