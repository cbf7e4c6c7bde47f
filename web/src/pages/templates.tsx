import {
  ActionIcon,
  Badge,
  Button,
  FileButton,
  Group,
  Menu,
  Modal,
  Paper,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedValue, useDisclosure } from '@mantine/hooks';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useParams } from '@tanstack/react-router';
import { type ReactNode, useState } from 'react';
import { ApiError, api, unwrap } from '../api/client';
import { AnchorLink } from '../components/links';
import { ListToolbar } from '../components/list-toolbar';
import { Empty, ErrorState, Loading } from '../components/states';
import { toast, toastFailure } from '../lib/toast';
import type { Template } from '../lib/types';

type Filter = 'active' | 'archived';
const FILTERS: { value: Filter; label: string }[] = [
  { value: 'active', label: 'Active' },
  { value: 'archived', label: 'Archived' },
];

interface Tag {
  id: string;
  title: string;
  color?: string | null;
}

function tagsOf(t: Template): Tag[] {
  const raw = (t as { tags?: unknown }).tags;
  const list = Array.isArray(raw)
    ? raw
    : raw && typeof raw === 'object' && 'data' in raw
      ? (raw as { data: unknown }).data
      : [];
  return Array.isArray(list) ? (list as Tag[]) : [];
}

/** The folder's name from `with=folder` (`folder: { data: Folder | null }`). */
const folderNameOf = (t: Template) =>
  (t as { folder?: { data?: { name?: string } | null } | null }).folder?.data?.name;
const pinnedOf = (t: Template) => (t as { is_pinned?: boolean }).is_pinned === true;

/** Saves a JSON document as a file the browser downloads. */
function download(name: string, doc: unknown) {
  const blob = new Blob([JSON.stringify(doc, null, 2)], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  URL.revokeObjectURL(url);
}

/** Templates: pinned first; search, active or archived, tags, folders; pin, star, create, clone, archive, restore, delete, import, export. */
export function TemplatesPage() {
  const { org } = useParams({ from: '/app/$org/templates' });
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [filter, setFilter] = useState<Filter>('active');
  const [text, setText] = useState('');
  const [q] = useDebouncedValue(text, 250);
  const [tag, setTag] = useState<string | null>(null);
  const [folder, setFolder] = useState<string | null>(null);
  const [creating, { open: openCreate, close: closeCreate }] = useDisclosure(false);
  const [title, setTitle] = useState('');
  const [titleError, setTitleError] = useState<string | undefined>();

  const list = useQuery({
    queryKey: ['templates', org, filter, q, tag, folder],
    queryFn: async () =>
      unwrap(
        await api.GET('/organizations/{org}/checklists', {
          params: {
            path: { org },
            query: {
              q: q || undefined,
              archived: filter === 'archived' ? 'only' : undefined,
              tag: tag ?? undefined,
              folder: folder ?? undefined,
              with: 'tags,folder',
              per_page: 100,
              sort: 'title',
            },
          },
        }),
      ).data,
    placeholderData: keepPreviousData,
  });
  // The member's own stars: the list's `starred` filter, as a set of ids.
  const starred = useQuery({
    queryKey: ['templates', org, 'starred'],
    queryFn: async () =>
      new Set(
        unwrap(
          await api.GET('/organizations/{org}/checklists', {
            params: { path: { org }, query: { starred: true, archived: 'true', per_page: 100 } },
          }),
        ).data.map((t) => t.id),
      ),
  });
  const folders = useQuery({
    queryKey: ['folders', org, 'checklist'],
    queryFn: async () =>
      unwrap(
        await api.GET('/organizations/{org}/folders', {
          params: { path: { org }, query: { folder_type: 'checklist', per_page: 100 } },
        }),
      ).data,
    staleTime: 60_000,
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['templates', org] });

  const mark = useMutation({
    mutationFn: async ({ kind, t, on }: { kind: 'pin' | 'star'; t: Template; on: boolean }) => {
      const path = { org, checklist_id: t.id };
      if (kind === 'pin')
        unwrap(
          await api.PUT('/organizations/{org}/checklists/{checklist_id}/pin', {
            params: { path },
            body: { is_pinned: on },
          }),
        );
      else {
        const body = { subject_id: t.id, subject_type: 'Checklist' };
        if (on) unwrap(await api.POST('/organizations/{org}/favorite', { params: { path: { org } }, body }));
        else unwrap(await api.DELETE('/organizations/{org}/favorite', { params: { path: { org } }, body }));
      }
      return { kind, on };
    },
    onSuccess: ({ kind, on }) => {
      toast(
        kind === 'pin' ? (on ? 'Template pinned' : 'Template unpinned') : on ? 'Starred' : 'Star removed',
      );
      void refresh();
    },
    onError: toastFailure,
  });

  const create = useMutation({
    mutationFn: async (t: string) =>
      unwrap(
        await api.POST('/organizations/{org}/checklists', {
          params: { path: { org } },
          body: { title: t, type: 'procedure' },
        }),
      ).data,
    onSuccess: (t) => {
      closeCreate();
      void refresh();
      void navigate({ to: '/app/$org/templates/$templateId', params: { org, templateId: t.id } });
    },
    onError: (error) => {
      if (error instanceof ApiError && error.fieldErrors.title)
        setTitleError(error.fieldErrors.title.join(' '));
      else setTitleError(error instanceof Error ? error.message : String(error));
    },
  });

  const act = useMutation({
    mutationFn: async ({
      kind,
      t,
    }: {
      kind: 'clone' | 'archive' | 'restore' | 'delete' | 'export';
      t: Template;
    }) => {
      const path = { org, checklist_id: t.id };
      if (kind === 'clone')
        unwrap(
          await api.POST('/organizations/{org}/checklists/{checklist_id}/clone', {
            params: { path },
            body: { title: `${t.title} (copy)` },
          }),
        );
      else if (kind === 'archive')
        unwrap(await api.DELETE('/organizations/{org}/checklists/{checklist_id}', { params: { path } }));
      else if (kind === 'restore')
        unwrap(await api.PUT('/organizations/{org}/checklists/{checklist_id}/restore', { params: { path } }));
      else if (kind === 'delete')
        unwrap(
          await api.DELETE('/organizations/{org}/checklists/{checklist_id}/delete', { params: { path } }),
        );
      else {
        const doc = unwrap(
          await api.GET('/organizations/{org}/checklists/{checklist_id}/export', { params: { path } }),
        );
        download(`${t.title.replace(/[^\w.-]+/g, '-')}.json`, doc);
      }
      return kind;
    },
    onSuccess: (kind) => {
      const said = {
        clone: 'Template cloned',
        archive: 'Template archived',
        restore: 'Template restored',
        delete: 'Template deleted',
        export: 'Template exported',
      };
      toast(said[kind]);
      if (kind !== 'export') void refresh();
    },
    onError: toastFailure,
  });

  const importFile = useMutation({
    mutationFn: async (file: File) => {
      let doc: unknown;
      try {
        doc = JSON.parse(await file.text());
      } catch {
        throw new Error(`${file.name} is not a JSON document.`);
      }
      return unwrap(
        await api.POST('/organizations/{org}/checklists/import', {
          params: { path: { org } },
          body: doc as Record<string, never>,
        }),
      );
    },
    onSuccess: () => {
      toast('Template imported');
      void refresh();
    },
    onError: toastFailure,
  });

  // Pinned first, each part in the server's order (by title).
  const rows = [...(list.data ?? [])].sort((a, b) => Number(pinnedOf(b)) - Number(pinnedOf(a)));
  const tags = new Map<string, Tag>();
  for (const t of rows) for (const g of tagsOf(t)) tags.set(g.id, g);

  return (
    <Stack component="section" aria-labelledby="templates-title">
      <Group justify="space-between">
        <Title order={1} id="templates-title">
          Templates
        </Title>
        <Group gap="xs">
          <FileButton onChange={(f) => f && importFile.mutate(f)} accept="application/json,.json">
            {(props) => (
              <Button variant="default" loading={importFile.isPending} {...props}>
                Import JSON
              </Button>
            )}
          </FileButton>
          <Button
            onClick={() => {
              setTitle('');
              setTitleError(undefined);
              openCreate();
            }}
          >
            New template
          </Button>
        </Group>
      </Group>
      <ListToolbar
        filterLabel="Show"
        filters={FILTERS}
        filter={filter}
        onFilter={setFilter}
        searchLabel="Search templates"
        search={text}
        onSearch={setText}
      >
        {(folders.data ?? []).length > 0 ? (
          <Select
            label="Folder"
            placeholder="All folders"
            clearable
            data={(folders.data ?? []).map((f) => ({ value: f.id, label: f.name }))}
            value={folder}
            onChange={setFolder}
            w={200}
          />
        ) : null}
      </ListToolbar>
      {tag || tags.size > 0 ? (
        <Group gap="xs" aria-label="Filter by tag" role="group">
          {tag ? (
            <Button size="compact-xs" variant="subtle" onClick={() => setTag(null)}>
              All tags
            </Button>
          ) : null}
          {[...tags.values()].map((g) => (
            <Button
              key={g.id}
              size="compact-xs"
              variant={tag === g.id ? 'filled' : 'light'}
              aria-pressed={tag === g.id}
              onClick={() => setTag(tag === g.id ? null : g.id)}
            >
              {g.title}
            </Button>
          ))}
        </Group>
      ) : null}
      <Paper withBorder p="md">
        {list.isPending ? (
          <Loading label="Loading templates" />
        ) : list.isError ? (
          <ErrorState error={list.error} />
        ) : rows.length === 0 ? (
          <Empty title={filter === 'archived' ? 'No archived templates' : 'No templates yet'}>
            {filter === 'archived' ? null : 'Create one with New template.'}
          </Empty>
        ) : (
          <Table.ScrollContainer minWidth={520}>
            <Table verticalSpacing="sm">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>
                    <span className="visually-hidden">Pinned and starred</span>
                  </Table.Th>
                  <Table.Th>Title</Table.Th>
                  <Table.Th>Steps</Table.Th>
                  <Table.Th>Tags</Table.Th>
                  <Table.Th>State</Table.Th>
                  <Table.Th>
                    <span className="visually-hidden">Actions</span>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((t) => (
                  <Table.Tr key={t.id}>
                    <Table.Td>
                      <Group gap={2} wrap="nowrap">
                        <ToggleIcon
                          label={`Pin ${t.title}`}
                          on={pinnedOf(t)}
                          onToggle={(on) => mark.mutate({ kind: 'pin', t, on })}
                          icon={<PinIcon filled={pinnedOf(t)} />}
                        />
                        <ToggleIcon
                          label={`Star ${t.title}`}
                          on={starred.data?.has(t.id) ?? false}
                          onToggle={(on) => mark.mutate({ kind: 'star', t, on })}
                          icon={starred.data?.has(t.id) ? '★' : '☆'}
                        />
                      </Group>
                    </Table.Td>
                    <Table.Td>
                      <AnchorLink
                        to="/app/$org/templates/$templateId"
                        params={{ org, templateId: t.id }}
                        fw={600}
                      >
                        {t.title}
                      </AnchorLink>
                      {folderNameOf(t) ? (
                        <Text size="xs" c="dimmed">
                          in {folderNameOf(t)}
                        </Text>
                      ) : null}
                    </Table.Td>
                    <Table.Td>{t.steps_count}</Table.Td>
                    <Table.Td>
                      <Group gap={4}>
                        {tagsOf(t).map((g) => (
                          <Badge key={g.id} variant="light" size="sm">
                            {g.title}
                          </Badge>
                        ))}
                      </Group>
                    </Table.Td>
                    <Table.Td>
                      {t.archived_at ? (
                        <Badge color="gray">Archived</Badge>
                      ) : t.is_published_state ? (
                        <Badge color="teal">Published v{t.version}</Badge>
                      ) : (
                        <Badge variant="light">Draft v{t.version}</Badge>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Menu position="bottom-end">
                        <Menu.Target>
                          <Button size="compact-sm" variant="subtle" aria-label={`Actions for ${t.title}`}>
                            Actions
                          </Button>
                        </Menu.Target>
                        <Menu.Dropdown>
                          {t.archived_at ? (
                            <>
                              <Menu.Item onClick={() => act.mutate({ kind: 'restore', t })}>
                                Restore
                              </Menu.Item>
                              <Menu.Item color="red" onClick={() => act.mutate({ kind: 'delete', t })}>
                                Delete permanently
                              </Menu.Item>
                            </>
                          ) : (
                            <>
                              <Menu.Item onClick={() => act.mutate({ kind: 'clone', t })}>Clone</Menu.Item>
                              <Menu.Item onClick={() => act.mutate({ kind: 'export', t })}>
                                Export JSON
                              </Menu.Item>
                              <Menu.Item onClick={() => act.mutate({ kind: 'archive', t })}>
                                Archive
                              </Menu.Item>
                            </>
                          )}
                        </Menu.Dropdown>
                      </Menu>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Paper>
      <Modal opened={creating} onClose={closeCreate} title="New template">
        <form
          onSubmit={(e) => {
            e.preventDefault();
            setTitleError(undefined);
            create.mutate(title);
          }}
        >
          <Stack>
            <TextInput
              label="Title"
              required
              value={title}
              error={titleError}
              onChange={(e) => setTitle(e.currentTarget.value)}
              data-autofocus
            />
            <Group justify="flex-end">
              <Button type="submit" loading={create.isPending}>
                Create template
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </Stack>
  );
}

/** A pin or star: a toggle button named by what it does, pressed while on. */
function ToggleIcon({
  label,
  on,
  onToggle,
  icon,
}: {
  label: string;
  on: boolean;
  onToggle: (on: boolean) => void;
  icon: ReactNode;
}) {
  return (
    <ActionIcon
      variant={on ? 'light' : 'subtle'}
      color={on ? 'teal' : 'gray'}
      aria-label={label}
      aria-pressed={on}
      onClick={() => onToggle(!on)}
    >
      <span aria-hidden>{icon}</span>
    </ActionIcon>
  );
}

function PinIcon({ filled }: { filled: boolean }) {
  return (
    <svg width="16" height="16" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path
        d="M15 4.5l-4 4l-4 1.5l-1.5 1.5l7 7l1.5 -1.5l1.5 -4l4 -4M9 15l-4.5 4.5M14.5 4l5.5 5.5"
        fill={filled ? 'currentColor' : 'none'}
        stroke="currentColor"
        strokeWidth="2"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </svg>
  );
}
