import {
  Badge,
  Button,
  Code,
  Group,
  List,
  Modal,
  Pagination,
  Paper,
  Select,
  Stack,
  Table,
  Tabs,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useClipboard } from '@mantine/hooks';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useParams, useRouteContext } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { ApiError, api, unwrap } from '../api/client';
import { Empty, ErrorState, Loading } from '../components/states';
import { absoluteTime } from '../lib/deadline';
import { isAdminRole, useMyMembership } from '../lib/my-role';
import { toast, toastFailure } from '../lib/toast';
import {
  attemptOutcome,
  DELIVERY_STATUSES,
  type DeliveryStatus,
  statusColor,
  statusLabel,
} from '../lib/webhooks';

const PER_PAGE = 10;
const HIDDEN_SECRET = `whsec_${'•'.repeat(16)}`;

function Pages({ total, value, onChange }: { total: number; value: number; onChange: (p: number) => void }) {
  if (total <= 1) return null;
  return (
    <Pagination
      total={total}
      value={value}
      onChange={onChange}
      getControlProps={(control) => ({ 'aria-label': `${control} page` })}
      getItemProps={(p) => ({ 'aria-label': `Page ${p}` })}
    />
  );
}

/** Organization webhook subscriptions: add with a URL (refusals at the field), remove. */
export function Subscriptions({ org, userId }: { org: string; userId: number }) {
  const queryClient = useQueryClient();
  const [url, setUrl] = useState('');
  const [urlError, setUrlError] = useState<string | null>(null);
  const [removing, setRemoving] = useState<{ id: number; url: string } | null>(null);
  const list = useQuery({
    queryKey: ['webhook-subscriptions', org],
    queryFn: async () =>
      unwrap(
        await api.GET('/organizations/{org}/watchers', {
          params: {
            path: { org },
            query: { watching: 'organization', notification: 'webhook', per_page: 100 },
          },
        }),
      ).data,
  });
  const add = useMutation({
    mutationFn: async (webhook: string) => {
      await unwrap(
        await api.POST('/organizations/{org}/users/{user}/add-watcher', {
          params: { path: { org, user: userId } },
          body: {
            object_type: 'organization',
            object_id: org,
            notification_type: 'webhook',
            frequency: 'electric',
            webhook,
          },
        }),
      );
    },
    onSuccess: async () => {
      setUrl('');
      toast('Subscribed: every organization event is sent to this URL.');
      await queryClient.invalidateQueries({ queryKey: ['webhook-subscriptions', org] });
    },
    onError: (error) => {
      const atField = error instanceof ApiError ? error.fieldErrors.webhook?.[0] : undefined;
      if (atField) setUrlError(atField);
      else toastFailure(error);
    },
  });
  const remove = useMutation({
    mutationFn: async (id: number) => {
      await unwrap(
        await api.DELETE('/organizations/{org}/remove-watcher/{watcher}', {
          params: { path: { org, watcher: id } },
        }),
      );
    },
    onSuccess: async () => {
      setRemoving(null);
      toast('Subscription removed.');
      await queryClient.invalidateQueries({ queryKey: ['webhook-subscriptions', org] });
    },
    onError: toastFailure,
  });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const value = url.trim();
    if (!value) {
      setUrlError('Enter the URL that should receive the events.');
      return;
    }
    setUrlError(null);
    add.mutate(value);
  };
  const rows = list.data ?? [];

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="subscriptions-title">
      <Stack>
        <Title order={2} size="h3" id="subscriptions-title">
          Subscriptions
        </Title>
        <Text c="dimmed" size="sm">
          Each subscribed URL receives every organization event (processes launched and completed, tasks
          completed and assigned, comments, problems raised and resolved), signed with the secret below.
        </Text>
        <form onSubmit={onSubmit} noValidate>
          <Group align="flex-start" wrap="wrap">
            <TextInput
              label="Webhook URL"
              placeholder="https://example.com/hooks/flowlane"
              type="url"
              value={url}
              onChange={(e) => {
                setUrl(e.currentTarget.value);
                setUrlError(null);
              }}
              error={urlError}
              style={{ flex: '1 1 280px' }}
            />
            <Button type="submit" mt={25} loading={add.isPending}>
              Subscribe
            </Button>
          </Group>
        </form>
        {list.isPending ? (
          <Loading label="Loading subscriptions" />
        ) : list.isError ? (
          <ErrorState error={list.error} />
        ) : rows.length === 0 ? (
          <Empty title="No subscriptions yet">Add a URL above to receive the organization's events.</Empty>
        ) : (
          <Table.ScrollContainer minWidth={480}>
            <Table>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>URL</Table.Th>
                  <Table.Th>Since</Table.Th>
                  <Table.Th>
                    <span className="visually-hidden">Actions</span>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((w) => (
                  <Table.Tr key={w.id}>
                    <Table.Td style={{ wordBreak: 'break-all' }}>{w.webhook}</Table.Td>
                    <Table.Td>{absoluteTime(w.created_at)}</Table.Td>
                    <Table.Td>
                      <Button
                        variant="light"
                        color="red"
                        size="xs"
                        aria-label={`Remove ${w.webhook}`}
                        onClick={() => setRemoving({ id: w.id, url: w.webhook ?? '' })}
                      >
                        Remove
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Stack>
      <Modal
        opened={removing !== null}
        onClose={() => setRemoving(null)}
        title="Remove this subscription?"
        closeButtonProps={{ 'aria-label': 'Close' }}
      >
        <Stack>
          <Text style={{ wordBreak: 'break-all' }}>{removing?.url} will receive no more events.</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setRemoving(null)}>
              Cancel
            </Button>
            <Button
              color="red.9"
              loading={remove.isPending}
              onClick={() => removing && remove.mutate(removing.id)}
            >
              Remove subscription
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Paper>
  );
}

/** The signing secret: asked for only when revealed; copy; rotate after a confirmation. */
export function SigningSecret({ org }: { org: string }) {
  const queryClient = useQueryClient();
  const [revealed, setRevealed] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const clipboard = useClipboard({ timeout: 2000 });
  const key = ['webhook-secret', org];
  const secret = useQuery({
    queryKey: key,
    queryFn: async () =>
      unwrap(await api.GET('/organizations/{org}/webhook-secret', { params: { path: { org } } })).data.secret,
    enabled: revealed,
    staleTime: Number.POSITIVE_INFINITY,
  });
  const rotate = useMutation({
    mutationFn: async () =>
      unwrap(await api.POST('/organizations/{org}/webhook-secret/rotate', { params: { path: { org } } })).data
        .secret,
    onSuccess: (value) => {
      queryClient.setQueryData(key, value);
      setRevealed(true);
      setConfirming(false);
      toast('The signing secret was replaced. Deliveries from now on are signed with the new one.');
    },
    onError: toastFailure,
  });
  const copy = async () => {
    try {
      const value =
        secret.data ??
        (await queryClient.fetchQuery({
          queryKey: key,
          queryFn: async () =>
            unwrap(await api.GET('/organizations/{org}/webhook-secret', { params: { path: { org } } })).data
              .secret,
        }));
      clipboard.copy(value);
      toast('Signing secret copied.');
    } catch (error) {
      toastFailure(error);
    }
  };

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="secret-title">
      <Stack>
        <Title order={2} size="h3" id="secret-title">
          Signing secret
        </Title>
        <Text c="dimmed" size="sm">
          Every delivery carries <Code>X-Flowlane-Signature: t=…,v1=…</Code>, the HMAC-SHA256 of the timestamp
          and the raw body keyed with this secret.
        </Text>
        {secret.isError ? <ErrorState error={secret.error} /> : null}
        <Group align="flex-end" wrap="wrap">
          <TextInput
            label="Current signing secret"
            readOnly
            value={revealed && secret.data ? secret.data : HIDDEN_SECRET}
            styles={{ input: { fontFamily: 'monospace' } }}
            style={{ flex: '1 1 280px' }}
          />
          <Button
            variant="default"
            onClick={() => setRevealed((r) => !r)}
            loading={revealed && secret.isFetching}
            aria-pressed={revealed}
          >
            {revealed ? 'Hide secret' : 'Reveal secret'}
          </Button>
          <Button variant="default" onClick={() => void copy()}>
            {clipboard.copied ? 'Copied' : 'Copy secret'}
          </Button>
          <Button variant="default" onClick={() => setConfirming(true)}>
            Rotate secret
          </Button>
        </Group>
      </Stack>
      <Modal
        opened={confirming}
        onClose={() => setConfirming(false)}
        title="Rotate the signing secret?"
        closeButtonProps={{ 'aria-label': 'Close' }}
      >
        <Stack>
          <Text>
            A new secret replaces this one at once. Receivers that still verify with the old secret will
            refuse the deliveries sent from now on.
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirming(false)}>
              Cancel
            </Button>
            <Button color="red.9" loading={rotate.isPending} onClick={() => rotate.mutate()}>
              Rotate
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Paper>
  );
}

/** The delivery log, newest first, each with its attempts, and Replay. */
export function DeliveryLog({ org }: { org: string }) {
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<DeliveryStatus | null>(null);
  const [page, setPage] = useState(1);
  const list = useQuery({
    queryKey: ['webhook-deliveries', org, status, page],
    queryFn: async () =>
      unwrap(
        await api.GET('/organizations/{org}/webhook-deliveries', {
          params: { path: { org }, query: { status: status ?? undefined, page, per_page: PER_PAGE } },
        }),
      ),
    placeholderData: keepPreviousData,
    // Pending deliveries are being sent: their outcome shows without a reload.
    refetchInterval: (q) => (q.state.data?.data.some((d) => d.status === 'pending') ? 2000 : false),
  });
  const replay = useMutation({
    mutationFn: async (delivery: string) =>
      unwrap(
        await api.POST('/organizations/{org}/webhook-deliveries/{delivery}/replay', {
          params: { path: { org, delivery } },
        }),
      ).data,
    onSuccess: async (d) => {
      toast(`${d.event} is being sent again to ${d.url}.`);
      await queryClient.invalidateQueries({ queryKey: ['webhook-deliveries', org] });
    },
    onError: toastFailure,
  });
  const rows = list.data?.data ?? [];
  const totalPages = list.data?.meta.pagination.total_pages ?? 1;

  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <Select
          label="Delivery status"
          placeholder="Any status"
          clearable
          data={DELIVERY_STATUSES.map((s) => ({ value: s, label: statusLabel(s) }))}
          value={status}
          onChange={(v) => {
            setStatus(v as DeliveryStatus | null);
            setPage(1);
          }}
          w={200}
        />
        <Button variant="default" onClick={() => void list.refetch()} loading={list.isRefetching}>
          Refresh deliveries
        </Button>
      </Group>
      {list.isPending ? (
        <Loading label="Loading deliveries" />
      ) : list.isError ? (
        <ErrorState error={list.error} />
      ) : rows.length === 0 ? (
        <Empty title="No deliveries">Deliveries appear here as events are sent.</Empty>
      ) : (
        <Table.ScrollContainer minWidth={720}>
          <Table verticalSpacing="sm" aria-label="Webhook deliveries">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Event</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Attempts</Table.Th>
                <Table.Th>
                  <span className="visually-hidden">Actions</span>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((d) => (
                <Table.Tr key={d.id}>
                  <Table.Td>
                    <Text fw={600}>{d.event}</Text>
                    <Text size="xs" c="dimmed" style={{ wordBreak: 'break-all' }}>
                      {d.url}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {absoluteTime(d.created_at)}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Badge color={statusColor(d.status)} variant="light">
                      {statusLabel(d.status)}
                    </Badge>
                    {d.last_status_code !== null ? (
                      <Text size="xs" c="dimmed">
                        Last answer {d.last_status_code}
                      </Text>
                    ) : null}
                    {d.status === 'pending' && d.next_attempt_at ? (
                      <Text size="xs" c="dimmed">
                        Next try {absoluteTime(d.next_attempt_at)}
                      </Text>
                    ) : null}
                  </Table.Td>
                  <Table.Td>
                    {d.attempts.data.length === 0 ? (
                      <Text size="sm" c="dimmed">
                        Not sent yet
                      </Text>
                    ) : (
                      <List size="sm" spacing={2} aria-label={`Attempts of ${d.event} ${d.id}`}>
                        {d.attempts.data.map((a) => (
                          <List.Item key={a.attempt}>
                            #{a.attempt} {attemptOutcome(a)} · {absoluteTime(a.started_at)}
                          </List.Item>
                        ))}
                      </List>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Button
                      size="xs"
                      variant="light"
                      aria-label={`Replay ${d.event} of ${absoluteTime(d.created_at)}`}
                      loading={replay.isPending && replay.variables === d.id}
                      onClick={() => replay.mutate(d.id)}
                    >
                      Replay
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <Pages total={totalPages} value={page} onChange={setPage} />
    </Stack>
  );
}

const EMAIL_STATUSES = [
  { value: 'queued', label: 'Queued' },
  { value: 'sent', label: 'Sent' },
  { value: 'failed', label: 'Failed' },
  { value: 'stored', label: 'Stored (no SMTP server)' },
];

/** Mail the organization sent, is sending, or kept because no SMTP server is set up. */
export function OutgoingEmails({ org }: { org: string }) {
  const [status, setStatus] = useState<string | null>(null);
  const [page, setPage] = useState(1);
  const list = useQuery({
    queryKey: ['outgoing-emails', org, status, page],
    queryFn: async () =>
      unwrap(
        await api.GET('/organizations/{org}/outgoing-emails', {
          params: {
            path: { org },
            query: {
              status: (status ?? undefined) as 'queued' | 'sent' | 'failed' | 'stored' | undefined,
              page,
              per_page: PER_PAGE,
            },
          },
        }),
      ),
    placeholderData: keepPreviousData,
  });
  const rows = list.data?.data ?? [];
  const totalPages = list.data?.meta.pagination.total_pages ?? 1;
  return (
    <Stack>
      <Select
        label="E-mail status"
        placeholder="Any status"
        clearable
        data={EMAIL_STATUSES}
        value={status}
        onChange={(v) => {
          setStatus(v);
          setPage(1);
        }}
        w={240}
      />
      {list.isPending ? (
        <Loading label="Loading e-mail" />
      ) : list.isError ? (
        <ErrorState error={list.error} />
      ) : rows.length === 0 ? (
        <Empty title="No e-mail">Mail the organization sends is listed here.</Empty>
      ) : (
        <Table.ScrollContainer minWidth={640}>
          <Table verticalSpacing="sm" aria-label="Outgoing e-mail">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>To</Table.Th>
                <Table.Th>Subject</Table.Th>
                <Table.Th>Reason</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Queued</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((m) => (
                <Table.Tr key={m.id}>
                  <Table.Td style={{ wordBreak: 'break-all' }}>{m.to}</Table.Td>
                  <Table.Td>{m.subject}</Table.Td>
                  <Table.Td>
                    <Code>{m.reason}</Code>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">
                      {EMAIL_STATUSES.find((s) => s.value === m.status)?.label ?? m.status}
                    </Text>
                    {m.last_error ? (
                      <Text size="xs" c="red.8">
                        {m.last_error}
                      </Text>
                    ) : null}
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{absoluteTime(m.created_at)}</Text>
                    {m.sent_at ? (
                      <Text size="xs" c="dimmed">
                        Sent {absoluteTime(m.sent_at)}
                      </Text>
                    ) : null}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <Pages total={totalPages} value={page} onChange={setPage} />
    </Stack>
  );
}

/** Webhooks (administrators): subscriptions and the signing secret, the delivery log, e-mail. */
export function WebhooksPage() {
  const { org } = useParams({ from: '/app/$org/webhooks' });
  const { session } = useRouteContext({ from: '/app/$org' });
  const me = useMyMembership(org);

  let body: React.ReactNode;
  if (me.isPending) body = <Loading label="Loading" />;
  else if (me.isError) body = <ErrorState error={me.error} />;
  else if (!isAdminRole(me.data.role))
    body = <Empty title="For administrators">Only administrators manage the organization's webhooks.</Empty>;
  else
    body = (
      <Tabs defaultValue="subscriptions" keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="subscriptions">Subscriptions</Tabs.Tab>
          <Tabs.Tab value="deliveries">Delivery log</Tabs.Tab>
          <Tabs.Tab value="emails">Outgoing e-mail</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="subscriptions" pt="md">
          <Stack>
            <Subscriptions org={org} userId={session.userId} />
            <SigningSecret org={org} />
          </Stack>
        </Tabs.Panel>
        <Tabs.Panel value="deliveries" pt="md">
          <DeliveryLog org={org} />
        </Tabs.Panel>
        <Tabs.Panel value="emails" pt="md">
          <OutgoingEmails org={org} />
        </Tabs.Panel>
      </Tabs>
    );

  return (
    <Stack component="section" aria-labelledby="webhooks-title">
      <Title order={1} id="webhooks-title">
        Webhooks
      </Title>
      {body}
    </Stack>
  );
}
