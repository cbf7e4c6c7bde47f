import { Badge, Group, List, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../api/client';
import { AnchorLink } from './links';
import { ErrorState, Loading } from './states';

/** The most recent processes looked at: enough to show which versions are running. */
export const VERSIONS_SAMPLE = 100;
/** Processes named under each version; the rest are counted. */
const NAMED_PER_VERSION = 5;

interface ProcessOfTemplate {
  id: string;
  name: string;
  status: string;
  checklist_version: number | null;
}

export interface VersionRow {
  version: number | null;
  processes: ProcessOfTemplate[];
}

/** Processes grouped by the template version they run, newest version first. */
export function byVersion(processes: readonly ProcessOfTemplate[]): VersionRow[] {
  const rows = new Map<number | null, ProcessOfTemplate[]>();
  for (const p of processes) rows.set(p.checklist_version, [...(rows.get(p.checklist_version) ?? []), p]);
  return [...rows.entries()]
    .map(([version, list]) => ({ version, processes: list }))
    .sort((a, b) => (b.version ?? 0) - (a.version ?? 0));
}

/**
 * A template's versions and the processes running each: a process keeps the version it was
 * launched from, so editing or publishing never changes it. Read from the template's most
 * recent processes (archived ones too).
 */
export function TemplateVersions({
  org,
  templateId,
  current,
  published,
}: {
  org: string;
  templateId: string;
  current: number;
  published: boolean;
}) {
  const runs = useQuery({
    queryKey: ['template-versions', org, templateId],
    queryFn: async () =>
      unwrap(
        await api.GET('/organizations/{org}/runs', {
          params: {
            path: { org },
            query: {
              checklist_id: templateId,
              archived: 'true',
              per_page: VERSIONS_SAMPLE,
              sort: '-created_at',
            },
          },
        }),
      ),
  });
  const rows = byVersion((runs.data?.data ?? []) as ProcessOfTemplate[]);
  const total = runs.data?.meta.pagination.total ?? 0;
  return (
    <Stack component="section" aria-labelledby="versions-title" gap="sm">
      <Title order={2} size="h3" id="versions-title">
        Versions
      </Title>
      <Text size="sm" c="dimmed">
        Version {current} is {published ? 'published' : 'being edited'}. A process runs the version it was
        launched from.
      </Text>
      {runs.isPending ? (
        <Loading label="Loading the template's processes" />
      ) : runs.isError ? (
        <ErrorState error={runs.error} />
      ) : rows.length === 0 ? (
        <Text size="sm">No process has been launched from this template yet.</Text>
      ) : (
        <>
          <Table aria-label="Processes by version" verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Version</Table.Th>
                <Table.Th>Processes</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((row) => (
                <Table.Tr key={String(row.version)}>
                  <Table.Td>
                    <Group gap="xs" wrap="nowrap">
                      <Text size="sm">{row.version === null ? 'Unknown' : `Version ${row.version}`}</Text>
                      {row.version === current ? (
                        <Badge size="sm" variant="light">
                          current
                        </Badge>
                      ) : null}
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">
                      {row.processes.length} process{row.processes.length === 1 ? '' : 'es'}
                    </Text>
                    <List size="sm">
                      {row.processes.slice(0, NAMED_PER_VERSION).map((p) => (
                        <List.Item key={p.id}>
                          <AnchorLink to="/app/$org/processes/$runId" params={{ org, runId: p.id }}>
                            {p.name}
                          </AnchorLink>
                        </List.Item>
                      ))}
                    </List>
                    {row.processes.length > NAMED_PER_VERSION ? (
                      <Text size="sm" c="dimmed">
                        and {row.processes.length - NAMED_PER_VERSION} more
                      </Text>
                    ) : null}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {total > VERSIONS_SAMPLE ? (
            <Text size="xs" c="dimmed">
              From the {VERSIONS_SAMPLE} most recent of {total} processes.
            </Text>
          ) : null}
        </>
      )}
    </Stack>
  );
}
