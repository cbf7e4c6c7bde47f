import { Button, Group, Modal, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap } from '../../api/client';
import { useMembers } from '../../lib/members';
import { toast, toastFailure } from '../../lib/toast';
import { Empty, ErrorState, Loading } from '../states';
import { GroupForm, type GroupValues } from './people-forms';

interface Team {
  id: string;
  name: string;
  description: string | null;
  members: number[];
  guests: string[];
}

/** Groups: create, edit their members and guests, delete. */
export function GroupsPanel({ org }: { org: string }) {
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<Team | 'new' | null>(null);
  const [deleting, setDeleting] = useState<Team | null>(null);
  const members = useMembers(org);
  const list = useQuery({
    queryKey: ['people-groups', org],
    queryFn: async () =>
      unwrap(
        await api.GET('/organizations/{org}/groups', {
          params: { path: { org }, query: { without_pagination: true } },
        }),
      ).data as Team[],
  });
  const guests = useQuery({
    queryKey: ['people-guests', org],
    queryFn: async () =>
      unwrap(
        await api.GET('/organizations/{org}/guests', {
          params: { path: { org }, query: { without_pagination: true } },
        }),
      ).data as { email: string }[],
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['people-groups', org] });

  const save = async (values: GroupValues) => {
    const body = { ...values, description: values.description || null };
    if (editing === 'new') {
      unwrap(await api.POST('/organizations/{org}/groups', { params: { path: { org } }, body }));
      toast(`Group ${values.name} created`);
    } else if (editing) {
      unwrap(
        await api.PUT('/organizations/{org}/groups/{group_id}', {
          params: { path: { org, group_id: editing.id } },
          body,
        }),
      );
      toast(`Group ${values.name} saved`);
    }
    setEditing(null);
    await refresh();
  };

  const remove = useMutation({
    mutationFn: async (g: Team) =>
      unwrap(
        await api.DELETE('/organizations/{org}/groups/{group_id}', {
          params: { path: { org, group_id: g.id } },
        }),
      ),
    onSuccess: (_, g) => {
      setDeleting(null);
      toast(`Group ${g.name} deleted`);
      void refresh();
    },
    onError: toastFailure,
  });

  const people = [...(members.data?.values() ?? [])];
  const nameOf = (id: number) => members.data?.get(id)?.name ?? `Member ${id}`;
  const groups = list.data ?? [];
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2} size="h3">
          Groups
        </Title>
        <Button onClick={() => setEditing('new')}>New group</Button>
      </Group>
      <Paper withBorder p="md">
        {list.isPending ? (
          <Loading label="Loading groups" />
        ) : list.isError ? (
          <ErrorState error={list.error} />
        ) : groups.length === 0 ? (
          <Empty title="No groups yet">A group is assigned work as one: any of its people can do it.</Empty>
        ) : (
          <Table.ScrollContainer minWidth={560}>
            <Table verticalSpacing="sm" aria-label="Groups">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Group</Table.Th>
                  <Table.Th>People</Table.Th>
                  <Table.Th>
                    <span className="visually-hidden">Actions</span>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {groups.map((g) => (
                  <Table.Tr key={g.id}>
                    <Table.Td>
                      <Text fw={600}>{g.name}</Text>
                      {g.description ? (
                        <Text size="xs" c="dimmed">
                          {g.description}
                        </Text>
                      ) : null}
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">
                        {[...g.members.map(nameOf), ...g.guests].join(', ') || 'Nobody yet'}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Group gap="xs" wrap="wrap">
                        <Button size="compact-sm" variant="subtle" onClick={() => setEditing(g)}>
                          Edit {g.name}
                        </Button>
                        <Button size="compact-sm" variant="subtle" color="red" onClick={() => setDeleting(g)}>
                          Delete {g.name}
                        </Button>
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Paper>
      <Modal
        closeButtonProps={{ 'aria-label': 'Close' }}
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing === 'new' ? 'New group' : 'Edit group'}
      >
        {editing !== null ? (
          <GroupForm
            initial={
              editing === 'new'
                ? undefined
                : {
                    name: editing.name,
                    description: editing.description ?? '',
                    members: editing.members,
                    guests: editing.guests,
                  }
            }
            members={people}
            guests={(guests.data ?? []).map((g) => g.email)}
            onSubmit={save}
          />
        ) : null}
      </Modal>
      <Modal
        closeButtonProps={{ 'aria-label': 'Close' }}
        opened={deleting !== null}
        onClose={() => setDeleting(null)}
        title="Delete group"
      >
        <Stack>
          <Text>
            Delete {deleting?.name}? Tasks assigned to the group lose it as an assignee; its people keep their
            own tasks.
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setDeleting(null)}>
              Cancel
            </Button>
            <Button
              color="red"
              loading={remove.isPending}
              onClick={() => deleting && remove.mutate(deleting)}
            >
              Delete group
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
