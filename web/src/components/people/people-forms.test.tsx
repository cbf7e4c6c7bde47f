import { MantineProvider } from '@mantine/core';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactNode } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../api/client';
import { GroupForm, GuestForm, InviteForm } from './people-forms';

const wrap = (ui: ReactNode) => render(<MantineProvider>{ui}</MantineProvider>);
const user = () => userEvent.setup({ delay: null });

/** The message shown for an input, through its aria-describedby. */
function messageOf(input: HTMLElement): string {
  const ids = (input.getAttribute('aria-describedby') ?? '').split(' ').filter(Boolean);
  return ids.map((id) => document.getElementById(id)?.textContent ?? '').join(' ');
}

describe('InviteForm', { timeout: 30_000 }, () => {
  it('sends the e-mail, names and the role picked', async () => {
    const onSubmit = vi.fn().mockResolvedValue(undefined);
    wrap(<InviteForm onSubmit={onSubmit} />);
    const u = user();
    await u.type(screen.getByRole('textbox', { name: 'Email' }), 'new@acme.test');
    await u.type(screen.getByRole('textbox', { name: 'First name' }), 'Nia');
    await u.click(screen.getByRole('combobox', { name: 'Role' }));
    await u.click(await screen.findByRole('option', { name: 'Light member', hidden: true }));
    await u.click(screen.getByRole('button', { name: 'Send invitation' }));
    expect(onSubmit).toHaveBeenCalledWith({
      email: 'new@acme.test',
      first_name: 'Nia',
      last_name: '',
      role: 'light',
    });
  });

  it('shows the server’s message at the e-mail field it names', async () => {
    const refusal = new ApiError(422, 'VALIDATION_FAILED', 'The given data was invalid.', {
      email: ['The email must be a valid email address.'],
    });
    wrap(<InviteForm onSubmit={vi.fn().mockRejectedValue(refusal)} />);
    const u = user();
    const email = screen.getByRole('textbox', { name: 'Email' });
    await u.type(email, 'nobody@x');
    await u.click(screen.getByRole('button', { name: 'Send invitation' }));
    await screen.findByText('The email must be a valid email address.');
    expect(email).toHaveAttribute('aria-invalid', 'true');
    expect(messageOf(email)).toContain('The email must be a valid email address.');
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('shows a refusal that names no field above the form', async () => {
    const refusal = new ApiError(409, 'MEMBER_EXISTS', 'This person is already a member.');
    wrap(<InviteForm onSubmit={vi.fn().mockRejectedValue(refusal)} />);
    const u = user();
    await u.type(screen.getByRole('textbox', { name: 'Email' }), 'ann@acme.test');
    await u.click(screen.getByRole('button', { name: 'Send invitation' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('This person is already a member.');
  });
});

describe('GuestForm', { timeout: 30_000 }, () => {
  it('adds a guest with names and shows a name error at the field', async () => {
    const refusal = new ApiError(422, 'VALIDATION_FAILED', 'The given data was invalid.', {
      first_name: ['The first name may not be greater than 100 characters.'],
    });
    const onSubmit = vi.fn().mockRejectedValueOnce(refusal).mockResolvedValue(undefined);
    wrap(<GuestForm onSubmit={onSubmit} />);
    const u = user();
    await u.type(screen.getByRole('textbox', { name: 'Email' }), 'client@example.com');
    await u.type(screen.getByRole('textbox', { name: 'First name' }), 'Cleo');
    await u.click(screen.getByRole('button', { name: 'Add guest' }));
    const first = screen.getByRole('textbox', { name: 'First name' });
    await screen.findByText('The first name may not be greater than 100 characters.');
    expect(first).toHaveAttribute('aria-invalid', 'true');
    await u.click(screen.getByRole('button', { name: 'Add guest' }));
    expect(onSubmit).toHaveBeenLastCalledWith({
      email: 'client@example.com',
      first_name: 'Cleo',
      last_name: '',
    });
    expect(screen.queryByText('The first name may not be greater than 100 characters.')).toBeNull();
  });

  it('edits a guest without changing their e-mail', async () => {
    const onSubmit = vi.fn().mockResolvedValue(undefined);
    wrap(
      <GuestForm
        initial={{ email: 'client@example.com', first_name: 'Cleo', last_name: '' }}
        onSubmit={onSubmit}
      />,
    );
    const u = user();
    expect(screen.getByRole('textbox', { name: 'Email' })).toHaveAttribute('readonly');
    await u.type(screen.getByRole('textbox', { name: 'Last name' }), 'Ray');
    await u.click(screen.getByRole('button', { name: 'Save guest' }));
    expect(onSubmit).toHaveBeenCalledWith({
      email: 'client@example.com',
      first_name: 'Cleo',
      last_name: 'Ray',
    });
  });
});

describe('GroupForm', { timeout: 30_000 }, () => {
  const members = [
    { id: 1, name: 'Ann Lee' },
    { id: 2, name: 'Max Mohr' },
  ];

  it('creates a group with the members and guests picked', async () => {
    const onSubmit = vi.fn().mockResolvedValue(undefined);
    wrap(<GroupForm members={members} guests={['client@example.com']} onSubmit={onSubmit} />);
    const u = user();
    await u.type(screen.getByRole('textbox', { name: 'Group name' }), 'Finance');
    await u.click(screen.getByRole('combobox', { name: 'Members' }));
    await u.click(await screen.findByRole('option', { name: 'Max Mohr', hidden: true }));
    await u.click(screen.getByRole('combobox', { name: 'Guests' }));
    await u.click(await screen.findByRole('option', { name: 'client@example.com', hidden: true }));
    await u.click(screen.getByRole('button', { name: 'Create group' }));
    expect(onSubmit).toHaveBeenCalledWith({
      name: 'Finance',
      description: '',
      members: [2],
      guests: ['client@example.com'],
    });
  });

  it('shows the server’s message at the group name', async () => {
    const refusal = new ApiError(422, 'VALIDATION_FAILED', 'The given data was invalid.', {
      name: ['The name field is required.'],
    });
    wrap(
      <GroupForm
        initial={{ name: 'Finance', description: '', members: [1], guests: [] }}
        members={members}
        guests={[]}
        onSubmit={vi.fn().mockRejectedValue(refusal)}
      />,
    );
    const u = user();
    await u.click(screen.getByRole('button', { name: 'Save group' }));
    await screen.findByText('The name field is required.');
    expect(screen.getByRole('textbox', { name: 'Group name' })).toHaveAttribute('aria-invalid', 'true');
  });
});
