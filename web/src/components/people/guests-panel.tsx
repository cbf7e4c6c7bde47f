import { Badge, Button, Group, Modal, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap } from '../../api/client';
import { toast, toastFailure } from '../../lib/toast';
import { Empty, ErrorState, Loading } from '../states';
import { GuestForm, type GuestValues } from './people-forms';

interface Guest {
  id: number;
  email: string;
  first_name: string | null;
  last_name: string | null;
  full_name: string;
  status: string;
}

/** Copies text; a browser that refuses the clipboard says so instead. */
export async function copyText(text: string): Promise<void> {
  if (!navigator.clipboard) throw new Error('This browser does not allow copying here.');
  await navigator.clipboard.writeText(text);
}

/** Guests: add, edit, copy their forever link, disable and enable. */
export function GuestsPanel({ org }: { org: string }) {
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<Guest | 'new' | null>(null);
  const list = useQuery({
    queryKey: ['people-guests', org],
    queryFn: async () =>
      unwrap(
        await api.GET('/organizations/{org}/guests', {
          params: { path: { org }, query: { without_pagination: true } },
        }),
      ).data as Guest[],
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['people-guests', org] });

  const save = async (values: GuestValues) => {
    const body = { first_name: values.first_name || null, last_name: values.last_name || null };
    if (editing === 'new') {
      unwrap(
        await api.POST('/organizations/{org}/guests', {
          params: { path: { org } },
          body: { email: values.email, ...body },
        }),
      );
      toast(`Guest ${values.email} added`);
    } else {
      unwrap(
        await api.PUT('/organizations/{org}/guests/{guest_email}', {
          params: { path: { org, guest_email: values.email } },
          body,
        }),
      );
      toast(`Guest ${values.email} saved`);
    }
    setEditing(null);
    await refresh();
  };

  const act = useMutation({
    mutationFn: async ({ kind, g }: { kind: 'copy' | 'disable' | 'enable'; g: Guest }) => {
      const params = { path: { org, guest_email: g.email } };
      if (kind === 'copy') {
        const { data } = unwrap(
          await api.GET('/organizations/{org}/guests-link', {
            params: { path: { org }, query: { email: g.email } },
          }),
        );
        await copyText(data.link);
      } else if (kind === 'disable')
        unwrap(await api.DELETE('/organizations/{org}/guests/{guest_email}/disable', { params }));
      else unwrap(await api.PUT('/organizations/{org}/guests/{guest_email}/enable', { params }));
      return kind;
    },
    onSuccess: (kind, { g }) => {
      const said = { copy: 'Link copied for', disable: 'Disabled guest', enable: 'Enabled guest' };
      toast(`${said[kind]} ${g.email}`);
      if (kind !== 'copy') void refresh();
    },
    onError: toastFailure,
  });

  const guests = list.data ?? [];
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2} size="h3">
          Guests
        </Title>
        <Button onClick={() => setEditing('new')}>Add guest</Button>
      </Group>
      <Paper withBorder p="md">
        {list.isPending ? (
          <Loading label="Loading guests" />
        ) : list.isError ? (
          <ErrorState error={list.error} />
        ) : guests.length === 0 ? (
          <Empty title="No guests yet">Guests work on their tasks through a link, without an account.</Empty>
        ) : (
          <Table.ScrollContainer minWidth={560}>
            <Table verticalSpacing="sm" aria-label="Guests">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Guest</Table.Th>
                  <Table.Th>Status</Table.Th>
                  <Table.Th>
                    <span className="visually-hidden">Actions</span>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {guests.map((g) => (
                  <Table.Tr key={g.id}>
                    <Table.Td>
                      <Text fw={600}>{g.full_name}</Text>
                      {g.full_name !== g.email ? (
                        <Text size="xs" c="dimmed">
                          {g.email}
                        </Text>
                      ) : null}
                    </Table.Td>
                    <Table.Td>
                      <Badge color={g.status === 'active' ? 'teal' : 'gray'} variant="light">
                        {g.status === 'active' ? 'Active' : 'Disabled'}
                      </Badge>
                    </Table.Td>
                    <Table.Td>
                      <Group gap="xs" wrap="wrap">
                        <Button size="compact-sm" variant="subtle" onClick={() => setEditing(g)}>
                          Edit {g.email}
                        </Button>
                        <Button
                          size="compact-sm"
                          variant="subtle"
                          onClick={() => act.mutate({ kind: 'copy', g })}
                        >
                          Copy link of {g.email}
                        </Button>
                        {g.status === 'active' ? (
                          <Button
                            size="compact-sm"
                            variant="subtle"
                            color="red"
                            onClick={() => act.mutate({ kind: 'disable', g })}
                          >
                            Disable {g.email}
                          </Button>
                        ) : (
                          <Button
                            size="compact-sm"
                            variant="light"
                            onClick={() => act.mutate({ kind: 'enable', g })}
                          >
                            Enable {g.email}
                          </Button>
                        )}
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
        title={editing === 'new' ? 'Add a guest' : 'Edit guest'}
      >
        {editing !== null ? (
          <GuestForm
            initial={
              editing === 'new'
                ? undefined
                : {
                    email: editing.email,
                    first_name: editing.first_name ?? '',
                    last_name: editing.last_name ?? '',
                  }
            }
            onSubmit={save}
          />
        ) : null}
      </Modal>
    </Stack>
  );
}
