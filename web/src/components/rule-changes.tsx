import { Alert, List } from '@mantine/core';
import type { ChangedByRule } from '../lib/types';

function describe(change: ChangedByRule): string {
  const parts: string[] = [];
  if (change.visibility === 'shown') parts.push('now shown');
  if (change.visibility === 'hidden') parts.push('now hidden');
  if (change.reopened) parts.push('reopened');
  if (change.status && !change.visibility) parts.push(`${change.status.from} → ${change.status.to}`);
  if (change.deadline) parts.push('deadline changed');
  return parts.length ? parts.join(', ') : 'changed';
}

/** What the process's rules did after the last action (`tasks_changed_by_rules`). */
export function RuleChanges({ changes }: { changes: Record<string, ChangedByRule> | undefined }) {
  const list = Object.values(changes ?? {});
  if (list.length === 0) return null;
  return (
    <Alert color="blue" title="Rules changed other tasks" role="status">
      <List size="sm">
        {list.map((c) => (
          <List.Item key={c.id}>
            {c.title}: {describe(c)}
          </List.Item>
        ))}
      </List>
    </Alert>
  );
}
