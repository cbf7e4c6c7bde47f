import { MantineProvider } from '@mantine/core';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { FieldType, FileAsset, FormField } from '../lib/types';
import { FieldEditor, type FieldEditorProps } from './field-editor';

const field = (field_type: FieldType, extra: Partial<FormField> = {}): FormField => ({
  id: 'f1',
  label: 'Answer',
  field_type,
  required: false,
  options: [],
  columns: [],
  ...extra,
});

function setup(props: Partial<FieldEditorProps> & { field: FormField }) {
  const onSave = vi.fn();
  const utils = render(
    <MantineProvider>
      <FieldEditor value={null} onSave={onSave} {...props} />
    </MantineProvider>,
  );
  return { onSave, user: userEvent.setup(), ...utils };
}

describe('FieldEditor', () => {
  it('saves a text field once, when the member leaves it, and not when nothing changed', async () => {
    const { onSave, user } = setup({ field: field('text'), value: 'Old' });
    const input = screen.getByLabelText('Answer');
    await user.click(input);
    await user.tab();
    expect(onSave).not.toHaveBeenCalled();
    await user.clear(input);
    await user.type(input, 'New value');
    expect(onSave).not.toHaveBeenCalled();
    await user.tab();
    expect(onSave).toHaveBeenCalledTimes(1);
    expect(onSave).toHaveBeenCalledWith('New value');
  });

  it('marks a required field and shows the server’s message at it', () => {
    setup({
      field: field('email', { required: true, label: 'Billing e-mail' }),
      error: 'The Billing e-mail field must be a valid email address.',
    });
    const input = screen.getByLabelText(/Billing e-mail/);
    expect(input).toBeRequired();
    expect(input).toHaveAttribute('aria-invalid', 'true');
    expect(input).toHaveAccessibleDescription(/must be a valid email address/);
    expect(input).toHaveAttribute('type', 'email');
  });

  it('saves a textarea on blur', async () => {
    const { onSave, user } = setup({ field: field('textarea', { label: 'Notes' }) });
    await user.type(screen.getByLabelText('Notes'), 'Line one');
    await user.tab();
    expect(onSave).toHaveBeenCalledWith('Line one');
  });

  it('saves a number as a number, and an emptied one as null', async () => {
    const { onSave, user } = setup({ field: field('number', { label: 'Seats' }), value: 3 });
    const input = screen.getByLabelText('Seats');
    await user.clear(input);
    await user.type(input, '12');
    await user.tab();
    expect(onSave).toHaveBeenLastCalledWith(12);
    await user.clear(input);
    await user.tab();
    expect(onSave).toHaveBeenLastCalledWith(null);
  });

  it('saves a radio choice as the option’s text', async () => {
    const options = [
      { id: 1, text: 'Company' },
      { id: 2, text: 'Person' },
    ];
    const { onSave, user } = setup({ field: field('radio', { options }) });
    await user.click(screen.getByRole('radio', { name: 'Person' }));
    expect(onSave).toHaveBeenCalledWith('Person');
    expect(screen.getByRole('radio', { name: 'Person' })).toBeChecked();
  });

  it('saves a checklist as every option with its selected flag', async () => {
    const options = [
      { id: 1, text: 'Identity checked' },
      { id: 2, text: 'NDA signed' },
    ];
    const { onSave, user } = setup({ field: field('multiselect', { options }) });
    await user.click(screen.getByRole('checkbox', { name: 'NDA signed' }));
    expect(onSave).toHaveBeenCalledWith([
      { id: 1, text: 'Identity checked', selected: false },
      { id: 2, text: 'NDA signed', selected: true },
    ]);
    expect(screen.getByRole('checkbox', { name: 'NDA signed' })).toBeChecked();
  });

  it('shows the saved checklist options as checked', () => {
    const options = [
      { id: 1, text: 'Identity checked' },
      { id: 2, text: 'NDA signed' },
    ];
    setup({
      field: field('multiselect', { options }),
      value: [
        { id: 1, text: 'Identity checked', selected: true },
        { id: 2, text: 'NDA signed', selected: false },
      ],
    });
    expect(screen.getByRole('checkbox', { name: 'Identity checked' })).toBeChecked();
    expect(screen.getByRole('checkbox', { name: 'NDA signed' })).not.toBeChecked();
  });

  it('saves a dropdown choice as {id, text}', async () => {
    const options = [
      { id: 1, text: 'Basic' },
      { id: 2, text: 'Pro' },
    ];
    const { onSave, user } = setup({ field: field('dropdown', { options, label: 'Plan' }) });
    await user.click(screen.getByRole('combobox', { name: 'Plan' }));
    await user.click(await screen.findByRole('option', { name: 'Pro', hidden: true }));
    expect(onSave).toHaveBeenCalledWith({ id: 2, text: 'Pro' });
  });

  it('saves a table as rows of cells, one entry per column, and adds rows', async () => {
    const columns = [
      { id: 1, label: 'Name' },
      { id: 2, label: 'Phone' },
    ];
    const { onSave, user } = setup({ field: field('table', { columns, label: 'Contacts' }) });
    await user.type(screen.getByLabelText('Name, row 1'), 'Hank');
    await user.type(screen.getByLabelText('Phone, row 1'), '555');
    await user.tab();
    expect(onSave).toHaveBeenLastCalledWith([['Hank', '555']]);
    await user.click(screen.getByRole('button', { name: 'Add a row to Contacts' }));
    await user.type(screen.getByLabelText('Name, row 2'), 'Ida');
    await user.tab();
    expect(onSave).toHaveBeenLastCalledWith([
      ['Hank', '555'],
      ['Ida', ''],
    ]);
  });

  it('saves a date typed as YYYY-MM-DD as the start of that day in UTC', async () => {
    const { onSave, user } = setup({ field: field('date', { label: 'Go-live' }) });
    await user.type(screen.getByLabelText('Go-live'), '2027-01-15');
    await user.tab();
    await waitFor(() => expect(onSave).toHaveBeenCalledWith('2027-01-15T00:00:00.000Z'));
  });

  it('picks assignees among the members and keeps guests and groups already there', async () => {
    const members = new Map([
      [7, { id: 7, name: 'Ann Lee' }],
      [8, { id: 8, name: 'Bob Ray' }],
    ]);
    const { onSave, user } = setup({
      field: field('assignees_form', { label: 'Account manager' }),
      value: { users: [], guests: ['g@client.test'], groups: [] },
      members,
    });
    await user.click(screen.getByRole('combobox', { name: 'Account manager' }));
    await user.click(await screen.findByRole('option', { name: 'Bob Ray', hidden: true }));
    expect(onSave).toHaveBeenCalledWith({ users: [8], guests: ['g@client.test'], groups: [] });
  });

  it('uploads a file with progress and saves the field with the file added to those it had', async () => {
    const had: FileAsset = { id: 'a1', filename: 'old.pdf' };
    const added: FileAsset = { id: 'a2', filename: 'new.pdf' };
    const upload = vi.fn(async (_file: File, onProgress: (f: number) => void) => {
      onProgress(0.5);
      return added;
    });
    const { onSave, user } = setup({
      field: field('file', { label: 'Signed contract' }),
      value: [had],
      upload,
      fileUrl: (f) => `/files/${f.id}`,
    });
    expect(screen.getByRole('link', { name: 'old.pdf' })).toHaveAttribute('href', '/files/a1');
    const input = screen.getByLabelText('Upload a file to Signed contract', { selector: 'input' });
    await user.upload(input, new File(['%PDF'], 'new.pdf', { type: 'application/pdf' }));
    await waitFor(() => expect(onSave).toHaveBeenCalledWith([had, added]));
    expect(upload.mock.calls[0]?.[0].name).toBe('new.pdf');
  });

  it('shows a completed task’s values without letting them change', () => {
    setup({ field: field('text'), value: 'Fixed', disabled: true });
    expect(screen.getByLabelText('Answer')).toBeDisabled();
    expect(screen.getByLabelText('Answer')).toHaveValue('Fixed');
  });
});
