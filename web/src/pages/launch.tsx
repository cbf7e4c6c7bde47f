import { Button, Card, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useParams, useSearch } from '@tanstack/react-router';
import { useState } from 'react';
import { ApiError, api, unwrap, uploadWithProgress } from '../api/client';
import { FieldEditor } from '../components/field-editor';
import { Empty, ErrorState, Loading } from '../components/states';
import { fieldErrorsById } from '../lib/field-errors';
import { useMembers } from '../lib/members';
import { toast } from '../lib/toast';
import type { FileAsset, FormField } from '../lib/types';

/** Launch: pick a template, fill its kick-off form, name the process, land on it. */
export function LaunchPage() {
  const { org } = useParams({ from: '/app/$org/launch' });
  const { template } = useSearch({ from: '/app/$org/launch' });
  const navigate = useNavigate({ from: '/app/$org/launch' });
  const templates = useQuery({
    queryKey: ['templates', org],
    queryFn: async () =>
      unwrap(
        await api.GET('/organizations/{org}/checklists', {
          params: { path: { org }, query: { per_page: 100 } },
        }),
      ).data,
  });
  return (
    <Stack component="section" aria-labelledby="launch-title" maw={720}>
      <Title order={1} id="launch-title">
        Launch a process
      </Title>
      {templates.isPending ? (
        <Loading label="Loading templates" />
      ) : templates.isError ? (
        <ErrorState error={templates.error} />
      ) : templates.data.length === 0 ? (
        <Empty title="No templates yet">An administrator creates templates to launch processes from.</Empty>
      ) : (
        <>
          <Select
            label="Template"
            placeholder="Pick a template"
            searchable
            data={templates.data.map((t) => ({ value: t.id, label: t.title }))}
            value={template ?? null}
            onChange={(id) => void navigate({ search: { template: id ?? undefined }, replace: true })}
          />
          {template ? <KickoffForm key={template} org={org} templateId={template} /> : null}
        </>
      )}
    </Stack>
  );
}

function KickoffForm({ org, templateId }: { org: string; templateId: string }) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const members = useMembers(org);
  const [values, setValues] = useState<Record<string, unknown>>({});
  const [name, setName] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const detail = useQuery({
    queryKey: ['template', org, templateId],
    queryFn: async () =>
      unwrap(
        await api.GET('/organizations/{org}/checklists/{checklist_id}', {
          params: { path: { org, checklist_id: templateId } },
        }),
      ).data,
  });
  if (detail.isPending) return <Loading label="Loading the kick-off form" />;
  if (detail.isError) return <ErrorState error={detail.error} />;
  const fields = [...((detail.data as { prerun?: FormField[] }).prerun ?? [])].sort(
    (a, b) => (a.position ?? 0) - (b.position ?? 0),
  );

  const launch = async (event: React.FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setFailure(undefined);
    // Required kick-off fields are checked here first and again by the server.
    const missing = Object.fromEntries(
      fields
        .filter((f) => f.required && isEmpty(values[f.id]))
        .map((f) => [f.id, `The ${f.label} field is required.`]),
    );
    if (Object.keys(missing).length > 0) {
      setErrors(missing);
      setBusy(false);
      return;
    }
    try {
      const { data } = unwrap(
        await api.POST('/organizations/{org}/runs', {
          params: { path: { org } },
          body: {
            checklist_id: templateId,
            ...(name.trim() ? { name: name.trim() } : {}),
            prerun: values,
          } as never,
        }),
      );
      toast(`Launched ${data.name}`);
      await queryClient.invalidateQueries({ queryKey: ['my-tasks', org] });
      await queryClient.invalidateQueries({ queryKey: ['processes', org] });
      await navigate({ to: '/app/$org/processes/$runId', params: { org, runId: data.id } });
    } catch (error) {
      setErrors(fieldErrorsById(error));
      setFailure(error);
    } finally {
      setBusy(false);
    }
  };

  // Kick-off files belong to the template until the process exists (Tallyfy's ko_field).
  const upload = async (file: File, onProgress: (f: number) => void) => {
    const form = new FormData();
    form.append('subject_type', 'Checklist');
    form.append('subject_id', templateId);
    form.append('uploaded_from', 'ko_field');
    form.append('name', file, file.name);
    return (
      (await uploadWithProgress(`/api/organizations/${org}/file`, form, onProgress)) as { data: FileAsset }
    ).data;
  };

  return (
    <Card withBorder component="form" onSubmit={launch} noValidate>
      <Stack>
        <TextInput
          label="Process name"
          description="Leave empty to use the template's naming"
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          error={errors.name}
        />
        {fields.length ? (
          <Title order={2} size="h4">
            {(detail.data as { kickoff_title?: string | null }).kickoff_title || 'Kick-off form'}
          </Title>
        ) : (
          <Text c="dimmed">This template has no kick-off form.</Text>
        )}
        {fields.map((field) => (
          <FieldEditor
            key={field.id}
            field={field}
            value={values[field.id] ?? null}
            onSave={(value) => {
              setValues((v) => ({ ...v, [field.id]: value }));
              setErrors(({ [field.id]: _, ...rest }) => rest);
            }}
            error={errors[field.id]}
            members={members.data}
            upload={upload}
            fileUrl={(f) => `/api/organizations/${org}/file/${f.id}/dl`}
          />
        ))}
        {failure instanceof ApiError && Object.keys(errors).length === 0 ? (
          <Text c="red" role="alert">
            {failure.message}
          </Text>
        ) : null}
        {failure !== undefined && !(failure instanceof ApiError) ? <ErrorState error={failure} /> : null}
        <Button type="submit" loading={busy}>
          Launch
        </Button>
      </Stack>
    </Card>
  );
}

function isEmpty(value: unknown): boolean {
  if (value === null || value === undefined) return true;
  if (typeof value === 'string') return value.trim() === '';
  if (Array.isArray(value))
    return value.length === 0 || value.every((v) => (v as { selected?: boolean }).selected === false);
  return false;
}
