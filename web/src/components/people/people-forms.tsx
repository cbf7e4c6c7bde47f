import { Button, Group, MultiSelect, Select, Stack, Textarea, TextInput } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { type FormErrors, formErrorsOf } from '../../lib/form-errors';
import { FormAlert } from '../form-alert';

export type Role = 'admin' | 'standard' | 'light';

export const ROLE_OPTIONS: { value: Role; label: string }[] = [
  { value: 'admin', label: 'Administrator' },
  { value: 'standard', label: 'Standard member' },
  { value: 'light', label: 'Light member' },
];

/** Runs a save; a refusal is kept as messages at the form's fields (or for the whole form). */
function useSave<T>(fieldNames: readonly string[], onSubmit: (values: T) => Promise<unknown>) {
  const [errors, setErrors] = useState<FormErrors>({ fields: {} });
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent, values: T) => {
    event.preventDefault();
    setBusy(true);
    setErrors({ fields: {} });
    try {
      await onSubmit(values);
    } catch (error) {
      setErrors(formErrorsOf(error, fieldNames));
    } finally {
      setBusy(false);
    }
  };
  return { errors, busy, submit };
}

export interface InviteValues {
  email: string;
  first_name: string;
  last_name: string;
  role: Role;
}

/** Invite a person by e-mail with a role. */
export function InviteForm({ onSubmit }: { onSubmit: (values: InviteValues) => Promise<unknown> }) {
  const [v, setV] = useState<InviteValues>({ email: '', first_name: '', last_name: '', role: 'standard' });
  const { errors, busy, submit } = useSave(['email', 'first_name', 'last_name', 'role'], onSubmit);
  return (
    <form onSubmit={(e) => submit(e, v)} aria-label="Invite a member">
      <Stack>
        <FormAlert message={errors.general} />
        <TextInput
          label="Email"
          type="email"
          required
          data-autofocus
          value={v.email}
          error={errors.fields.email}
          onChange={(e) => setV({ ...v, email: e.currentTarget.value })}
        />
        <Group grow>
          <TextInput
            label="First name"
            value={v.first_name}
            error={errors.fields.first_name}
            onChange={(e) => setV({ ...v, first_name: e.currentTarget.value })}
          />
          <TextInput
            label="Last name"
            value={v.last_name}
            error={errors.fields.last_name}
            onChange={(e) => setV({ ...v, last_name: e.currentTarget.value })}
          />
        </Group>
        <Select
          label="Role"
          data={ROLE_OPTIONS}
          allowDeselect={false}
          value={v.role}
          error={errors.fields.role}
          onChange={(role) => role && setV({ ...v, role: role as Role })}
        />
        <Group justify="flex-end">
          <Button type="submit" loading={busy}>
            Send invitation
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export interface GuestValues {
  email: string;
  first_name: string;
  last_name: string;
}

/** Add a guest, or edit one (their e-mail is who they are: it is not edited). */
export function GuestForm({
  initial,
  onSubmit,
}: {
  initial?: GuestValues;
  onSubmit: (values: GuestValues) => Promise<unknown>;
}) {
  const [v, setV] = useState<GuestValues>(initial ?? { email: '', first_name: '', last_name: '' });
  const { errors, busy, submit } = useSave(['email', 'first_name', 'last_name'], onSubmit);
  return (
    <form onSubmit={(e) => submit(e, v)} aria-label={initial ? 'Edit guest' : 'Add a guest'}>
      <Stack>
        <FormAlert message={errors.general} />
        <TextInput
          label="Email"
          type="email"
          required
          data-autofocus={initial ? undefined : true}
          readOnly={!!initial}
          value={v.email}
          error={errors.fields.email}
          onChange={(e) => setV({ ...v, email: e.currentTarget.value })}
        />
        <Group grow>
          <TextInput
            label="First name"
            value={v.first_name}
            error={errors.fields.first_name}
            onChange={(e) => setV({ ...v, first_name: e.currentTarget.value })}
          />
          <TextInput
            label="Last name"
            value={v.last_name}
            error={errors.fields.last_name}
            onChange={(e) => setV({ ...v, last_name: e.currentTarget.value })}
          />
        </Group>
        <Group justify="flex-end">
          <Button type="submit" loading={busy}>
            {initial ? 'Save guest' : 'Add guest'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export interface GroupValues {
  name: string;
  description: string;
  members: number[];
  guests: string[];
}

/** Create or edit a group: its name, description, members and guests. */
export function GroupForm({
  initial,
  members,
  guests,
  onSubmit,
}: {
  initial?: GroupValues;
  members: { id: number; name: string }[];
  guests: string[];
  onSubmit: (values: GroupValues) => Promise<unknown>;
}) {
  const [v, setV] = useState<GroupValues>(initial ?? { name: '', description: '', members: [], guests: [] });
  const { errors, busy, submit } = useSave(['name', 'description', 'members', 'guests'], onSubmit);
  return (
    <form onSubmit={(e) => submit(e, v)} aria-label={initial ? 'Edit group' : 'New group'}>
      <Stack>
        <FormAlert message={errors.general} />
        <TextInput
          label="Group name"
          required
          data-autofocus
          value={v.name}
          error={errors.fields.name}
          onChange={(e) => setV({ ...v, name: e.currentTarget.value })}
        />
        <Textarea
          label="Description"
          autosize
          minRows={2}
          value={v.description}
          error={errors.fields.description}
          onChange={(e) => setV({ ...v, description: e.currentTarget.value })}
        />
        <MultiSelect
          label="Members"
          searchable
          data={members.map((m) => ({ value: String(m.id), label: m.name }))}
          value={v.members.map(String)}
          error={errors.fields.members}
          onChange={(ids) => setV({ ...v, members: ids.map(Number) })}
        />
        <MultiSelect
          label="Guests"
          searchable
          data={guests}
          value={v.guests}
          error={errors.fields.guests}
          onChange={(emails) => setV({ ...v, guests: emails })}
        />
        <Group justify="flex-end">
          <Button type="submit" loading={busy}>
            {initial ? 'Save group' : 'Create group'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
