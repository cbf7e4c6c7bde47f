import { MantineProvider } from '@mantine/core';
import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { DeadlineText } from './deadline-text';

const now = new Date('2025-01-06T09:00:00.000Z');
const renderDeadline = (status: string, deadline: string | null) =>
  render(
    <MantineProvider>
      <DeadlineText status={status} deadline={deadline} now={now} />
    </MantineProvider>,
  );

describe('DeadlineText', () => {
  it('marks an overdue deadline in words and with the overdue style', () => {
    renderDeadline('in-progress', '2025-01-05T09:00:00.000Z');
    const text = screen.getByText('Overdue: due yesterday');
    expect(text.closest('.deadline-overdue')).not.toBeNull();
    expect(text.closest('time')).toHaveAttribute('datetime', '2025-01-05T09:00:00.000Z');
  });

  it('shows a future deadline relative and unstyled', () => {
    renderDeadline('not-started', '2025-01-09T09:00:00.000Z');
    const text = screen.getByText('Due in 3 days');
    expect(text.closest('.deadline-overdue')).toBeNull();
  });

  it('does not call a completed task overdue', () => {
    renderDeadline('completed', '2025-01-05T09:00:00.000Z');
    expect(screen.getByText('Done; it was due yesterday').closest('.deadline-overdue')).toBeNull();
  });

  it('says when there is no deadline', () => {
    renderDeadline('not-started', null);
    expect(screen.getByText('No deadline')).toBeInTheDocument();
  });
});
