import { Alert, Button, CopyButton, Group, Stack, TextInput } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { type FormErrors, formErrorsOf } from '../lib/form-errors';
import { FormAlert } from './form-alert';

/** Name a new personal API token and create it. */
export function CreateTokenForm({ onCreate }: { onCreate: (name: string) => Promise<unknown> }) {
  const [name, setName] = useState('');
  const [errors, setErrors] = useState<FormErrors>({ fields: {} });
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setErrors({ fields: {} });
    try {
      await onCreate(name);
      setName('');
    } catch (error) {
      setErrors(formErrorsOf(error, ['name']));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={submit} aria-label="Create an API token">
      <Stack gap="xs">
        <FormAlert message={errors.general} />
        <Group align="flex-start" wrap="wrap">
          <TextInput
            label="Token name"
            description="What the token is for, e.g. “Zapier” or “nightly export”"
            required
            maxLength={100}
            value={name}
            error={errors.fields.name}
            onChange={(e) => setName(e.currentTarget.value)}
            style={{ flex: 1, minWidth: 200 }}
          />
          <Button type="submit" loading={busy} mt={{ base: 0, xs: 46 }}>
            Create token
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** A value to read and copy: the base URL, or a token's secret. */
export function CopyField({
  label,
  value,
  description,
}: {
  label: string;
  value: string;
  description?: string;
}) {
  return (
    <Group align="flex-end" wrap="nowrap">
      <TextInput
        label={label}
        description={description}
        value={value}
        readOnly
        style={{ flex: 1, minWidth: 0 }}
        onFocus={(e) => e.currentTarget.select()}
      />
      <CopyButton value={value}>
        {({ copied, copy }) => (
          <Button variant="light" onClick={copy} aria-label={`Copy ${label.toLowerCase()}`}>
            {copied ? 'Copied' : 'Copy'}
          </Button>
        )}
      </CopyButton>
    </Group>
  );
}

/** The secret of a token just made: shown this once. */
export function NewTokenSecret({
  name,
  secret,
  onDone,
}: {
  name: string;
  secret: string;
  onDone: () => void;
}) {
  return (
    <Alert color="teal" title={`Token “${name}” created`} role="status">
      <Stack gap="xs">
        <CopyField
          label="New token"
          value={secret}
          description="Copy it now: it is shown only this once. Send it as Authorization: Bearer <token>."
        />
        <Group justify="flex-end">
          <Button variant="subtle" onClick={onDone}>
            I have copied it
          </Button>
        </Group>
      </Stack>
    </Alert>
  );
}
