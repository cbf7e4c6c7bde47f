import { AppShell, Burger, Button, Group, Select, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Outlet, useNavigate, useParams, useRouterState } from '@tanstack/react-router';
import { useEffect } from 'react';
import { api, unwrap } from '../api/client';
import { ActivityNav } from '../components/activity-nav';
import { NavLinkLink } from '../components/links';
import { NotificationBell } from '../components/notification-bell';
import { useMyMembership } from '../lib/me';
import { forgetMemberData, rememberOrganization, signOut } from '../lib/session';
import { toastFailure } from '../lib/toast';

const NAV = [
  { to: '/app/$org/tasks', label: 'Tasks' },
  { to: '/app/$org/processes', label: 'Processes' },
  { to: '/app/$org/templates', label: 'Templates' },
  { to: '/app/$org/launch', label: 'Launch a process' },
  { to: '/app/$org/new-task', label: 'New one-off task' },
  { to: '/app/$org/people', label: 'People', adminOnly: true },
  { to: '/app/$org/settings', label: 'Settings' },
] as const;

/** The frame of every member page: the organization switcher, navigation, sign-out. */
export function MemberLayout() {
  const { org } = useParams({ from: '/app/$org' });
  const [opened, { toggle, close }] = useDisclosure();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const pathname = useRouterState({ select: (s) => s.location.pathname });
  const orgs = useQuery({
    queryKey: ['my-organizations'],
    queryFn: async () =>
      unwrap(await api.GET('/me/organizations', { params: { query: { per_page: 100 } } })).data,
    staleTime: 5 * 60_000,
  });
  useEffect(() => rememberOrganization(org), [org]);
  const isAdmin = useMyMembership(org).data?.role === 'admin';

  const current = orgs.data?.find((o) => o.id === org);
  const onSignOut = async () => {
    try {
      await signOut(queryClient);
      await navigate({ to: '/app/sign-in' });
      forgetMemberData(queryClient);
    } catch (error) {
      toastFailure(error);
    }
  };

  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 240, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="md"
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Menu" />
            <Text fw={700} c="teal.8">
              Flowlane
            </Text>
            <Text visibleFrom="xs" c="dimmed" truncate>
              {current?.name}
            </Text>
          </Group>
          <Group gap="xs" wrap="nowrap">
            <NotificationBell org={org} />
            <Button variant="subtle" onClick={onSignOut}>
              Sign out
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="sm" aria-label="Main">
        <Stack gap="xs">
          {NAV.filter((item) => !('adminOnly' in item) || isAdmin).map((item) => (
            <NavLinkLink
              key={item.to}
              to={item.to}
              params={{ org }}
              label={item.label}
              onClick={close}
              active={pathname.startsWith(item.to.replace('$org', org))}
            />
          ))}
          <ActivityNav org={org} pathname={pathname} onNavigate={close} />
          {orgs.data && orgs.data.length > 1 ? (
            <Select
              mt="md"
              label="Organization"
              data={orgs.data.map((o) => ({ value: o.id, label: o.name }))}
              value={org}
              allowDeselect={false}
              onChange={(value) => {
                if (value && value !== org) void navigate({ to: '/app/$org/tasks', params: { org: value } });
              }}
            />
          ) : null}
        </Stack>
      </AppShell.Navbar>
      <AppShell.Main>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
