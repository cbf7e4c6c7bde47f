import {
  ActionIcon,
  Anchor,
  Button,
  Checkbox,
  Group,
  Input,
  MultiSelect,
  NumberInput,
  Progress,
  Radio,
  Select,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { DateInput } from '@mantine/dates';
import { Dropzone } from '@mantine/dropzone';
import { useEffect, useId, useState } from 'react';
import type { Person } from '../lib/members';
import type { FileAsset, FormField } from '../lib/types';

/** How a file field uploads: the page knows the task (or guest link) it belongs to. */
export type Uploader = (file: File, onProgress: (fraction: number) => void) => Promise<FileAsset>;

export interface FieldEditorProps {
  field: FormField;
  value: unknown;
  /** Called with the new value when it should be saved (on blur for text, on change otherwise). */
  onSave: (value: unknown) => void;
  /** The server's message for this field, shown at it. */
  error?: string | undefined;
  disabled?: boolean;
  members?: Map<number, Person> | undefined;
  upload?: Uploader | undefined;
  /** Where a file of this field is downloaded from. */
  fileUrl?: ((file: FileAsset) => string) | undefined;
}

type Option = { id: number; text: string };
type Chosen = Option & { selected?: boolean };

const asText = (value: unknown): string =>
  typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';

/** Text-like fields keep what is typed locally and save when the member leaves the field. */
function useDraft<T>(initial: T) {
  const [draft, setDraft] = useState<T>(initial);
  // Compared by content: the server's answer is a new object on every refetch, and a
  // value rebuilt each render (a table's rows) must not reset what is being typed.
  const key = JSON.stringify(initial) ?? 'null';
  useEffect(() => {
    setDraft(JSON.parse(key) as T);
  }, [key]);
  return [draft, setDraft] as const;
}

/**
 * The editor of one form field, for every field type Flowlane accepts. The value shown is
 * the one last chosen, while the save is in flight; the server's value replaces it after.
 */
export function FieldEditor(outer: FieldEditorProps) {
  const [value, setValue] = useDraft(outer.value);
  const props = {
    ...outer,
    value,
    onSave: (next: unknown) => {
      setValue(next);
      outer.onSave(next);
    },
  };
  const { field, error, disabled } = props;
  const common = {
    label: field.label,
    description: field.guidance || undefined,
    required: field.required,
    error,
    disabled,
  };
  switch (field.field_type) {
    case 'text':
    case 'email':
    case 'url':
      return (
        <TextLike {...props} common={common} type={field.field_type === 'text' ? 'text' : field.field_type} />
      );
    case 'textarea':
      return <LongText {...props} common={common} />;
    case 'number':
      return <NumberField {...props} common={common} />;
    case 'date':
      return <DateField {...props} common={common} />;
    case 'radio':
      return (
        <Radio.Group
          {...common}
          withAsterisk={field.required}
          value={asText(props.value)}
          onChange={props.onSave}
        >
          <Stack gap={6} mt={6}>
            {field.options.map((o) => (
              <Radio key={o.id} value={o.text} label={o.text} disabled={disabled} />
            ))}
          </Stack>
        </Radio.Group>
      );
    case 'dropdown': {
      const chosen = props.value as Option | null | undefined;
      return (
        <Select
          {...common}
          data={field.options.map((o) => ({ value: String(o.id), label: o.text }))}
          value={chosen ? String(chosen.id) : null}
          clearable={!field.required}
          onChange={(id) => {
            const option = field.options.find((o) => String(o.id) === id);
            props.onSave(option ? { id: option.id, text: option.text } : null);
          }}
        />
      );
    }
    case 'multiselect': {
      const chosen = Array.isArray(props.value) ? (props.value as Chosen[]) : [];
      const selected = chosen.filter((o) => o.selected !== false).map((o) => String(o.id));
      return (
        <Checkbox.Group
          {...common}
          withAsterisk={field.required}
          value={selected}
          onChange={(ids) =>
            props.onSave(
              field.options.map((o) => ({ id: o.id, text: o.text, selected: ids.includes(String(o.id)) })),
            )
          }
        >
          <Stack gap={6} mt={6}>
            {field.options.map((o) => (
              <Checkbox key={o.id} value={String(o.id)} label={o.text} disabled={disabled} />
            ))}
          </Stack>
        </Checkbox.Group>
      );
    }
    case 'table':
      return <TableField {...props} />;
    case 'file':
      return <FileField {...props} />;
    case 'assignees_form': {
      const v = (props.value ?? {}) as { users?: number[]; guests?: string[]; groups?: string[] };
      const people = [...(props.members?.values() ?? [])];
      return (
        <MultiSelect
          {...common}
          searchable
          data={people.map((p) => ({ value: String(p.id), label: p.name }))}
          value={(v.users ?? []).map(String)}
          onChange={(ids) =>
            props.onSave({ users: ids.map(Number), guests: v.guests ?? [], groups: v.groups ?? [] })
          }
        />
      );
    }
  }
}

type WithCommon = FieldEditorProps & {
  common: {
    label: string;
    description?: string | undefined;
    required: boolean;
    error?: string | undefined;
    disabled?: boolean | undefined;
  };
};

function TextLike({ value, onSave, common, type }: WithCommon & { type: 'text' | 'email' | 'url' }) {
  const [draft, setDraft] = useDraft(asText(value));
  return (
    <TextInput
      {...common}
      type={type}
      value={draft}
      onChange={(e) => setDraft(e.currentTarget.value)}
      onBlur={() => draft !== asText(value) && onSave(draft)}
    />
  );
}

function LongText({ value, onSave, common }: WithCommon) {
  const [draft, setDraft] = useDraft(asText(value));
  return (
    <Textarea
      {...common}
      autosize
      minRows={3}
      value={draft}
      onChange={(e) => setDraft(e.currentTarget.value)}
      onBlur={() => draft !== asText(value) && onSave(draft)}
    />
  );
}

function NumberField({ value, onSave, common }: WithCommon) {
  const initial = typeof value === 'number' ? value : '';
  const [draft, setDraft] = useDraft<number | string>(initial);
  return (
    <NumberInput
      {...common}
      value={draft}
      onChange={setDraft}
      onBlur={() => draft !== initial && onSave(draft === '' ? null : Number(draft))}
    />
  );
}

function DateField({ value, onSave, common }: WithCommon) {
  const day = typeof value === 'string' && value ? value.slice(0, 10) : null;
  return (
    <DateInput
      {...common}
      valueFormat="YYYY-MM-DD"
      placeholder="YYYY-MM-DD"
      clearable
      value={day}
      onChange={(next) => {
        if (next !== day) onSave(next ? `${String(next).slice(0, 10)}T00:00:00.000Z` : null);
      }}
    />
  );
}

function TableField({ field, value, onSave, error, disabled }: FieldEditorProps) {
  const width = field.columns.length;
  const initial =
    Array.isArray(value) && value.length > 0
      ? (Array.isArray(value[0]) ? (value as unknown[][]) : [value as unknown[]]).map((row) =>
          row.map(asText),
        )
      : [Array.from({ length: width }, () => '')];
  const [rows, setRows] = useDraft<string[][]>(initial);
  const labelId = useId();
  const save = (next: string[][]) => onSave(next);
  return (
    <Input.Wrapper
      label={field.label}
      required={field.required}
      error={error}
      description={field.guidance || undefined}
      id={labelId}
    >
      <Table withTableBorder withColumnBorders mt={6} aria-labelledby={`${labelId}-label`}>
        <Table.Thead>
          <Table.Tr>
            {field.columns.map((c) => (
              <Table.Th key={c.id}>{c.label}</Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row, r) => (
            // Rows have no identity of their own: their position is what the value stores.
            // biome-ignore lint/suspicious/noArrayIndexKey: see above
            <Table.Tr key={r}>
              {field.columns.map((c, i) => (
                <Table.Td key={c.id} p={4}>
                  <TextInput
                    aria-label={`${c.label}, row ${r + 1}`}
                    variant="unstyled"
                    disabled={disabled}
                    value={row[i] ?? ''}
                    onChange={(e) => {
                      const text = e.currentTarget.value;
                      setRows((all) =>
                        all.map((cells, j) =>
                          j === r ? cells.map((cell, k) => (k === i ? text : cell)) : cells,
                        ),
                      );
                    }}
                    onBlur={() => save(rows)}
                  />
                </Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Button
        mt={6}
        size="xs"
        variant="light"
        disabled={disabled}
        onClick={() => setRows((all) => [...all, Array.from({ length: width }, () => '')])}
      >
        Add a row to {field.label}
      </Button>
    </Input.Wrapper>
  );
}

function FileField({ field, value, onSave, error, disabled, upload, fileUrl }: FieldEditorProps) {
  const files = Array.isArray(value) ? (value as FileAsset[]) : [];
  const [progress, setProgress] = useState<number | undefined>();
  const [failure, setFailure] = useState<string | undefined>();
  const onDrop = async (dropped: File[]) => {
    if (!upload) return;
    setFailure(undefined);
    const added: FileAsset[] = [];
    try {
      for (const file of dropped) {
        setProgress(0);
        added.push(await upload(file, setProgress));
      }
      onSave([...files, ...added]);
    } catch (e) {
      setFailure((e as Error).message);
    } finally {
      setProgress(undefined);
    }
  };
  return (
    <Input.Wrapper
      label={field.label}
      required={field.required}
      error={error ?? failure}
      description={field.guidance || undefined}
    >
      <Stack gap={6} mt={6}>
        {files.length ? (
          <Stack gap={2} component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
            {files.map((f) => (
              <Group key={f.id} gap="xs" component="li">
                <Anchor href={fileUrl ? fileUrl(f) : f.url} download={f.filename}>
                  {f.filename}
                </Anchor>
                {!disabled ? (
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    size="sm"
                    aria-label={`Remove ${f.filename}`}
                    onClick={() => onSave(files.filter((x) => x.id !== f.id))}
                  >
                    ×
                  </ActionIcon>
                ) : null}
              </Group>
            ))}
          </Stack>
        ) : null}
        {!disabled && upload ? (
          <Dropzone
            onDrop={onDrop}
            loading={progress !== undefined}
            multiple
            aria-label={`Upload a file to ${field.label}`}
            inputProps={{ 'aria-label': `Upload a file to ${field.label}` }}
          >
            <Text ta="center" size="sm" c="dimmed">
              Drop files here, or press to choose
            </Text>
          </Dropzone>
        ) : null}
        {progress !== undefined ? (
          <Progress value={Math.round(progress * 100)} aria-label={`Uploading to ${field.label}`} />
        ) : null}
      </Stack>
    </Input.Wrapper>
  );
}
