import { Button, Card, MultiSelect, Stack, Textarea, TextInput, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate, useParams, useRouteContext } from '@tanstack/react-router';
import { useState } from 'react';
import { ApiError, api, unwrap } from '../api/client';
import { ErrorState } from '../components/states';
import { useMembers } from '../lib/members';
import { toast } from '../lib/toast';

/** A one-off task: a title, a deadline and who does it (the member by default). */
export function NewTaskPage() {
  const { org } = useParams({ from: '/app/$org/new-task' });
  const { session } = useRouteContext({ from: '/app/$org' });
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const members = useMembers(org);
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [deadline, setDeadline] = useState('');
  const [owners, setOwners] = useState<string[]>([String(session.userId)]);
  const [failure, setFailure] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const fieldError = (key: string) =>
    failure instanceof ApiError ? failure.fieldErrors[key]?.[0] : undefined;

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setFailure(undefined);
    try {
      const { data } = unwrap(
        await api.POST('/organizations/{org}/tasks', {
          params: { path: { org } },
          body: {
            title,
            task_type: 'task',
            description: description || undefined,
            deadline: deadline ? new Date(deadline).toISOString() : '',
            owners: { users: owners.map(Number), guests: [], groups: [] },
          } as never,
        }),
      );
      toast('Task created');
      await queryClient.invalidateQueries({ queryKey: ['my-tasks', org] });
      await navigate({ to: '/app/$org/tasks/$taskId', params: { org, taskId: data.id } });
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Stack component="section" aria-labelledby="new-task-title" maw={640}>
      <Title order={1} id="new-task-title">
        New one-off task
      </Title>
      <Card withBorder component="form" onSubmit={submit} noValidate>
        <Stack>
          {failure && !(failure instanceof ApiError && Object.keys(failure.fieldErrors).length) ? (
            <ErrorState error={failure} title="The task was not created" />
          ) : null}
          <TextInput
            label="Title"
            required
            value={title}
            onChange={(e) => setTitle(e.currentTarget.value)}
            error={fieldError('title')}
          />
          <Textarea
            label="Description"
            autosize
            minRows={3}
            value={description}
            onChange={(e) => setDescription(e.currentTarget.value)}
          />
          <TextInput
            label="Deadline"
            type="datetime-local"
            required
            value={deadline}
            onChange={(e) => setDeadline(e.currentTarget.value)}
            error={fieldError('deadline')}
          />
          <MultiSelect
            label="Assignees"
            searchable
            data={[...(members.data?.values() ?? [])].map((p) => ({ value: String(p.id), label: p.name }))}
            value={owners}
            onChange={setOwners}
            error={fieldError('owners') ?? fieldError('owners.users')}
          />
          <Button type="submit" loading={busy}>
            Create task
          </Button>
        </Stack>
      </Card>
    </Stack>
  );
}
