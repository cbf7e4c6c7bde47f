import { MantineProvider } from '@mantine/core';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { TaskWithIncludes } from '../lib/types';
import { type TaskOperations, TaskView } from './task-view';

const task = {
  id: 't1',
  title: 'Check the budget',
  task_type: 'task',
  status: 'active',
  status_label: 'To do',
  deadline: null,
  summary: null,
  owners: { users: [], guests: [], groups: [] },
  taskdata: {},
  form_fields: {
    data: [
      {
        id: 'f1',
        label: 'Within budget?',
        field_type: 'radio',
        required: true,
        options: [
          { id: 1, text: 'Yes' },
          { id: 2, text: 'No' },
        ],
        columns: [],
        position: 1,
      },
    ],
  },
  threads: { data: [] },
  assets: { data: [] },
  activities: { data: [] },
} as unknown as TaskWithIncludes;

function setup(saveValue: TaskOperations['saveValue']) {
  const ops = { saveValue, fileUrl: () => '', ownsThread: () => false } as unknown as TaskOperations;
  render(
    <MantineProvider>
      <TaskView task={task} ops={ops} />
    </MantineProvider>,
  );
  return userEvent.setup();
}

describe('TaskView', () => {
  it('a saved answer that makes a rule hide a step says so', async () => {
    const saveValue = vi.fn(async () => ({
      t3: { id: 't3', title: 'Order the goods', visibility: 'hidden' as const },
    }));
    const user = setup(saveValue);
    await user.click(screen.getByRole('radio', { name: 'No' }));
    expect(saveValue).toHaveBeenCalledWith('f1', 'No');
    expect(await screen.findByText('Order the goods: now hidden')).toBeInTheDocument();
    expect(screen.getByRole('status')).toHaveTextContent('Rules changed other tasks');
  });

  it('a saved answer that changes nothing shows no rule changes', async () => {
    const saveValue = vi.fn(async () => ({}));
    const user = setup(saveValue);
    await user.click(screen.getByRole('radio', { name: 'Yes' }));
    expect(saveValue).toHaveBeenCalledWith('f1', 'Yes');
    await saveValue.mock.results[0]?.value;
    expect(screen.queryByText('Rules changed other tasks')).toBeNull();
  });
});
