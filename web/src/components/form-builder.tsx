import {
  ActionIcon,
  Button,
  Checkbox,
  Group,
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
import { useId } from 'react';
import type { FieldType, FormField } from '../lib/types';
import { FieldEditor } from './field-editor';

export const FIELD_TYPES: { value: FieldType; label: string }[] = [
  { value: 'text', label: 'Short text' },
  { value: 'textarea', label: 'Long text' },
  { value: 'email', label: 'E-mail' },
  { value: 'url', label: 'Web address' },
  { value: 'number', label: 'Number' },
  { value: 'date', label: 'Date' },
  { value: 'dropdown', label: 'Dropdown' },
  { value: 'radio', label: 'Radio buttons' },
  { value: 'multiselect', label: 'Checkboxes' },
  { value: 'table', label: 'Table' },
  { value: 'file', label: 'File upload' },
  { value: 'assignees_form', label: 'Assignee picker' },
];

const CHOICES = new Set<FieldType>(['dropdown', 'radio', 'multiselect']);
const TEXTUAL = new Set<FieldType>(['text', 'textarea', 'email', 'url', 'number']);

/** A field as the editor holds it: `key` is stable in the browser, `id` once the server has it. */
export interface DraftField {
  key: string;
  id?: string;
  label: string;
  field_type: FieldType;
  required: boolean;
  guidance: string;
  options: { id: number; text: string }[];
  columns: { id: number; label: string }[];
  default_value: string;
}

let counter = 0;
export const newKey = () => `new-${++counter}`;

/** The editor's copy of a field the API sent. */
export function draftOf(f: {
  id: string;
  label: string;
  field_type: string;
  required: boolean;
  guidance?: string | null;
  options?: { id: number; text: string }[];
  columns?: { id: number; label: string }[];
  default_value?: unknown;
  default_value_enabled?: boolean;
}): DraftField {
  return {
    key: f.id,
    id: f.id,
    label: f.label,
    field_type: f.field_type as FieldType,
    required: f.required,
    guidance: f.guidance ?? '',
    options: f.options ?? [],
    columns: f.columns ?? [],
    default_value: f.default_value_enabled && typeof f.default_value === 'string' ? f.default_value : '',
  };
}

/** The wire form of a field (`prerun` item or `captures` item). */
export function wireOf(f: DraftField, position: number) {
  const defaults = TEXTUAL.has(f.field_type) && f.default_value !== '';
  return {
    ...(f.id ? { id: f.id } : {}),
    label: f.label,
    field_type: f.field_type,
    required: f.required,
    guidance: f.guidance || null,
    position,
    options: CHOICES.has(f.field_type) ? f.options : [],
    columns: f.field_type === 'table' ? f.columns : [],
    default_value_enabled: defaults,
    default_value: defaults ? f.default_value : null,
  };
}

function asPreview(f: DraftField): FormField {
  return {
    id: f.key,
    label: f.label || 'Untitled field',
    field_type: f.field_type,
    guidance: f.guidance || null,
    required: f.required,
    options: f.options,
    columns: f.columns,
  };
}

/**
 * Form fields of a step or of the kick-off form: add, edit, reorder, delete, with the form
 * shown beside them as the assignee will see it. `errors` are the server's, keyed by the
 * field's index (`3.label`).
 */
export function FormBuilder({
  title,
  fields,
  onChange,
  errors = {},
}: {
  title: string;
  fields: DraftField[];
  onChange: (fields: DraftField[]) => void;
  errors?: Record<string, string[]>;
}) {
  const previewId = useId();
  const update = (i: number, patch: Partial<DraftField>) =>
    onChange(fields.map((f, j) => (j === i ? { ...f, ...patch } : f)));
  const move = (i: number, by: number) => {
    const next = [...fields];
    const [f] = next.splice(i, 1);
    if (f) next.splice(i + by, 0, f);
    onChange(next);
  };
  const at = (i: number, key: string) => {
    const messages = Object.entries(errors)
      .filter(([k]) => k === `${i}.${key}` || (key === 'label' && k === String(i)))
      .flatMap(([, v]) => v);
    return messages.length ? messages.join(' ') : undefined;
  };

  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Title order={3} size="h5">
          {title}
        </Title>
        <Button
          size="compact-sm"
          variant="light"
          onClick={() =>
            onChange([
              ...fields,
              {
                key: newKey(),
                label: '',
                field_type: 'text',
                required: false,
                guidance: '',
                options: [],
                columns: [],
                default_value: '',
              },
            ])
          }
        >
          Add field
        </Button>
      </Group>
      {fields.length === 0 ? (
        <Text c="dimmed" size="sm">
          No fields.
        </Text>
      ) : (
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
          <Stack gap="sm">
            {fields.map((f, i) => (
              <Paper
                key={f.key}
                withBorder
                p="sm"
                role="group"
                aria-label={`Field ${i + 1}: ${f.label || 'untitled'}`}
              >
                <Stack gap="xs">
                  <Group gap="xs" align="flex-end" wrap="nowrap">
                    <TextInput
                      label="Label"
                      required
                      value={f.label}
                      error={at(i, 'label')}
                      onChange={(e) => update(i, { label: e.currentTarget.value })}
                      style={{ flex: 1 }}
                    />
                    <Select
                      label="Field type"
                      data={FIELD_TYPES}
                      value={f.field_type}
                      allowDeselect={false}
                      error={at(i, 'field_type')}
                      onChange={(v) => v && update(i, { field_type: v as FieldType })}
                      w={150}
                    />
                  </Group>
                  {CHOICES.has(f.field_type) ? (
                    <TagsInput
                      label="Options"
                      description="Type an option and press Enter"
                      value={f.options.map((o) => o.text)}
                      error={at(i, 'options')}
                      onChange={(texts) => {
                        // Kept options keep their id (answers and rules refer to it); new ones
                        // take the next free one.
                        let next = Math.max(0, ...f.options.map((o) => o.id));
                        update(i, {
                          options: texts.map(
                            (text) => f.options.find((o) => o.text === text) ?? { id: ++next, text },
                          ),
                        });
                      }}
                    />
                  ) : null}
                  {f.field_type === 'table' ? (
                    <TagsInput
                      label="Columns"
                      description="Type a column name and press Enter"
                      value={f.columns.map((c) => c.label)}
                      error={at(i, 'columns')}
                      onChange={(labels) =>
                        update(i, { columns: labels.map((label, n) => ({ id: n + 1, label })) })
                      }
                    />
                  ) : null}
                  <Textarea
                    label="Guidance"
                    autosize
                    minRows={1}
                    value={f.guidance}
                    onChange={(e) => update(i, { guidance: e.currentTarget.value })}
                  />
                  {TEXTUAL.has(f.field_type) ? (
                    <TextInput
                      label="Default value"
                      value={f.default_value}
                      error={at(i, 'default_value')}
                      onChange={(e) => update(i, { default_value: e.currentTarget.value })}
                    />
                  ) : null}
                  <Group justify="space-between">
                    <Checkbox
                      label="Required"
                      checked={f.required}
                      onChange={(e) => update(i, { required: e.currentTarget.checked })}
                    />
                    <Group gap={4}>
                      <ActionIcon
                        variant="subtle"
                        aria-label={`Move field ${f.label || i + 1} up`}
                        disabled={i === 0}
                        onClick={() => move(i, -1)}
                      >
                        ↑
                      </ActionIcon>
                      <ActionIcon
                        variant="subtle"
                        aria-label={`Move field ${f.label || i + 1} down`}
                        disabled={i === fields.length - 1}
                        onClick={() => move(i, 1)}
                      >
                        ↓
                      </ActionIcon>
                      <Button
                        size="compact-sm"
                        variant="subtle"
                        color="red"
                        onClick={() => onChange(fields.filter((_, j) => j !== i))}
                      >
                        Remove field
                      </Button>
                    </Group>
                  </Group>
                </Stack>
              </Paper>
            ))}
          </Stack>
          <Paper withBorder p="sm" bg="gray.0" component="section" aria-labelledby={previewId}>
            <Text fw={600} size="sm" id={previewId} mb="xs">
              Preview: {title}
            </Text>
            <fieldset className="form-preview" aria-label={`Preview of ${title}`}>
              <Stack gap="sm">
                {fields.map((f) => (
                  <FieldEditor
                    key={f.key}
                    field={asPreview(f)}
                    value={f.default_value || null}
                    onSave={() => {}}
                  />
                ))}
              </Stack>
            </fieldset>
          </Paper>
        </SimpleGrid>
      )}
    </Stack>
  );
}
