import { MantineProvider } from '@mantine/core';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api/client';
import { OrganizationForm, type OrganizationValues } from './organization-form';

const initial: OrganizationValues = {
  name: 'Acme',
  timezone: 'UTC',
  working_days: {
    Monday: { anytime: 'true' },
    Tuesday: { from: '09:00', to: '17:00', anytime: 'false' },
    Wednesday: { anytime: 'true' },
  },
  default_deadline: { type: 'days', value: 5 },
};

function setup(onSubmit: (v: OrganizationValues) => Promise<unknown>, readOnly = false) {
  render(
    <MantineProvider>
      <OrganizationForm initial={initial} readOnly={readOnly} onSubmit={onSubmit} />
    </MantineProvider>,
  );
  return userEvent.setup({ delay: null });
}

describe('OrganizationForm', { timeout: 30_000 }, () => {
  it('saves the name, working days (keeping a day’s hours) and the default deadline', async () => {
    const onSubmit = vi.fn().mockResolvedValue(undefined);
    const u = setup(onSubmit);
    const name = screen.getByRole('textbox', { name: 'Organization name' });
    await u.clear(name);
    await u.type(name, 'Acme Ltd');
    await u.click(screen.getByRole('checkbox', { name: 'Wednesday' }));
    await u.click(screen.getByRole('checkbox', { name: 'Friday' }));
    const deadline = screen.getByRole('spinbutton', { name: /^Default deadline/ });
    await u.clear(deadline);
    await u.type(deadline, '2');
    await u.click(screen.getByRole('combobox', { name: 'Unit' }));
    await u.click(await screen.findByRole('option', { name: 'Weeks', hidden: true }));
    await u.click(screen.getByRole('button', { name: 'Save settings' }));
    expect(onSubmit).toHaveBeenCalledWith({
      name: 'Acme Ltd',
      timezone: 'UTC',
      working_days: {
        Monday: { anytime: 'true' },
        Tuesday: { from: '09:00', to: '17:00', anytime: 'false' },
        Friday: { anytime: 'true' },
      },
      default_deadline: { type: 'weeks', value: 2 },
    });
  });

  it('shows the server’s messages at the working days and the deadline value', async () => {
    const refusal = new ApiError(422, 'VALIDATION_FAILED', 'The given data was invalid.', {
      working_days: ['At least one working day is required.'],
      'default_deadline.value': ['The value must be a whole number from 0 to 100 years.'],
    });
    const u = setup(vi.fn().mockRejectedValue(refusal));
    await u.click(screen.getByRole('button', { name: 'Save settings' }));
    await screen.findByText('At least one working day is required.');
    await screen.findByText('The value must be a whole number from 0 to 100 years.');
    expect(screen.getByRole('spinbutton', { name: /^Default deadline/ })).toHaveAttribute(
      'aria-invalid',
      'true',
    );
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('is read-only, without a save button, for members who are not administrators', () => {
    setup(vi.fn(), true);
    expect(screen.getByRole('textbox', { name: 'Organization name' })).toBeDisabled();
    expect(screen.getByRole('checkbox', { name: 'Monday' })).toBeDisabled();
    expect(screen.queryByRole('button', { name: 'Save settings' })).toBeNull();
  });
});
