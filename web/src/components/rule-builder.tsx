import {
  Button,
  Group,
  MultiSelect,
  NumberInput,
  Paper,
  Select,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { type ReactNode, useState } from 'react';
import { ApiError } from '../api/client';
import type { Person } from '../lib/members';

export interface RuleCondition {
  id?: string;
  conditionable_id: string;
  conditionable_type: 'Step' | 'Capture' | 'Prerun';
  operation: string;
  statement: string | null;
  logic: 'and' | 'or';
}

export interface RuleAction {
  id?: string;
  action_type: string;
  action_verb: string;
  target_step_id?: string | null;
  deadline?: { value: number; unit: string; option: string } | null;
  assignees?: { users: number[]; guests: string[]; groups: string[] } | null;
  webhook_url?: string | null;
  alias_name?: string | null;
}

export interface RuleDraft {
  id?: string;
  automated_alias: string;
  conditions: RuleCondition[];
  then_actions: RuleAction[];
}

export interface RuleScopeView {
  steps: { id: string; title: string }[];
  fields: {
    id: string;
    label: string;
    field_type: string;
    options: { id: number; text: string }[];
    kind: 'Capture' | 'Prerun';
    where: string;
  }[];
  members: Person[];
}

const STEP_OPS = [
  { value: 'completed', label: 'is completed' },
  { value: 'approved', label: 'is approved' },
  { value: 'rejected', label: 'is rejected' },
  { value: 'reopened', label: 'is reopened' },
  { value: 'acknowledged', label: 'is acknowledged' },
  { value: 'expired', label: 'has expired' },
  { value: 'not_assigned', label: 'has nobody assigned' },
];
const TEXT_OPS = ['contains', 'not_contains', 'is_empty', 'is_not_empty'];
const CHOICE_OPS = [
  'equals',
  'not_equals',
  'contains',
  'not_contains',
  'equals_any',
  'is_empty',
  'is_not_empty',
];
const OPS_BY_TYPE: Record<string, string[]> = {
  text: TEXT_OPS,
  textarea: TEXT_OPS,
  email: TEXT_OPS,
  url: TEXT_OPS,
  file: TEXT_OPS,
  number: [...TEXT_OPS, 'equals', 'not_equals'],
  dropdown: [...CHOICE_OPS, 'greater_than', 'less_than'],
  radio: CHOICE_OPS,
  multiselect: CHOICE_OPS,
  date: ['contains', 'not_contains', 'is_empty', 'is_not_empty'],
  table: ['contains'],
  assignees_form: ['is_empty', 'is_not_empty'],
};
const OP_LABELS: Record<string, string> = {
  equals: 'equals',
  not_equals: 'does not equal',
  contains: 'contains',
  not_contains: 'does not contain',
  equals_any: 'equals any of',
  is_empty: 'is empty',
  is_not_empty: 'is not empty',
  greater_than: 'is greater than',
  less_than: 'is less than',
};
const NO_VALUE = new Set(['is_empty', 'is_not_empty']);

/** The actions offered, each a type/verb pair of the API. */
const ACTIONS = [
  { value: 'visibility:show', label: 'Show step' },
  { value: 'visibility:hide', label: 'Hide step' },
  { value: 'assignment:assign', label: 'Assign to step' },
  { value: 'assignment:assign_only', label: 'Assign only (replace)' },
  { value: 'assignment:clear_assignees', label: 'Clear assignees of step' },
  { value: 'deadline:deadline', label: 'Set deadline of step' },
  { value: 'status:reopen', label: 'Reopen step' },
  { value: 'webhook:emit_webhook', label: 'Send a webhook' },
];

/**
 * One condition or action: its pickers (children) as a named group, a remove button and the
 * server's message about the row as a whole.
 */
function RuleRow({
  name,
  removeLabel,
  onRemove,
  message,
  children,
}: {
  name: string;
  removeLabel: string;
  onRemove: () => void;
  message: string | undefined;
  children: ReactNode;
}) {
  return (
    <Group align="flex-end" wrap="wrap" gap="xs" role="group" aria-label={name}>
      {children}
      <Button size="compact-sm" variant="subtle" color="red" onClick={onRemove}>
        {removeLabel}
      </Button>
      {message ? (
        <Text c="red.8" size="sm" w="100%">
          {message}
        </Text>
      ) : null}
    </Group>
  );
}

/** The server's messages for one rule, by path (`conditions.0.statement`). */
type Errors = Record<string, string[]>;
const under = (errors: Errors, prefix: string) =>
  Object.entries(errors)
    .filter(([k]) => k === prefix || k.startsWith(`${prefix}.`))
    .flatMap(([, v]) => v)
    .join(' ') || undefined;

/**
 * One rule: IF conditions over the template's steps and fields (joined by AND/OR, left to
 * right) THEN actions on its steps; the server's validation shown at the condition or action
 * it names.
 */
export function RuleBuilder({
  rule,
  scope,
  onSave,
  onDelete,
  startOpen = false,
}: {
  rule: RuleDraft;
  scope: RuleScopeView;
  onSave: (rule: RuleDraft) => Promise<void>;
  onDelete: (rule: RuleDraft) => Promise<void> | void;
  startOpen?: boolean;
}) {
  const [draft, setDraft] = useState<RuleDraft>(rule);
  const [open, setOpen] = useState(startOpen);
  const [errors, setErrors] = useState<Errors>({});
  const [failure, setFailure] = useState<string | undefined>();
  const [saving, setSaving] = useState(false);

  const subjects = [
    {
      group: 'Steps',
      items: scope.steps.map((s) => ({ value: `Step:${s.id}`, label: `Step: ${s.title}` })),
    },
    {
      group: 'Form fields',
      items: scope.fields.map((f) => ({ value: `${f.kind}:${f.id}`, label: `${f.where}: ${f.label}` })),
    },
  ].filter((g) => g.items.length > 0);
  const stepOptions = scope.steps.map((s) => ({ value: s.id, label: s.title }));

  const setCondition = (i: number, patch: Partial<RuleCondition>) =>
    setDraft((d) => ({ ...d, conditions: d.conditions.map((c, j) => (j === i ? { ...c, ...patch } : c)) }));
  const setAction = (i: number, patch: Partial<RuleAction>) =>
    setDraft((d) => ({
      ...d,
      then_actions: d.then_actions.map((a, j) => (j === i ? { ...a, ...patch } : a)),
    }));

  const save = async () => {
    setSaving(true);
    setFailure(undefined);
    try {
      await onSave(draft);
      setErrors({});
      if (rule.id) setOpen(false);
    } catch (error) {
      if (error instanceof ApiError && Object.keys(error.fieldErrors).length) {
        setErrors(error.fieldErrors);
        setFailure(error.message);
      } else setFailure(error instanceof Error ? error.message : String(error));
    } finally {
      setSaving(false);
    }
  };

  const name = draft.automated_alias || 'New rule';
  if (!open)
    return (
      <Paper withBorder p="sm">
        <Group justify="space-between">
          <Stack gap={0}>
            <Text fw={600}>{rule.automated_alias}</Text>
            <Text size="sm" c="dimmed">
              {rule.conditions.length} condition{rule.conditions.length === 1 ? '' : 's'},{' '}
              {rule.then_actions.length} action{rule.then_actions.length === 1 ? '' : 's'}
            </Text>
          </Stack>
          <Button
            size="compact-sm"
            variant="subtle"
            onClick={() => setOpen(true)}
            aria-label={`Edit rule ${rule.automated_alias}`}
          >
            Edit
          </Button>
        </Group>
      </Paper>
    );

  return (
    <Paper
      withBorder
      p="sm"
      component="form"
      noValidate
      aria-label={`Rule ${name}`}
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <Stack gap="sm">
        <TextInput
          label="Rule name"
          required
          value={draft.automated_alias}
          error={under(errors, 'automated_alias')}
          onChange={(e) => {
            const value = e.currentTarget.value;
            setDraft((d) => ({ ...d, automated_alias: value }));
          }}
        />
        <Text fw={600}>IF</Text>
        {draft.conditions.map((c, i) => {
          const field = scope.fields.find((f) => f.id === c.conditionable_id);
          const ops =
            c.conditionable_type === 'Step'
              ? STEP_OPS
              : (OPS_BY_TYPE[field?.field_type ?? 'text'] ?? TEXT_OPS).map((o) => ({
                  value: o,
                  label: OP_LABELS[o] ?? o,
                }));
          const n = i + 1;
          return (
            <RuleRow
              key={c.id ?? `c${i}`}
              name={`Condition ${n}`}
              removeLabel={`Remove condition ${n}`}
              onRemove={() => setDraft((d) => ({ ...d, conditions: d.conditions.filter((_, j) => j !== i) }))}
              message={errors[`conditions.${i}`]?.join(' ')}
            >
              {i > 0 ? (
                <Select
                  label={`Join condition ${n}`}
                  data={[
                    { value: 'and', label: 'AND' },
                    { value: 'or', label: 'OR' },
                  ]}
                  value={c.logic}
                  allowDeselect={false}
                  w={90}
                  onChange={(v) => v && setCondition(i, { logic: v as 'and' | 'or' })}
                />
              ) : null}
              <Select
                label={`When (condition ${n})`}
                data={subjects}
                value={c.conditionable_id ? `${c.conditionable_type}:${c.conditionable_id}` : null}
                searchable
                error={under(errors, `conditions.${i}.conditionable_id`)}
                onChange={(v) => {
                  if (!v) return;
                  const [type, id] = v.split(/:(.*)/s) as [RuleCondition['conditionable_type'], string];
                  setCondition(i, {
                    conditionable_type: type,
                    conditionable_id: id,
                    operation: type === 'Step' ? 'completed' : 'equals',
                    statement: type === 'Step' ? 'any_time' : '',
                  });
                }}
                miw={220}
              />
              <Select
                label={`Operation (condition ${n})`}
                data={ops}
                value={c.operation}
                allowDeselect={false}
                error={under(errors, `conditions.${i}.operation`)}
                onChange={(v) =>
                  v && setCondition(i, { operation: v, ...(NO_VALUE.has(v) ? { statement: null } : {}) })
                }
                w={180}
              />
              {c.conditionable_type !== 'Step' && !NO_VALUE.has(c.operation) ? (
                field && field.options.length > 0 ? (
                  <Select
                    label={`Value (condition ${n})`}
                    data={field.options.map((o) => o.text)}
                    value={c.statement || null}
                    error={under(errors, `conditions.${i}.statement`)}
                    onChange={(v) => setCondition(i, { statement: v ?? '' })}
                    w={180}
                  />
                ) : (
                  <TextInput
                    label={`Value (condition ${n})`}
                    value={c.statement ?? ''}
                    error={under(errors, `conditions.${i}.statement`)}
                    onChange={(e) => setCondition(i, { statement: e.currentTarget.value })}
                    w={180}
                  />
                )
              ) : null}
            </RuleRow>
          );
        })}
        {under(errors, 'conditions') && draft.conditions.length === 0 ? (
          <Text c="red.8" size="sm">
            {under(errors, 'conditions')}
          </Text>
        ) : null}
        <Group>
          <Button
            size="compact-sm"
            variant="light"
            disabled={subjects.length === 0}
            onClick={() =>
              setDraft((d) => ({
                ...d,
                conditions: [
                  ...d.conditions,
                  {
                    conditionable_id: '',
                    conditionable_type: 'Step',
                    operation: 'completed',
                    statement: 'any_time',
                    logic: 'and',
                  },
                ],
              }))
            }
          >
            Add condition
          </Button>
        </Group>
        <Text fw={600}>THEN</Text>
        {draft.then_actions.map((a, i) => {
          const n = i + 1;
          const kind = `${a.action_type}:${a.action_verb}`;
          return (
            <RuleRow
              key={a.id ?? `a${i}`}
              name={`Action ${n}`}
              removeLabel={`Remove action ${n}`}
              onRemove={() =>
                setDraft((d) => ({ ...d, then_actions: d.then_actions.filter((_, j) => j !== i) }))
              }
              message={errors[`then_actions.${i}`]?.join(' ')}
            >
              <Select
                label={`Action ${n}`}
                data={ACTIONS}
                value={kind}
                allowDeselect={false}
                error={
                  under(errors, `then_actions.${i}.action_verb`) ??
                  under(errors, `then_actions.${i}.action_type`)
                }
                onChange={(v) => {
                  if (!v) return;
                  const [action_type, action_verb] = v.split(':') as [string, string];
                  setAction(i, {
                    action_type,
                    action_verb,
                    deadline: action_type === 'deadline' ? { value: 1, unit: 'days', option: 'from' } : null,
                    assignees:
                      action_verb === 'assign' || action_verb === 'assign_only'
                        ? { users: [], guests: [], groups: [] }
                        : null,
                  });
                }}
                w={220}
              />
              {a.action_type !== 'webhook' ? (
                <Select
                  label={`Target step (action ${n})`}
                  data={stepOptions}
                  value={a.target_step_id ?? null}
                  error={under(errors, `then_actions.${i}.target_step_id`)}
                  onChange={(v) => setAction(i, { target_step_id: v })}
                  miw={200}
                />
              ) : (
                <>
                  <TextInput
                    label={`Webhook URL (action ${n})`}
                    value={a.webhook_url ?? ''}
                    error={under(errors, `then_actions.${i}.webhook_url`)}
                    onChange={(e) => setAction(i, { webhook_url: e.currentTarget.value })}
                  />
                  <TextInput
                    label={`Webhook name (action ${n})`}
                    value={a.alias_name ?? ''}
                    error={under(errors, `then_actions.${i}.alias_name`)}
                    onChange={(e) => setAction(i, { alias_name: e.currentTarget.value })}
                  />
                </>
              )}
              {a.assignees ? (
                <MultiSelect
                  label={`Members to assign (action ${n})`}
                  data={scope.members.map((m) => ({ value: String(m.id), label: m.name }))}
                  value={a.assignees.users.map(String)}
                  error={under(errors, `then_actions.${i}.assignees`)}
                  onChange={(v) =>
                    setAction(i, {
                      assignees: {
                        users: v.map(Number),
                        guests: a.assignees?.guests ?? [],
                        groups: a.assignees?.groups ?? [],
                      },
                    })
                  }
                  miw={200}
                />
              ) : null}
              {a.deadline ? (
                <>
                  <NumberInput
                    label={`Due in (action ${n})`}
                    min={0}
                    value={a.deadline.value}
                    w={110}
                    error={under(errors, `then_actions.${i}.deadline`)}
                    onChange={(v) =>
                      a.deadline && setAction(i, { deadline: { ...a.deadline, value: Number(v) || 0 } })
                    }
                  />
                  <Select
                    label={`Unit (action ${n})`}
                    data={['minutes', 'hours', 'days', 'weeks', 'months']}
                    value={a.deadline.unit}
                    allowDeselect={false}
                    w={120}
                    onChange={(v) =>
                      v && a.deadline && setAction(i, { deadline: { ...a.deadline, unit: v } })
                    }
                  />
                </>
              ) : null}
            </RuleRow>
          );
        })}
        {under(errors, 'then_actions') && draft.then_actions.length === 0 ? (
          <Text c="red.8" size="sm">
            {under(errors, 'then_actions')}
          </Text>
        ) : null}
        <Group>
          <Button
            size="compact-sm"
            variant="light"
            onClick={() =>
              setDraft((d) => ({
                ...d,
                then_actions: [
                  ...d.then_actions,
                  { action_type: 'visibility', action_verb: 'show', target_step_id: null },
                ],
              }))
            }
          >
            Add action
          </Button>
        </Group>
        {failure ? (
          <Text c="red.8" size="sm" role="alert">
            {failure}
          </Text>
        ) : null}
        <Group justify="flex-end">
          <Button variant="subtle" color="red" onClick={() => void onDelete(rule)}>
            {rule.id ? 'Delete rule' : 'Discard rule'}
          </Button>
          {rule.id ? (
            <Button
              variant="default"
              onClick={() => {
                setDraft(rule);
                setErrors({});
                setOpen(false);
              }}
            >
              Cancel
            </Button>
          ) : null}
          <Button type="submit" loading={saving}>
            Save rule
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
