import { Button, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { api, unwrap } from '../api/client';
import { CopyField, CreateTokenForm, NewTokenSecret } from '../components/api-tokens';
import {
  type DeadlineUnit,
  OrganizationForm,
  type OrganizationValues,
} from '../components/organization-form';
import { Empty, ErrorState, Loading } from '../components/states';
import { useMyMembership } from '../lib/me';
import { toast, toastFailure } from '../lib/toast';

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : 'Never');

/** Settings: the organization (administrators edit it) and the member's own API tokens. */
export function SettingsPage() {
  const { org } = useParams({ from: '/app/$org/settings' });
  const queryClient = useQueryClient();
  const me = useMyMembership(org);
  const organization = useQuery({
    queryKey: ['organization', org],
    queryFn: async () => unwrap(await api.GET('/organizations/{org}', { params: { path: { org } } })).data,
  });

  const save = async (values: OrganizationValues) => {
    const saved = unwrap(
      await api.PUT('/organizations/{org}', { params: { path: { org } }, body: { ...values } }),
    ).data;
    queryClient.setQueryData(['organization', org], saved);
    void queryClient.invalidateQueries({ queryKey: ['my-organizations'] });
    toast('Settings saved');
  };

  const o = organization.data;
  return (
    <Stack component="section" aria-labelledby="settings-title">
      <Title order={1} id="settings-title">
        Settings
      </Title>
      <Paper withBorder p="md" component="section" aria-labelledby="org-settings-title">
        <Title order={2} size="h3" id="org-settings-title" mb="sm">
          Organization
        </Title>
        {organization.isPending || me.isPending ? (
          <Loading label="Loading the organization" />
        ) : organization.isError ? (
          <ErrorState error={organization.error} />
        ) : o ? (
          <>
            {me.data?.role !== 'admin' ? (
              <Text c="dimmed" mb="sm">
                Only administrators change these settings.
              </Text>
            ) : null}
            <OrganizationForm
              key={o.last_updated}
              readOnly={me.data?.role !== 'admin'}
              initial={{
                name: o.name,
                timezone: o.timezone,
                working_days: o.working_days,
                default_deadline: {
                  type: o.default_deadline.type as DeadlineUnit,
                  value: o.default_deadline.value,
                },
              }}
              onSubmit={save}
            />
          </>
        ) : null}
      </Paper>
      <ApiTokens org={org} />
    </Stack>
  );
}

function ApiTokens({ org }: { org: string }) {
  const queryClient = useQueryClient();
  const [created, setCreated] = useState<{ name: string; secret: string } | null>(null);
  const config = useQuery({
    queryKey: ['instance-config'],
    queryFn: async () => unwrap(await api.GET('/utils/config')).data,
    staleTime: Number.POSITIVE_INFINITY,
  });
  const list = useQuery({
    queryKey: ['api-tokens', org],
    queryFn: async () =>
      unwrap(await api.GET('/organizations/{org}/me/api-tokens', { params: { path: { org } } })).data,
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['api-tokens', org] });

  const create = async (name: string) => {
    const token = unwrap(
      await api.POST('/organizations/{org}/me/api-tokens', { params: { path: { org } }, body: { name } }),
    ).data;
    setCreated({ name: token.name ?? name, secret: token.access_token });
    await refresh();
  };
  const revoke = useMutation({
    mutationFn: async (t: { id: string; name: string | null }) => {
      unwrap(
        await api.DELETE('/organizations/{org}/me/api-tokens/{token_id}', {
          params: { path: { org, token_id: t.id } },
        }),
      );
      return t;
    },
    onSuccess: (t) => {
      toast(`Token ${t.name ?? ''} revoked`);
      void refresh();
    },
    onError: toastFailure,
  });

  const base = `${(config.data?.public_url ?? window.location.origin).replace(/\/$/, '')}/api`;
  const tokens = list.data ?? [];
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="tokens-title">
      <Stack>
        <Title order={2} size="h3" id="tokens-title">
          Personal API tokens
        </Title>
        <Text size="sm" c="dimmed">
          A token acts as you, in every organization you are a member of. A Tallyfy client, SDK or script uses
          it with this server’s base URL instead of Tallyfy’s.
        </Text>
        <CopyField label="Base URL" value={base} description="Use instead of https://go.tallyfy.com/api" />
        {created ? (
          <NewTokenSecret name={created.name} secret={created.secret} onDone={() => setCreated(null)} />
        ) : null}
        <CreateTokenForm onCreate={create} />
        {list.isPending ? (
          <Loading label="Loading tokens" />
        ) : list.isError ? (
          <ErrorState error={list.error} />
        ) : tokens.length === 0 ? (
          <Empty title="No tokens yet" />
        ) : (
          <Table.ScrollContainer minWidth={520}>
            <Table verticalSpacing="sm" aria-label="Your API tokens">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Created</Table.Th>
                  <Table.Th>Last used</Table.Th>
                  <Table.Th>Expires</Table.Th>
                  <Table.Th>
                    <span className="visually-hidden">Actions</span>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {tokens.map((t) => (
                  <Table.Tr key={t.id}>
                    <Table.Td fw={600}>{t.name ?? 'Unnamed'}</Table.Td>
                    <Table.Td>{when(t.created_at)}</Table.Td>
                    <Table.Td>{when(t.last_used_at)}</Table.Td>
                    <Table.Td>{when(t.expires_at)}</Table.Td>
                    <Table.Td>
                      <Button size="compact-sm" variant="subtle" color="red" onClick={() => revoke.mutate(t)}>
                        Revoke {t.name ?? 'Unnamed'}
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Stack>
    </Paper>
  );
}
