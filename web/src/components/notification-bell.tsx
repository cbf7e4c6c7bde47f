import {
  ActionIcon,
  Box,
  Button,
  Group,
  Indicator,
  Paper,
  ScrollArea,
  Stack,
  Text,
  VisuallyHidden,
} from '@mantine/core';
import { useClickOutside } from '@mantine/hooks';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useId, useRef, useState } from 'react';
import { api, unwrap } from '../api/client';
import { toastFailure } from '../lib/toast';
import { AnchorLink } from './links';

/** How often the unread count is asked for while the app is open. */
export const BELL_POLL_MS = 30_000;
const SHOWN = 20;

export interface InAppNotification {
  id: string;
  kind: string;
  title: string;
  text: string | null;
  task_id: string | null;
  run_id: string | null;
  is_read: boolean;
  created_at: string;
}

export const notificationsKey = (org: string) => ['my-notifications', org] as const;

function when(iso: string): string {
  const d = new Date(iso);
  return d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

function BellIcon() {
  return (
    <svg
      width="20"
      height="20"
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      aria-hidden
    >
      <path d="M6 8a6 6 0 1 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
      <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
    </svg>
  );
}

/**
 * The header's bell: the count of unread notifications in its name and on a badge, and the
 * newest ones in a list; opening one marks it read and goes to its task.
 */
export function NotificationBell({ org }: { org: string }) {
  const [opened, setOpened] = useState(false);
  const ref = useClickOutside(() => setOpened(false));
  const buttonRef = useRef<HTMLButtonElement>(null);
  const panelId = useId();
  const queryClient = useQueryClient();
  const list = useQuery({
    queryKey: notificationsKey(org),
    queryFn: async () => {
      const body = unwrap(
        await api.GET('/organizations/{org}/me/notifications', {
          params: { path: { org }, query: { per_page: SHOWN } },
        }),
      );
      const unread = typeof body.meta.unread === 'number' ? body.meta.unread : 0;
      return { items: body.data as InAppNotification[], unread };
    },
    refetchInterval: BELL_POLL_MS,
    refetchOnWindowFocus: true,
    staleTime: 0,
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: notificationsKey(org) });
  const readOne = useMutation({
    mutationFn: async (id: string) =>
      unwrap(
        await api.PUT('/organizations/{org}/me/notifications/{notification}/read', {
          params: { path: { org, notification: id } },
        }),
      ),
    onSettled: refresh,
    onError: toastFailure,
  });
  const readAll = useMutation({
    mutationFn: async () =>
      unwrap(await api.PUT('/organizations/{org}/me/notifications/read-all', { params: { path: { org } } })),
    onSettled: refresh,
    onError: toastFailure,
  });

  const unread = list.data?.unread ?? 0;
  const label = unread > 0 ? `Notifications, ${unread} unread` : 'Notifications';
  const open = (n: InAppNotification) => {
    setOpened(false);
    if (!n.is_read) readOne.mutate(n.id);
  };

  return (
    <Box
      pos="relative"
      ref={ref}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && opened) {
          setOpened(false);
          buttonRef.current?.focus();
        }
      }}
    >
      <Indicator
        disabled={unread === 0}
        label={unread > 99 ? '99+' : String(unread)}
        size={18}
        color="red"
        offset={4}
      >
        <ActionIcon
          ref={buttonRef}
          variant="subtle"
          size="lg"
          aria-label={label}
          aria-expanded={opened}
          aria-controls={opened ? panelId : undefined}
          onClick={() => {
            if (!opened) void refresh();
            setOpened(!opened);
          }}
        >
          <BellIcon />
        </ActionIcon>
      </Indicator>
      {opened ? (
        <Paper
          id={panelId}
          className="notification-panel"
          shadow="md"
          withBorder
          p={0}
          role="region"
          aria-label="Notifications list"
        >
          <Group justify="space-between" px="sm" py="xs" wrap="nowrap">
            <Text fw={600}>Notifications</Text>
            <Button
              size="compact-sm"
              variant="subtle"
              disabled={unread === 0}
              loading={readAll.isPending}
              onClick={() => readAll.mutate()}
            >
              Mark all read
            </Button>
          </Group>
          <ScrollArea.Autosize mah={420}>
            {list.isError ? (
              <Text c="red.8" px="sm" pb="sm">
                The notifications could not be loaded.
              </Text>
            ) : list.data && list.data.items.length === 0 ? (
              <Text c="dimmed" px="sm" pb="sm">
                Nothing new.
              </Text>
            ) : (
              <Stack
                gap={0}
                component="ul"
                m={0}
                p={0}
                style={{ listStyle: 'none' }}
                aria-label="Latest notifications"
              >
                {list.data?.items.map((n) => (
                  <li key={n.id}>
                    <NotificationLink org={org} n={n} onOpen={() => open(n)}>
                      <Group gap="xs" wrap="nowrap" align="flex-start">
                        <Stack gap={2} style={{ minWidth: 0 }}>
                          <Text size="sm" fw={n.is_read ? 400 : 600} lineClamp={2}>
                            {n.is_read ? null : <VisuallyHidden>Unread: </VisuallyHidden>}
                            {n.title}
                          </Text>
                          {n.text ? (
                            <Text size="xs" c="dimmed" lineClamp={2}>
                              {n.text}
                            </Text>
                          ) : null}
                          <Text size="xs" c="dimmed">
                            {when(n.created_at)}
                          </Text>
                        </Stack>
                      </Group>
                    </NotificationLink>
                  </li>
                ))}
              </Stack>
            )}
          </ScrollArea.Autosize>
        </Paper>
      ) : null}
    </Box>
  );
}

/** An item of the list: a link to its task (or process); opening it marks it read. */
function NotificationLink({
  org,
  n,
  onOpen,
  children,
}: {
  org: string;
  n: InAppNotification;
  onOpen: () => void;
  children: ReactNode;
}) {
  const props = {
    className: 'notification-item',
    'data-unread': n.is_read ? undefined : true,
    underline: 'never' as const,
    c: 'inherit',
    display: 'block',
    px: 'sm',
    py: 'xs',
    onClick: onOpen,
  };
  if (n.task_id)
    return (
      <AnchorLink to="/app/$org/tasks/$taskId" params={{ org, taskId: n.task_id }} {...props}>
        {children}
      </AnchorLink>
    );
  if (n.run_id)
    return (
      <AnchorLink to="/app/$org/processes/$runId" params={{ org, runId: n.run_id }} {...props}>
        {children}
      </AnchorLink>
    );
  return (
    <Box px="sm" py="xs">
      {children}
    </Box>
  );
}
