import { Button, Checkbox, Fieldset, Group, Select, Stack, TextInput } from '@mantine/core';
import { type FormEvent, useMemo, useState } from 'react';
import { type FormErrors, formErrorsOf } from '../lib/form-errors';
import { FormAlert } from './form-alert';

export const WEEKDAYS = [
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
  'Sunday',
] as const;
export type DeadlineUnit = 'minutes' | 'hours' | 'days' | 'weeks' | 'months';
const UNITS: { value: DeadlineUnit; label: string }[] = [
  { value: 'minutes', label: 'Minutes' },
  { value: 'hours', label: 'Hours' },
  { value: 'days', label: 'Days' },
  { value: 'weeks', label: 'Weeks' },
  { value: 'months', label: 'Months' },
];

export interface OrganizationValues {
  name: string;
  timezone: string;
  /** Day name → its hours as the server holds them; a day left out is not a working day. */
  working_days: Record<string, unknown>;
  default_deadline: { type: DeadlineUnit; value: number };
}

function timezones(current: string): string[] {
  const intl = Intl as unknown as { supportedValuesOf?: (key: string) => string[] };
  const zones = intl.supportedValuesOf?.('timeZone') ?? [];
  return [
    'UTC',
    ...zones.filter((z) => z !== 'UTC' && z !== current),
    ...(current !== 'UTC' ? [current] : []),
  ].sort((a, b) => (a === 'UTC' ? -1 : b === 'UTC' ? 1 : a.localeCompare(b)));
}

/** The organization's name, time zone, working days and default deadline. */
export function OrganizationForm({
  initial,
  readOnly,
  onSubmit,
}: {
  initial: OrganizationValues;
  readOnly: boolean;
  onSubmit: (values: OrganizationValues) => Promise<unknown>;
}) {
  const [v, setV] = useState(initial);
  // The amount as typed: empty while the member retypes it.
  const [amount, setAmount] = useState(String(initial.default_deadline.value));
  const [errors, setErrors] = useState<FormErrors>({ fields: {} });
  const [busy, setBusy] = useState(false);
  const zones = useMemo(() => timezones(initial.timezone), [initial.timezone]);
  const days = WEEKDAYS.filter((d) => v.working_days[d] !== undefined);

  const setDays = (picked: string[]) => {
    const next: Record<string, unknown> = {};
    for (const day of WEEKDAYS) {
      if (picked.includes(day))
        next[day] = v.working_days[day] ?? initial.working_days[day] ?? { anytime: 'true' };
    }
    setV({ ...v, working_days: next });
  };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setErrors({ fields: {} });
    try {
      const value = amount.trim() === '' ? Number.NaN : Number(amount);
      await onSubmit({ ...v, default_deadline: { ...v.default_deadline, value } });
    } catch (error) {
      setErrors(
        formErrorsOf(error, [
          'name',
          'timezone',
          'working_days',
          'default_deadline.value',
          'default_deadline.type',
        ]),
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={submit} aria-label="Organization settings">
      <Fieldset disabled={readOnly} variant="unstyled">
        <Stack>
          <FormAlert message={errors.general} />
          <TextInput
            label="Organization name"
            required
            maxLength={250}
            value={v.name}
            error={errors.fields.name}
            onChange={(e) => setV({ ...v, name: e.currentTarget.value })}
          />
          <Select
            label="Time zone"
            searchable
            allowDeselect={false}
            data={zones}
            value={v.timezone}
            error={errors.fields.timezone}
            onChange={(tz) => tz && setV({ ...v, timezone: tz })}
          />
          <Checkbox.Group
            label="Working days"
            description="Deadlines counted in days skip the other days"
            value={days}
            error={errors.fields.working_days}
            onChange={setDays}
          >
            <Group mt="xs" gap="md">
              {WEEKDAYS.map((d) => (
                <Checkbox key={d} value={d} label={d} />
              ))}
            </Group>
          </Checkbox.Group>
          <Group align="flex-start" grow>
            <TextInput
              label="Default deadline"
              description="After launch, for steps that set none"
              type="number"
              min={0}
              step={1}
              value={amount}
              error={errors.fields['default_deadline.value']}
              onChange={(e) => setAmount(e.currentTarget.value)}
            />
            <Select
              label="Unit"
              mt={{ base: 0 }}
              allowDeselect={false}
              data={UNITS}
              value={v.default_deadline.type}
              error={errors.fields['default_deadline.type']}
              onChange={(u) =>
                u && setV({ ...v, default_deadline: { ...v.default_deadline, type: u as DeadlineUnit } })
              }
            />
          </Group>
          {readOnly ? null : (
            <Group justify="flex-end">
              <Button type="submit" loading={busy}>
                Save settings
              </Button>
            </Group>
          )}
        </Stack>
      </Fieldset>
    </form>
  );
}
