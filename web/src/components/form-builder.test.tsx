import { MantineProvider } from '@mantine/core';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { type DraftField, FormBuilder, wireOf } from './form-builder';

function Harness({ initial, onChange }: { initial: DraftField[]; onChange: (f: DraftField[]) => void }) {
  const [fields, setFields] = useState(initial);
  return (
    <FormBuilder
      title="Kick-off form"
      fields={fields}
      onChange={(next) => {
        setFields(next);
        onChange(next);
      }}
      errors={{ '1.label': ['The label is required.'] }}
    />
  );
}

const text = (key: string, label: string): DraftField => ({
  key,
  id: key,
  label,
  field_type: 'text',
  required: false,
  guidance: '',
  options: [],
  columns: [],
  default_value: '',
});

function setup(initial: DraftField[]) {
  const onChange = vi.fn();
  render(
    <MantineProvider>
      <Harness initial={initial} onChange={onChange} />
    </MantineProvider>,
  );
  const last = () => onChange.mock.calls.at(-1)?.[0] as DraftField[];
  return { user: userEvent.setup({ delay: null }), last };
}

describe('FormBuilder', { timeout: 30_000 }, () => {
  it('adds a required dropdown with options and shows it in the preview as the assignee will see it', async () => {
    const { user, last } = setup([]);
    await user.click(screen.getByRole('button', { name: 'Add field' }));
    await user.type(screen.getByRole('textbox', { name: 'Label' }), 'Within budget?');
    await user.click(screen.getByRole('combobox', { name: 'Field type' }));
    await user.click(await screen.findByRole('option', { name: 'Dropdown', hidden: true }));
    const options = screen.getByLabelText('Options', { selector: 'input' });
    await user.type(options, 'Yes{Enter}No{Enter}');
    await user.click(screen.getByRole('checkbox', { name: 'Required' }));
    const field = last()[0] as DraftField;
    expect(wireOf(field, 1)).toMatchObject({
      label: 'Within budget?',
      field_type: 'dropdown',
      required: true,
      position: 1,
      options: [
        { id: 1, text: 'Yes' },
        { id: 2, text: 'No' },
      ],
    });
    const preview = screen.getByRole('group', { name: 'Preview of Kick-off form' });
    const select = within(preview).getByRole('combobox', { name: /Within budget\?/ });
    expect(select).toBeRequired();
  });

  it('reorders with the move buttons, removes a field, and shows the server’s message at its label', async () => {
    const { user, last } = setup([text('a', 'First'), text('b', ''), text('c', 'Third')]);
    expect(screen.getAllByRole('textbox', { name: /^Label/ })[1]).toHaveAccessibleDescription(
      'The label is required.',
    );
    await user.click(screen.getByRole('button', { name: 'Move field Third up' }));
    expect(last().map((f) => f.key)).toEqual(['a', 'c', 'b']);
    expect(screen.getByRole('button', { name: 'Move field First up' })).toBeDisabled();
    const first = screen.getByRole('group', { name: 'Field 1: First' });
    await user.click(within(first).getByRole('button', { name: 'Remove field' }));
    expect(last().map((f) => f.key)).toEqual(['c', 'b']);
  });
});
