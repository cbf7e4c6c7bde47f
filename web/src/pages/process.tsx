import { Button, Card, Group, Progress, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { api, unwrap } from '../api/client';
import { DeadlineText } from '../components/deadline-text';
import { AnchorLink } from '../components/links';
import { ErrorState, Loading } from '../components/states';
import { formatValue } from '../lib/format-value';
import { ownerNames, useMembers } from '../lib/members';
import { toast, toastFailure } from '../lib/toast';
import type { FormField, Task } from '../lib/types';
import { StatusBadge } from './processes';

/** One process: its kick-off values and its tasks in order; archive and reactivate. */
export function ProcessPage() {
  const { org, runId } = useParams({ from: '/app/$org/processes/$runId' });
  const queryClient = useQueryClient();
  const members = useMembers(org);
  const [busy, setBusy] = useState(false);
  const key = ['process', org, runId];
  const data = useQuery({
    queryKey: key,
    queryFn: async () => {
      const path = { org, run_id: runId };
      const [process, tasks, fields] = await Promise.all([
        api.GET('/organizations/{org}/runs/{run_id}', { params: { path } }).then(unwrap),
        api
          .GET('/organizations/{org}/runs/{run_id}/tasks', {
            params: { path, query: { per_page: 100, sort: 'position' } },
          })
          .then(unwrap),
        api.GET('/organizations/{org}/runs/{run_id}/form-fields', { params: { path } }).then(unwrap),
      ]);
      // The answer holds the fields under `form_fields` (what Tallyfy's clients read).
      const listed = (fields.data as unknown as { form_fields: (FormField & { step_id?: string | null })[] })
        .form_fields;
      const kickoff = listed.filter((f) => !f.step_id);
      return { process: process.data, tasks: tasks.data as Task[], kickoff };
    },
  });
  if (data.isPending) return <Loading label="Loading the process" />;
  if (data.isError) return <ErrorState error={data.error} />;
  const { process, tasks, kickoff } = data.data;
  const now = new Date();

  const toggleArchive = async () => {
    setBusy(true);
    try {
      const path = { org, run_id: runId };
      if (process.archived_at)
        unwrap(await api.PUT('/organizations/{org}/runs/{run_id}/activate', { params: { path } }));
      else unwrap(await api.DELETE('/organizations/{org}/runs/{run_id}', { params: { path } }));
      toast(process.archived_at ? 'Process reactivated' : 'Process archived');
      await queryClient.invalidateQueries({ queryKey: key });
      await queryClient.invalidateQueries({ queryKey: ['processes', org] });
    } catch (error) {
      toastFailure(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Stack>
      <Group justify="space-between" align="flex-start">
        <Stack gap={2}>
          <Title order={1}>{process.name}</Title>
          <Text c="dimmed">From the template {process.checklist_title}</Text>
        </Stack>
        <Group>
          <StatusBadge process={process} />
          <Button variant="default" loading={busy} onClick={toggleArchive}>
            {process.archived_at ? 'Reactivate' : 'Archive'}
          </Button>
        </Group>
      </Group>
      <Progress value={process.progress.percent} aria-label={`${process.progress.percent}% done`} />
      <Text size="sm">
        {process.progress.complete} of {process.progress.total} tasks completed
      </Text>
      {kickoff.length ? (
        <Card withBorder component="section" aria-labelledby="kickoff-title">
          <Title order={2} size="h4" id="kickoff-title" mb="xs">
            Kick-off form
          </Title>
          <Stack gap={4} component="dl" m={0}>
            {kickoff.map((f) => (
              <Group key={f.id} gap="xs" wrap="wrap">
                <Text component="dt" fw={600}>
                  {f.label}:
                </Text>
                <Text component="dd" m={0}>
                  {formatValue(
                    f.field_value ?? (process.prerun as Record<string, unknown>)[f.id],
                    members.data,
                  )}
                </Text>
              </Group>
            ))}
          </Stack>
        </Card>
      ) : null}
      <Card withBorder component="section" aria-labelledby="tasks-title">
        <Title order={2} size="h4" id="tasks-title" mb="xs">
          Tasks
        </Title>
        <Table.ScrollContainer minWidth={520}>
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Task</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Assignees</Table.Th>
                <Table.Th>Deadline</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {tasks.map((t) => (
                <Table.Tr key={t.id}>
                  <Table.Td>
                    {t.status === 'auto-skipped' ? (
                      <Text c="dimmed">{t.title}</Text>
                    ) : (
                      <AnchorLink to="/app/$org/tasks/$taskId" params={{ org, taskId: t.id }}>
                        {t.title}
                      </AnchorLink>
                    )}
                  </Table.Td>
                  <Table.Td>{t.status === 'auto-skipped' ? 'Hidden' : t.status_label}</Table.Td>
                  <Table.Td>{ownerNames(t.owners, members.data)}</Table.Td>
                  <Table.Td>
                    <DeadlineText status={t.status} deadline={t.deadline} now={now} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Card>
    </Stack>
  );
}
