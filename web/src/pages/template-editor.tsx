import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Checkbox,
  Group,
  MultiSelect,
  NumberInput,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  TagsInput,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { ApiError, api, unwrap } from '../api/client';
import { type DraftField, draftOf, FormBuilder, wireOf } from '../components/form-builder';
import { ButtonLink } from '../components/links';
import { RichTextEditor } from '../components/rich-text-editor';
import { RuleBuilder, type RuleDraft } from '../components/rule-builder';
import { ErrorState, Loading } from '../components/states';
import { TemplateVersions } from '../components/template-versions';
import { useMembers } from '../lib/members';
import { toast, toastFailure } from '../lib/toast';

export interface EditorField {
  id: string;
  label: string;
  field_type: string;
  required: boolean;
  guidance?: string | null;
  options: { id: number; text: string }[];
  columns: { id: number; label: string }[];
  default_value?: unknown;
  default_value_enabled?: boolean;
}

export interface EditorStep {
  id: string;
  title: string;
  summary: string | null;
  step_type: string;
  position: number;
  deadline: { value: number; unit: string; option: string; step: string } | null;
  assignees: number[];
  guests: string[];
  groups: string[];
  /** Job-title ids: their holders are assigned. */
  roles?: string[];
  assign_run_starter: boolean;
  can_complete_only_assignees: boolean;
  everyone_must_complete: boolean;
  allow_guest_owners: boolean;
  prevent_guest_comment: boolean;
  skip_start_process: boolean;
  webhook: string | null;
  captures: EditorField[];
}

export interface EditorTemplate {
  id: string;
  title: string;
  summary: string | null;
  guidance: string | null;
  version: number;
  is_published_state: boolean;
  started_processes: number;
  archived_at: string | null;
  prerun: EditorField[];
  automated_actions: RuleDraft[];
  steps?: { data: EditorStep[] };
}

export const STEP_TYPES = [
  { value: 'task', label: 'Task' },
  { value: 'approval', label: 'Approval' },
  { value: 'expiring', label: 'Expiring' },
  { value: 'email', label: 'E-mail' },
  { value: 'expiring_email', label: 'Expiring e-mail' },
];
/** A step's yes/no settings, in the order the form shows them. */
const STEP_SETTINGS: {
  key:
    | 'skip_start_process'
    | 'everyone_must_complete'
    | 'can_complete_only_assignees'
    | 'assign_run_starter'
    | 'allow_guest_owners'
    | 'prevent_guest_comment';
  label: string;
}[] = [
  { key: 'skip_start_process', label: 'Hidden at launch (a rule or a person shows it)' },
  { key: 'everyone_must_complete', label: 'Everyone assigned must complete it' },
  { key: 'can_complete_only_assignees', label: 'Only assignees can complete it' },
  { key: 'assign_run_starter', label: 'Assign the launcher when nobody else is' },
  { key: 'allow_guest_owners', label: 'Guests may be assigned' },
  { key: 'prevent_guest_comment', label: 'Guests may not comment' },
];
const UNITS = ['minutes', 'hours', 'days', 'weeks', 'months'].map((u) => ({ value: u, label: u }));

const templateKey = (org: string, id: string) => ['template-editor', org, id] as const;

/** Server messages whose key starts with `prefix.`, re-keyed without it. */
function errorsUnder(errors: Record<string, string[]>, prefix: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(errors))
    if (k.startsWith(`${prefix}.`)) out[k.slice(prefix.length + 1)] = v;
  return out;
}
const messageAt = (errors: Record<string, string[]>, key: string) => errors[key]?.join(' ');

function useGroups(org: string) {
  return useQuery({
    queryKey: ['groups', org],
    queryFn: async () =>
      unwrap(
        await api.GET('/organizations/{org}/groups', { params: { path: { org }, query: { per_page: 100 } } }),
      ).data as { id: string; name: string }[],
    staleTime: 60_000,
  });
}

function useJobTitles(org: string) {
  return useQuery({
    queryKey: ['job-titles', org],
    queryFn: async () =>
      unwrap(
        await api.GET('/organizations/{org}/organization-roles', {
          params: { path: { org } },
        }),
      ).data as { id: string; title: string }[],
    staleTime: 60_000,
  });
}

/** The template editor: details and kick-off form, steps in order, rules; publish and launch. */
export function TemplateEditorPage() {
  const { org, templateId } = useParams({ from: '/app/$org/templates/$templateId' });
  const template = useQuery({
    queryKey: templateKey(org, templateId),
    queryFn: async () =>
      unwrap(
        await api.GET('/organizations/{org}/checklists/{checklist_id}', {
          params: { path: { org, checklist_id: templateId }, query: { with: 'steps', archived: 'true' } },
        }),
      ).data as unknown as EditorTemplate,
  });
  if (template.isPending) return <Loading label="Loading the template" />;
  if (template.isError) return <ErrorState error={template.error} />;
  return <Editor org={org} template={template.data} />;
}

function Editor({ org, template }: { org: string; template: EditorTemplate }) {
  const queryClient = useQueryClient();
  const refresh = async () => {
    // The launch page and the templates list hold their own copies.
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: templateKey(org, template.id) }),
      queryClient.invalidateQueries({ queryKey: ['template', org, template.id] }),
      queryClient.invalidateQueries({ queryKey: ['templates', org] }),
    ]);
  };
  const steps = [...(template.steps?.data ?? [])].sort((a, b) => a.position - b.position);
  const [openStep, setOpenStep] = useState<string | null>(null);

  const publish = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.PUT('/organizations/{org}/checklists/{checklist_id}/publish', {
          params: { path: { org, checklist_id: template.id } },
        }),
      ),
    onSuccess: () => {
      toast('Template published');
      void refresh();
    },
    onError: toastFailure,
  });

  return (
    <Stack component="section" aria-labelledby="editor-title" gap="lg">
      <Group justify="space-between" align="flex-start">
        <Stack gap={2}>
          <Title order={1} id="editor-title">
            {template.title}
          </Title>
          <Group gap="xs">
            <Badge variant="light" color={template.is_published_state ? 'teal' : 'gray'}>
              Version {template.version}: {template.is_published_state ? 'published' : 'not published'}
            </Badge>
            <Text size="sm" c="dimmed">
              {template.started_processes} process{template.started_processes === 1 ? '' : 'es'} launched.
              Editing never changes running processes.
            </Text>
          </Group>
        </Stack>
        <Group gap="xs">
          <Button
            variant="light"
            onClick={() => publish.mutate()}
            loading={publish.isPending}
            disabled={template.is_published_state}
          >
            Publish
          </Button>
          <ButtonLink to="/app/$org/launch" params={{ org }} search={{ template: template.id }}>
            Launch
          </ButtonLink>
        </Group>
      </Group>
      {template.archived_at ? (
        <Alert color="gray" title="Archived">
          This template is archived; restore it from the templates list to launch it.
        </Alert>
      ) : null}
      <DetailsForm org={org} template={template} onSaved={refresh} />
      <StepsPanel
        org={org}
        template={template}
        steps={steps}
        openStep={openStep}
        setOpenStep={setOpenStep}
        onSaved={refresh}
      />
      <RulesPanel org={org} template={template} steps={steps} onSaved={refresh} />
      <TemplateVersions
        org={org}
        templateId={template.id}
        current={template.version}
        published={template.is_published_state}
      />
    </Stack>
  );
}

function DetailsForm({
  org,
  template,
  onSaved,
}: {
  org: string;
  template: EditorTemplate;
  onSaved: () => void;
}) {
  const [title, setTitle] = useState(template.title);
  const [summary, setSummary] = useState(template.summary ?? '');
  const [guidance, setGuidance] = useState(template.guidance ?? '');
  const [kickoff, setKickoff] = useState<DraftField[]>(() => template.prerun.map(draftOf));
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const save = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.PUT('/organizations/{org}/checklists/{checklist_id}', {
          params: { path: { org, checklist_id: template.id } },
          body: {
            title,
            summary: summary || null,
            guidance: guidance || null,
            prerun: kickoff.map((f, i) => wireOf(f, i + 1)),
          } as never,
        }),
      ).data as unknown as EditorTemplate,
    onSuccess: (saved) => {
      setErrors({});
      setKickoff(saved.prerun.map(draftOf));
      toast('Template saved');
      onSaved();
    },
    onError: (error) => {
      if (error instanceof ApiError && Object.keys(error.fieldErrors).length) setErrors(error.fieldErrors);
      else toastFailure(error);
    },
  });
  const general = messageAt(errors, 'prerun');
  return (
    <Paper
      withBorder
      p="md"
      component="form"
      noValidate
      aria-label="Template details"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <Stack>
        <TextInput
          label="Title"
          required
          value={title}
          error={messageAt(errors, 'title')}
          onChange={(e) => setTitle(e.currentTarget.value)}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Textarea
            label="Summary"
            autosize
            minRows={2}
            value={summary}
            error={messageAt(errors, 'summary')}
            onChange={(e) => setSummary(e.currentTarget.value)}
          />
          <Textarea
            label="Guidance"
            description="Shown to whoever launches it"
            autosize
            minRows={2}
            value={guidance}
            error={messageAt(errors, 'guidance')}
            onChange={(e) => setGuidance(e.currentTarget.value)}
          />
        </SimpleGrid>
        <FormBuilder
          title="Kick-off form"
          fields={kickoff}
          onChange={setKickoff}
          errors={errorsUnder(errors, 'prerun')}
        />
        {general ? (
          <Text c="red.8" size="sm" role="alert">
            {general}
          </Text>
        ) : null}
        <Group justify="flex-end">
          <Button type="submit" loading={save.isPending}>
            Save
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

function StepsPanel({
  org,
  template,
  steps,
  openStep,
  setOpenStep,
  onSaved,
}: {
  org: string;
  template: EditorTemplate;
  steps: EditorStep[];
  openStep: string | null;
  setOpenStep: (id: string | null) => void;
  onSaved: () => void;
}) {
  const [dragging, setDragging] = useState<string | null>(null);
  const [over, setOver] = useState<string | null>(null);
  const [announce, setAnnounce] = useState('');
  const path = { org, checklist_id: template.id };
  const add = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.POST('/organizations/{org}/checklists/{checklist_id}/steps', {
          params: { path },
          body: { title: `Step ${steps.length + 1}`, position: steps.length + 1, step_type: 'task' } as never,
        }),
      ).data as unknown as EditorStep,
    // The step open until now closes at once: nothing typed meanwhile lands in it unseen.
    onMutate: () => setOpenStep(null),
    onSuccess: (step) => {
      setOpenStep(step.id);
      onSaved();
    },
    onError: toastFailure,
  });
  const move = useMutation({
    mutationFn: async ({ step, position }: { step: EditorStep; position: number }) => {
      unwrap(
        await api.PUT('/organizations/{org}/checklists/{checklist_id}/steps/{step_id}', {
          params: { path: { ...path, step_id: step.id } },
          body: { position } as never,
        }),
      );
      return { step, position };
    },
    onSuccess: ({ step, position }) => {
      setAnnounce(`${step.title} moved to position ${position} of ${steps.length}`);
      onSaved();
    },
    onError: toastFailure,
  });
  const remove = useMutation({
    mutationFn: async (step: EditorStep) =>
      unwrap(
        await api.DELETE('/organizations/{org}/checklists/{checklist_id}/steps/{step_id}', {
          params: { path: { ...path, step_id: step.id } },
        }),
      ),
    onSuccess: () => {
      toast('Step deleted');
      onSaved();
    },
    onError: toastFailure,
  });

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="steps-title">
      <Stack>
        <Group justify="space-between">
          <Title order={2} size="h4" id="steps-title">
            Steps
          </Title>
          <Button onClick={() => add.mutate()} loading={add.isPending}>
            Add step
          </Button>
        </Group>
        <div aria-live="polite" className="visually-hidden">
          {announce}
        </div>
        {steps.length === 0 ? <Text c="dimmed">No steps yet.</Text> : null}
        <Stack gap="xs" component="ol" m={0} p={0} style={{ listStyle: 'none' }} aria-label="Steps in order">
          {steps.map((step, i) => (
            <li
              key={step.id}
              className="step-row"
              data-dragging={dragging === step.id || undefined}
              data-drop-target={(over === step.id && dragging !== step.id) || undefined}
              onDragOver={(e) => {
                if (!dragging) return;
                e.preventDefault();
                setOver(step.id);
              }}
              onDragLeave={() => setOver((o) => (o === step.id ? null : o))}
              onDrop={(e) => {
                e.preventDefault();
                const from = steps.find((s) => s.id === dragging);
                setDragging(null);
                setOver(null);
                if (from && from.id !== step.id) move.mutate({ step: from, position: i + 1 });
              }}
            >
              <Paper withBorder p="sm">
                <Group justify="space-between" wrap="nowrap">
                  <Group gap="xs" wrap="nowrap" style={{ minWidth: 0 }}>
                    <span
                      className="drag-handle"
                      draggable
                      onDragStart={(e) => {
                        e.dataTransfer.effectAllowed = 'move';
                        e.dataTransfer.setData('text/plain', step.id);
                        setDragging(step.id);
                      }}
                      onDragEnd={() => {
                        setDragging(null);
                        setOver(null);
                      }}
                      title="Drag to reorder"
                      aria-hidden
                    >
                      ⠿
                    </span>
                    <Text fw={600} truncate>
                      {i + 1}. {step.title}
                    </Text>
                    <Badge size="sm" variant="light">
                      {STEP_TYPES.find((t) => t.value === step.step_type)?.label ?? step.step_type}
                    </Badge>
                    {step.skip_start_process ? (
                      <Badge size="sm" color="gray">
                        Hidden at launch
                      </Badge>
                    ) : null}
                  </Group>
                  <Group gap={4} wrap="nowrap">
                    <ActionIcon
                      variant="subtle"
                      aria-label={`Move ${step.title} up`}
                      disabled={i === 0 || move.isPending}
                      onClick={() => move.mutate({ step, position: i })}
                    >
                      ↑
                    </ActionIcon>
                    <ActionIcon
                      variant="subtle"
                      aria-label={`Move ${step.title} down`}
                      disabled={i === steps.length - 1 || move.isPending}
                      onClick={() => move.mutate({ step, position: i + 2 })}
                    >
                      ↓
                    </ActionIcon>
                    <Button
                      size="compact-sm"
                      variant="subtle"
                      aria-expanded={openStep === step.id}
                      aria-label={`${openStep === step.id ? 'Close' : 'Edit'} ${step.title}`}
                      onClick={() => setOpenStep(openStep === step.id ? null : step.id)}
                    >
                      {openStep === step.id ? 'Close' : 'Edit'}
                    </Button>
                    <Button
                      size="compact-sm"
                      variant="subtle"
                      color="red"
                      aria-label={`Delete ${step.title}`}
                      onClick={() => remove.mutate(step)}
                    >
                      Delete
                    </Button>
                  </Group>
                </Group>
                {openStep === step.id ? (
                  <StepForm org={org} template={template} step={step} steps={steps} onSaved={onSaved} />
                ) : null}
              </Paper>
            </li>
          ))}
        </Stack>
      </Stack>
    </Paper>
  );
}

function StepForm({
  org,
  template,
  step,
  steps,
  onSaved,
}: {
  org: string;
  template: EditorTemplate;
  step: EditorStep;
  steps: EditorStep[];
  onSaved: () => void;
}) {
  const members = useMembers(org);
  const groups = useGroups(org);
  const jobTitles = useJobTitles(org);
  const [draft, setDraft] = useState(step);
  const [fields, setFields] = useState<DraftField[]>(() => step.captures.map(draftOf));
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  useEffect(() => {
    setDraft(step);
    setFields(step.captures.map(draftOf));
  }, [step]);
  const set = (patch: Partial<EditorStep>) => setDraft((d) => ({ ...d, ...patch }));
  const path = { org, checklist_id: template.id, step_id: step.id };

  const save = useMutation({
    mutationFn: async () => {
      unwrap(
        await api.PUT('/organizations/{org}/checklists/{checklist_id}/steps/{step_id}', {
          params: { path },
          body: {
            title: draft.title,
            summary: draft.summary || null,
            step_type: draft.step_type,
            deadline: draft.deadline,
            assignees: draft.assignees,
            groups: draft.groups,
            guests: draft.guests,
            roles: draft.roles ?? [],
            assign_run_starter: draft.assign_run_starter,
            can_complete_only_assignees: draft.can_complete_only_assignees,
            everyone_must_complete: draft.everyone_must_complete,
            allow_guest_owners: draft.allow_guest_owners || draft.guests.length > 0,
            prevent_guest_comment: draft.prevent_guest_comment,
            skip_start_process: draft.skip_start_process,
            webhook: draft.webhook || null,
            captures: fields.map((f, i) => wireOf(f, i + 1)),
          } as never,
        }),
      );
      const kept = new Set(fields.map((f) => f.id).filter(Boolean));
      for (const old of step.captures) {
        if (kept.has(old.id)) continue;
        unwrap(
          await api.DELETE(
            '/organizations/{org}/checklists/{checklist_id}/steps/{step_id}/captures/{capture_id}',
            {
              params: { path: { ...path, capture_id: old.id } },
            },
          ),
        );
      }
    },
    onSuccess: () => {
      setErrors({});
      toast('Step saved');
      onSaved();
    },
    onError: (error) => {
      if (error instanceof ApiError && Object.keys(error.fieldErrors).length) setErrors(error.fieldErrors);
      else toastFailure(error);
    },
  });

  const memberOptions = [...(members.data?.values() ?? [])].map((m) => ({
    value: String(m.id),
    label: m.name,
  }));
  const deadline = draft.deadline;
  const anchors = [
    { value: 'start_run', label: 'the launch' },
    ...steps.filter((s) => s.id !== step.id).map((s) => ({ value: s.id, label: `step “${s.title}”` })),
  ];
  return (
    <form
      noValidate
      aria-label={`Step ${step.title}`}
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <Stack mt="sm">
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            label="Step title"
            required
            value={draft.title}
            error={messageAt(errors, 'title')}
            onChange={(e) => set({ title: e.currentTarget.value })}
            data-autofocus
          />
          <Select
            label="Step type"
            data={STEP_TYPES}
            value={draft.step_type}
            allowDeselect={false}
            error={messageAt(errors, 'step_type')}
            onChange={(v) => v && set({ step_type: v })}
          />
        </SimpleGrid>
        <RichTextEditor
          label="Summary"
          description="What the assignee reads on the task"
          value={draft.summary ?? ''}
          error={messageAt(errors, 'summary')}
          onChange={(html) => set({ summary: html })}
        />
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }}>
          <MultiSelect
            label="Assigned members"
            data={memberOptions}
            value={draft.assignees.map(String)}
            searchable
            error={messageAt(errors, 'assignees')}
            onChange={(v) => set({ assignees: v.map(Number) })}
          />
          <MultiSelect
            label="Assigned groups"
            data={(groups.data ?? []).map((g) => ({ value: g.id, label: g.name }))}
            value={draft.groups}
            searchable
            error={messageAt(errors, 'groups')}
            onChange={(v) => set({ groups: v })}
          />
          <MultiSelect
            label="Assigned job titles"
            description="Whoever holds the job title"
            data={(jobTitles.data ?? []).map((j) => ({ value: j.id, label: j.title }))}
            value={draft.roles ?? []}
            searchable
            error={messageAt(errors, 'roles')}
            onChange={(v) => set({ roles: v })}
          />
          <TagsInput
            label="Assigned guests"
            description="E-mail addresses"
            value={draft.guests}
            error={messageAt(errors, 'guests')}
            onChange={(v) => set({ guests: v })}
          />
        </SimpleGrid>
        <Group align="flex-end" wrap="wrap">
          <Checkbox
            label="Deadline"
            checked={deadline !== null}
            onChange={(e) =>
              set({
                deadline: e.currentTarget.checked
                  ? { value: 1, unit: 'days', option: 'from', step: 'start_run' }
                  : null,
              })
            }
          />
          {deadline ? (
            <>
              <NumberInput
                label="Due in"
                min={0}
                value={deadline.value}
                w={100}
                error={messageAt(errors, 'deadline.value') ?? messageAt(errors, 'deadline')}
                onChange={(v) => set({ deadline: { ...deadline, value: Number(v) || 0 } })}
              />
              <Select
                label="Unit"
                data={UNITS}
                value={deadline.unit}
                allowDeselect={false}
                w={120}
                onChange={(v) => v && set({ deadline: { ...deadline, unit: v } })}
              />
              <Select
                label="Before or after"
                data={[
                  { value: 'from', label: 'after' },
                  { value: 'prior_to', label: 'before' },
                ]}
                value={deadline.option}
                allowDeselect={false}
                w={120}
                onChange={(v) => v && set({ deadline: { ...deadline, option: v } })}
              />
              <Select
                label="Measured from"
                data={anchors}
                value={deadline.step}
                allowDeselect={false}
                error={messageAt(errors, 'deadline.step')}
                onChange={(v) => v && set({ deadline: { ...deadline, step: v } })}
              />
            </>
          ) : null}
        </Group>
        <TextInput
          label="Step webhook"
          description="Called when a task of this step completes"
          value={draft.webhook ?? ''}
          error={messageAt(errors, 'webhook')}
          onChange={(e) => set({ webhook: e.currentTarget.value })}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs">
          {STEP_SETTINGS.map(({ key, label }) => (
            <Checkbox
              key={key}
              label={label}
              checked={draft[key]}
              onChange={(e) => set({ [key]: e.currentTarget.checked })}
            />
          ))}
        </SimpleGrid>
        <FormBuilder
          title={`Form of ${step.title}`}
          fields={fields}
          onChange={setFields}
          errors={errorsUnder(errors, 'captures')}
        />
        <Group justify="flex-end">
          <Button type="submit" loading={save.isPending}>
            Save step
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function RulesPanel({
  org,
  template,
  steps,
  onSaved,
}: {
  org: string;
  template: EditorTemplate;
  steps: EditorStep[];
  onSaved: () => void;
}) {
  const [adding, setAdding] = useState(false);
  const members = useMembers(org);
  const fields = [
    ...template.prerun.map((f) => ({ ...f, kind: 'Prerun' as const, where: 'Kick-off' })),
    ...steps.flatMap((s) => s.captures.map((f) => ({ ...f, kind: 'Capture' as const, where: s.title }))),
  ];
  const scope = {
    steps: steps.map((s) => ({ id: s.id, title: s.title })),
    fields,
    members: [...(members.data?.values() ?? [])],
  };
  const path = { org, checklist_id: template.id };
  const saveRule = async (rule: RuleDraft) => {
    const body = {
      automated_alias: rule.automated_alias,
      conditions: rule.conditions,
      then_actions: rule.then_actions,
    } as never;
    if (rule.id)
      unwrap(
        await api.PUT('/organizations/{org}/checklists/{checklist_id}/automated_actions/{automated_id}', {
          params: { path: { ...path, automated_id: rule.id } },
          body,
        }),
      );
    else
      unwrap(
        await api.POST('/organizations/{org}/checklists/{checklist_id}/automated_actions', {
          params: { path },
          body,
        }),
      );
    toast('Rule saved');
    setAdding(false);
    onSaved();
  };
  const deleteRule = async (rule: RuleDraft) => {
    if (!rule.id) return setAdding(false);
    try {
      unwrap(
        await api.DELETE('/organizations/{org}/checklists/{checklist_id}/automated_actions/{automated_id}', {
          params: { path: { ...path, automated_id: rule.id } },
        }),
      );
      toast('Rule deleted');
      onSaved();
    } catch (error) {
      toastFailure(error);
    }
  };
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="rules-title">
      <Stack>
        <Group justify="space-between">
          <Title order={2} size="h4" id="rules-title">
            Rules
          </Title>
          <Button onClick={() => setAdding(true)} disabled={adding || steps.length === 0}>
            Add rule
          </Button>
        </Group>
        {template.automated_actions.length === 0 && !adding ? (
          <Text c="dimmed">No rules: every step shows at launch and keeps its assignees.</Text>
        ) : null}
        {template.automated_actions.map((rule) => (
          <RuleBuilder key={rule.id} rule={rule} scope={scope} onSave={saveRule} onDelete={deleteRule} />
        ))}
        {adding ? (
          <RuleBuilder
            rule={{ automated_alias: '', conditions: [], then_actions: [] }}
            scope={scope}
            onSave={saveRule}
            onDelete={deleteRule}
            startOpen
          />
        ) : null}
      </Stack>
    </Paper>
  );
}
