import { MantineProvider } from '@mantine/core';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api/client';
import { RuleBuilder, type RuleDraft, type RuleScopeView } from './rule-builder';

const scope: RuleScopeView = {
  steps: [
    { id: 's1', title: 'Check the budget' },
    { id: 's2', title: 'Manager approval' },
    { id: 's3', title: 'Order the goods' },
  ],
  fields: [
    {
      id: 'f1',
      label: 'Within budget?',
      field_type: 'dropdown',
      options: [
        { id: 1, text: 'Yes' },
        { id: 2, text: 'No' },
      ],
      kind: 'Capture',
      where: 'Check the budget',
    },
  ],
  members: [{ id: 7, name: 'Max Mohr' }],
};

const empty: RuleDraft = { automated_alias: '', conditions: [], then_actions: [] };

function setup(onSave: (rule: RuleDraft) => Promise<void>) {
  render(
    <MantineProvider>
      <RuleBuilder rule={empty} scope={scope} onSave={onSave} onDelete={() => {}} startOpen />
    </MantineProvider>,
  );
  return userEvent.setup({ delay: null });
}

const pick = async (user: ReturnType<typeof userEvent.setup>, label: string, option: string) => {
  await user.click(screen.getByRole('combobox', { name: label }));
  // Each picker keeps its own list mounted: the one just opened is the last.
  const options = await screen.findAllByRole('option', { name: option, hidden: true });
  await user.click(options.at(-1) as HTMLElement);
};

describe('RuleBuilder', { timeout: 90_000 }, () => {
  it('builds "if the dropdown is No, hide step 3" from pickers over the template', async () => {
    const onSave = vi.fn(async () => {});
    const user = setup(onSave);
    await user.type(screen.getByLabelText(/Rule name/), 'No budget, no order');
    await user.click(screen.getByRole('button', { name: 'Add condition' }));
    await pick(user, 'When (condition 1)', 'Check the budget: Within budget?');
    await pick(user, 'Value (condition 1)', 'No');
    await user.click(screen.getByRole('button', { name: 'Add action' }));
    await pick(user, 'Action 1', 'Hide step');
    await pick(user, 'Target step (action 1)', 'Order the goods');
    await user.click(screen.getByRole('button', { name: 'Save rule' }));
    expect(onSave).toHaveBeenCalledTimes(1);
    expect(onSave).toHaveBeenCalledWith({
      automated_alias: 'No budget, no order',
      conditions: [
        {
          conditionable_id: 'f1',
          conditionable_type: 'Capture',
          operation: 'equals',
          statement: 'No',
          logic: 'and',
        },
      ],
      then_actions: [
        expect.objectContaining({ action_type: 'visibility', action_verb: 'hide', target_step_id: 's3' }),
      ],
    });
  });

  it('joins a second condition with OR and offers step outcomes for a step', async () => {
    const onSave = vi.fn(async () => {});
    const user = setup(onSave);
    await user.type(screen.getByLabelText(/Rule name/), 'Either');
    await user.click(screen.getByRole('button', { name: 'Add condition' }));
    await pick(user, 'When (condition 1)', 'Step: Manager approval');
    await pick(user, 'Operation (condition 1)', 'is rejected');
    await user.click(screen.getByRole('button', { name: 'Add condition' }));
    await pick(user, 'Join condition 2', 'OR');
    await pick(user, 'When (condition 2)', 'Step: Check the budget');
    await user.click(screen.getByRole('button', { name: 'Add action' }));
    await pick(user, 'Action 1', 'Reopen step');
    await pick(user, 'Target step (action 1)', 'Check the budget');
    await user.click(screen.getByRole('button', { name: 'Save rule' }));
    const saved = (onSave.mock.calls as unknown as RuleDraft[][])[0]?.[0] as RuleDraft;
    expect(
      saved.conditions.map((c) => [c.conditionable_type, c.conditionable_id, c.operation, c.logic]),
    ).toEqual([
      ['Step', 's2', 'rejected', 'and'],
      ['Step', 's1', 'completed', 'or'],
    ]);
    expect(saved.then_actions[0]).toMatchObject({
      action_type: 'status',
      action_verb: 'reopen',
      target_step_id: 's1',
    });
  });

  it('shows the server’s message at the condition and the action it concerns', async () => {
    const onSave = vi.fn(async () => {
      throw new ApiError(422, 'VALIDATION_FAILED', 'The rule is not valid.', {
        'conditions.0.statement': ['The statement must be present.'],
        'then_actions.0.target_step_id': ['The target step must be a step of this template.'],
      });
    });
    const user = setup(onSave);
    await user.type(screen.getByLabelText(/Rule name/), 'Broken');
    await user.click(screen.getByRole('button', { name: 'Add condition' }));
    await pick(user, 'When (condition 1)', 'Check the budget: Within budget?');
    await user.click(screen.getByRole('button', { name: 'Add action' }));
    await user.click(screen.getByRole('button', { name: 'Save rule' }));
    const condition = screen.getByRole('group', { name: 'Condition 1' });
    expect(
      within(condition).getByRole('combobox', { name: 'Value (condition 1)' }),
    ).toHaveAccessibleDescription('The statement must be present.');
    const action = screen.getByRole('group', { name: 'Action 1' });
    expect(
      within(action).getByRole('combobox', { name: 'Target step (action 1)' }),
    ).toHaveAccessibleDescription('The target step must be a step of this template.');
    expect(screen.getByRole('alert')).toHaveTextContent('The rule is not valid.');
  });
});
