import { Alert, Stack, Tabs, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { GroupsPanel } from '../components/people/groups-panel';
import { GuestsPanel } from '../components/people/guests-panel';
import { MembersPanel } from '../components/people/members-panel';
import { ErrorState, Loading } from '../components/states';
import { useMyMembership } from '../lib/me';
import { sessionQuery } from '../lib/session';

type Tab = 'members' | 'guests' | 'groups';

/** People (administrators): members and invitations, guests, groups. */
export function PeoplePage() {
  const { org } = useParams({ from: '/app/$org/people' });
  const me = useMyMembership(org);
  const session = useQuery(sessionQuery);
  const [tab, setTab] = useState<Tab>('members');

  return (
    <Stack component="section" aria-labelledby="people-title">
      <Title order={1} id="people-title">
        People
      </Title>
      {me.isPending ? (
        <Loading label="Loading" />
      ) : me.isError ? (
        <ErrorState error={me.error} />
      ) : me.data.role !== 'admin' ? (
        <Alert color="blue" title="Administrators only">
          Only administrators manage the organization’s people.
        </Alert>
      ) : (
        <Tabs value={tab} onChange={(v) => v && setTab(v as Tab)} keepMounted={false}>
          <Tabs.List aria-label="People">
            <Tabs.Tab value="members">Members</Tabs.Tab>
            <Tabs.Tab value="guests">Guests</Tabs.Tab>
            <Tabs.Tab value="groups">Groups</Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="members" pt="md">
            <MembersPanel org={org} myId={session.data?.userId} />
          </Tabs.Panel>
          <Tabs.Panel value="guests" pt="md">
            <GuestsPanel org={org} />
          </Tabs.Panel>
          <Tabs.Panel value="groups" pt="md">
            <GroupsPanel org={org} />
          </Tabs.Panel>
        </Tabs>
      )}
    </Stack>
  );
}
