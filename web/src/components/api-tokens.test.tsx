import { MantineProvider } from '@mantine/core';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api/client';
import { CreateTokenForm, NewTokenSecret } from './api-tokens';

describe('CreateTokenForm', { timeout: 30_000 }, () => {
  it('creates a token by name and empties the field afterwards', async () => {
    const onCreate = vi.fn().mockResolvedValue(undefined);
    render(
      <MantineProvider>
        <CreateTokenForm onCreate={onCreate} />
      </MantineProvider>,
    );
    const u = userEvent.setup({ delay: null });
    const name = screen.getByRole('textbox', { name: /^Token name/ });
    await u.type(name, 'Zapier');
    await u.click(screen.getByRole('button', { name: 'Create token' }));
    expect(onCreate).toHaveBeenCalledWith('Zapier');
    expect(name).toHaveValue('');
  });

  it('shows the server’s message at the name and keeps what was typed', async () => {
    const refusal = new ApiError(422, 'VALIDATION_FAILED', 'The given data was invalid.', {
      name: ['The name field is required.'],
    });
    render(
      <MantineProvider>
        <CreateTokenForm onCreate={vi.fn().mockRejectedValue(refusal)} />
      </MantineProvider>,
    );
    const u = userEvent.setup({ delay: null });
    const name = screen.getByRole('textbox', { name: /^Token name/ });
    await u.type(name, '   ');
    await u.click(screen.getByRole('button', { name: 'Create token' }));
    await screen.findByText('The name field is required.');
    expect(name).toHaveAttribute('aria-invalid', 'true');
    expect(name).toHaveValue('   ');
  });
});

describe('NewTokenSecret', () => {
  it('shows the secret once in a read-only field with a named copy button', async () => {
    const onDone = vi.fn();
    render(
      <MantineProvider>
        <NewTokenSecret name="Zapier" secret="flp_secret" onDone={onDone} />
      </MantineProvider>,
    );
    const field = screen.getByRole('textbox', { name: /^New token/ });
    expect(field).toHaveValue('flp_secret');
    expect(field).toHaveAttribute('readonly');
    expect(screen.getByRole('button', { name: 'Copy new token' })).toBeInTheDocument();
    expect(screen.getByRole('status')).toHaveTextContent('shown only this once');
    await userEvent.setup({ delay: null }).click(screen.getByRole('button', { name: 'I have copied it' }));
    expect(onDone).toHaveBeenCalledOnce();
  });
});
