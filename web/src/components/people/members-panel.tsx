import { Badge, Button, Group, Modal, Paper, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap } from '../../api/client';
import { formErrorsOf } from '../../lib/form-errors';
import { toast, toastFailure } from '../../lib/toast';
import type { Member } from '../../lib/types';
import { Empty, ErrorState, Loading } from '../states';
import { InviteForm, type InviteValues, ROLE_OPTIONS, type Role } from './people-forms';

const nameOf = (m: Member) => m.full_name.trim() || m.email;

/** The organization's members: invite, change role, disable and enable; invitations and resend. */
export function MembersPanel({ org, myId }: { org: string; myId: number | undefined }) {
  const queryClient = useQueryClient();
  const [inviting, { open, close }] = useDisclosure(false);
  const [roleErrors, setRoleErrors] = useState<Record<number, string>>({});
  const list = useQuery({
    queryKey: ['people-members', org],
    queryFn: async () =>
      unwrap(
        await api.GET('/organizations/{org}/users', {
          params: { path: { org }, query: { without_pagination: true } },
        }),
      ).data,
  });
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: ['people-members', org] }),
      queryClient.invalidateQueries({ queryKey: ['members', org] }),
    ]);

  const invite = async (values: InviteValues) => {
    const body = {
      email: values.email,
      role: values.role,
      ...(values.first_name ? { first_name: values.first_name } : {}),
      ...(values.last_name ? { last_name: values.last_name } : {}),
    };
    unwrap(await api.POST('/organizations/{org}/users/invite', { params: { path: { org } }, body }));
    close();
    toast(`Invitation sent to ${values.email}`);
    await refresh();
  };

  const changeRole = useMutation({
    mutationFn: async ({ m, role }: { m: Member; role: Role }) =>
      unwrap(
        await api.PUT('/organizations/{org}/users/{user_id}/role', {
          params: { path: { org, user_id: m.id } },
          body: { role },
        }),
      ),
    onMutate: ({ m }) => setRoleErrors((e) => ({ ...e, [m.id]: '' })),
    onSuccess: (_, { m }) => {
      toast(`Role of ${nameOf(m)} changed`);
      void refresh();
    },
    onError: (error, { m }) => {
      const errors = formErrorsOf(error, ['role']);
      setRoleErrors((e) => ({ ...e, [m.id]: errors.fields.role ?? errors.general ?? '' }));
    },
  });

  const act = useMutation({
    mutationFn: async ({ kind, m }: { kind: 'disable' | 'enable' | 'resend'; m: Member }) => {
      const params = { path: { org, user_id: m.id } };
      if (kind === 'disable')
        unwrap(await api.DELETE('/organizations/{org}/users/{user_id}/disable', { params }));
      else if (kind === 'enable')
        unwrap(await api.PUT('/organizations/{org}/users/{user_id}/enable', { params }));
      else unwrap(await api.POST('/organizations/{org}/users/{user_id}/resend-invite', { params }));
      return kind;
    },
    onSuccess: (kind, { m }) => {
      const said = { disable: 'disabled', enable: 'enabled', resend: 'sent a new invitation' };
      toast(kind === 'resend' ? `${m.email} was sent a new invitation` : `${nameOf(m)} ${said[kind]}`);
      void refresh();
    },
    onError: toastFailure,
  });

  const all = list.data ?? [];
  const invited = all.filter((m) => m.status === 'invited');
  const members = all.filter((m) => m.status !== 'invited');

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2} size="h3">
          Members
        </Title>
        <Button onClick={open}>Invite member</Button>
      </Group>
      <Paper withBorder p="md">
        {list.isPending ? (
          <Loading label="Loading members" />
        ) : list.isError ? (
          <ErrorState error={list.error} />
        ) : (
          <Table.ScrollContainer minWidth={560}>
            <Table verticalSpacing="sm" aria-label="Members">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Role</Table.Th>
                  <Table.Th>Status</Table.Th>
                  <Table.Th>
                    <span className="visually-hidden">Actions</span>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {members.map((m) => (
                  <Table.Tr key={m.id}>
                    <Table.Td>
                      <Text fw={600}>{nameOf(m)}</Text>
                      <Text size="xs" c="dimmed">
                        {m.email}
                      </Text>
                    </Table.Td>
                    <Table.Td miw={190}>
                      <Select
                        aria-label={`Role of ${nameOf(m)}`}
                        data={ROLE_OPTIONS}
                        allowDeselect={false}
                        value={m.role}
                        disabled={m.id === myId}
                        error={roleErrors[m.id] || undefined}
                        onChange={(role) =>
                          role && role !== m.role && changeRole.mutate({ m, role: role as Role })
                        }
                      />
                    </Table.Td>
                    <Table.Td>
                      <Badge color={m.status === 'active' ? 'teal' : 'gray'} variant="light">
                        {m.status === 'active' ? 'Active' : m.status === 'disabled' ? 'Disabled' : m.status}
                      </Badge>
                    </Table.Td>
                    <Table.Td>
                      {m.id === myId ? (
                        <Text size="sm" c="dimmed">
                          You
                        </Text>
                      ) : m.status === 'disabled' ? (
                        <Button
                          size="compact-sm"
                          variant="light"
                          onClick={() => act.mutate({ kind: 'enable', m })}
                        >
                          Enable {nameOf(m)}
                        </Button>
                      ) : (
                        <Button
                          size="compact-sm"
                          variant="subtle"
                          color="red"
                          onClick={() => act.mutate({ kind: 'disable', m })}
                        >
                          Disable {nameOf(m)}
                        </Button>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Paper>
      <Title order={3} size="h4">
        Pending invitations
      </Title>
      <Paper withBorder p="md">
        {invited.length === 0 ? (
          <Empty title="No pending invitations" />
        ) : (
          <Stack
            gap="xs"
            component="ul"
            aria-label="Pending invitations"
            style={{ listStyle: 'none', padding: 0 }}
          >
            {invited.map((m) => (
              <Group component="li" key={m.id} justify="space-between" wrap="wrap">
                <div>
                  <Text fw={600}>{m.email}</Text>
                  <Text size="xs" c="dimmed">
                    Invited as {ROLE_OPTIONS.find((r) => r.value === m.role)?.label ?? m.role}
                  </Text>
                </div>
                <Button size="compact-sm" variant="light" onClick={() => act.mutate({ kind: 'resend', m })}>
                  Resend invitation to {m.email}
                </Button>
              </Group>
            ))}
          </Stack>
        )}
      </Paper>
      <Modal
        closeButtonProps={{ 'aria-label': 'Close' }}
        opened={inviting}
        onClose={close}
        title="Invite a member"
      >
        <InviteForm onSubmit={invite} />
      </Modal>
    </Stack>
  );
}
