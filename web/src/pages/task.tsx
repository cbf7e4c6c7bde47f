import { Stack } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useParams, useRouteContext } from '@tanstack/react-router';
import { api, unwrap, uploadWithProgress } from '../api/client';
import { AnchorLink } from '../components/links';
import { Empty, ErrorState, Loading } from '../components/states';
import type { TaskOperations } from '../components/task-view';
import { TaskView } from '../components/task-view';
import { useMembers } from '../lib/members';
import type { ChangedByRule, FileAsset, TaskWithIncludes } from '../lib/types';

const WITH = 'form_fields,threads,assets,activities,run';

export function TaskPage() {
  const { org, taskId } = useParams({ from: '/app/$org/tasks/$taskId' });
  const { session } = useRouteContext({ from: '/app/$org' });
  const queryClient = useQueryClient();
  const members = useMembers(org);
  const key = ['task', org, taskId];
  const task = useQuery({
    queryKey: key,
    queryFn: async () =>
      unwrap(
        await api.GET('/organizations/{org}/tasks/{task_id}', {
          params: { path: { org, task_id: taskId }, query: { with: WITH } },
        }),
      ).data as TaskWithIncludes,
  });

  if (task.isPending) return <Loading label="Loading the task" />;
  if (task.isError) return <ErrorState error={task.error} />;
  const t = task.data;
  if (!t) return <Empty title="No such task" />;

  const refresh = async () => {
    await queryClient.invalidateQueries({ queryKey: key });
    await queryClient.invalidateQueries({ queryKey: ['my-tasks', org] });
    if (t.run_id) await queryClient.invalidateQueries({ queryKey: ['process', org, t.run_id] });
  };
  const path = { org, task_id: taskId };
  const changed = (data: unknown) =>
    (data as { tasks_changed_by_rules?: Record<string, ChangedByRule> }).tasks_changed_by_rules;

  const ops: TaskOperations = {
    async saveValue(fieldId, value) {
      const body = { taskdata: { [fieldId]: value } } as never;
      const saved = t.run_id
        ? unwrap(
            await api.PUT('/organizations/{org}/runs/{run_id}/tasks/{task_id}', {
              params: { path: { ...path, run_id: t.run_id } },
              body,
            }),
          )
        : unwrap(await api.PUT('/organizations/{org}/tasks/{task_id}', { params: { path }, body }));
      await refresh();
      return changed(saved.data);
    },
    async complete(isApproved) {
      const body = { task_id: taskId, ...(isApproved === undefined ? {} : { is_approved: isApproved }) };
      const result = t.run_id
        ? unwrap(
            await api.POST('/organizations/{org}/runs/{run_id}/completed-tasks', {
              params: { path: { org, run_id: t.run_id } },
              body,
            }),
          )
        : unwrap(await api.POST('/organizations/{org}/completed-tasks', { params: { path: { org } }, body }));
      await refresh();
      return changed(result.data);
    },
    async reopen() {
      const result = t.run_id
        ? unwrap(
            await api.DELETE('/organizations/{org}/runs/{run_id}/completed-tasks/{task_id}', {
              params: { path: { ...path, run_id: t.run_id } },
            }),
          )
        : unwrap(await api.DELETE('/organizations/{org}/completed-tasks/{task_id}', { params: { path } }));
      await refresh();
      return changed(result.data);
    },
    async comment(content) {
      unwrap(
        await api.POST('/organizations/{org}/tasks/{task_id}/comment', {
          params: { path },
          body: { content },
        }),
      );
      await refresh();
    },
    async editComment(id, content) {
      unwrap(
        await api.PUT('/organizations/{org}/tasks/{task_id}/comment/{comment_id}', {
          params: { path: { ...path, comment_id: id } },
          body: { content },
        }),
      );
      await refresh();
    },
    async deleteComment(id) {
      unwrap(
        await api.DELETE('/organizations/{org}/tasks/{task_id}/comment/{comment_id}', {
          params: { path: { ...path, comment_id: id } },
        }),
      );
      await refresh();
    },
    async reportProblem(content) {
      unwrap(
        await api.POST('/organizations/{org}/tasks/{task_id}/problem', {
          params: { path },
          body: { content } as never,
        }),
      );
      await refresh();
    },
    async resolveProblem(threadId, content) {
      unwrap(
        await api.POST('/organizations/{org}/tasks/{task_id}/resolved-threads', {
          params: { path },
          body: { thread_id: threadId, content },
        }),
      );
      await refresh();
    },
    async uploadFile(fieldId, file, onProgress) {
      const form = new FormData();
      form.append('subject_type', t.run_id && fieldId ? 'Run' : 'Task');
      form.append('subject_id', t.run_id && fieldId ? t.run_id : taskId);
      if (fieldId) form.append('uploaded_from', fieldId);
      form.append('name', file, file.name);
      const body = (await uploadWithProgress(`/api/organizations/${org}/file`, form, onProgress)) as {
        data: FileAsset;
      };
      if (!fieldId) await refresh();
      return body.data;
    },
    fileUrl: (file) => `/api/organizations/${org}/file/${file.id}/dl`,
    ownsThread: (thread) => thread.author_type !== 'guest' && thread.author_id === session.userId,
  };

  return (
    <Stack>
      <TaskView
        task={t}
        ops={ops}
        members={members.data}
        processLink={
          t.run_id ? (
            <AnchorLink to="/app/$org/processes/$runId" params={{ org, runId: t.run_id }} size="sm">
              {t.run?.data?.name ?? 'Process'}
            </AnchorLink>
          ) : undefined
        }
      />
    </Stack>
  );
}
