import { Badge, Group, Stack, Text } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import { describeDeadline } from '../lib/deadline';
import { ownerNames, type Person } from '../lib/members';
import type { Task } from '../lib/types';
import { DeadlineText } from './deadline-text';

export type ListedTask = Task & { run?: { data: { id: string; name: string } | null } };

/** One task in a list: its title (the link), its process, its deadline and its assignees. */
export function TaskRow({
  org,
  task,
  members,
  now,
}: {
  org: string;
  task: ListedTask;
  members: Map<number, Person> | undefined;
  now: Date;
}) {
  const { group } = describeDeadline(task.status, task.deadline, now);
  return (
    <Stack gap={2} py="sm" className="task-row" component="li">
      <Group justify="space-between" gap="xs" wrap="wrap">
        <Link to="/app/$org/tasks/$taskId" params={{ org, taskId: task.id }} className="row-link">
          {task.title}
        </Link>
        <Group gap={6}>
          {task.problem ? (
            <Badge color="orange" variant="light">
              Problem
            </Badge>
          ) : null}
          {task.task_type !== 'task' ? (
            <Badge color="gray" variant="light">
              {task.task_type.replace('_', ' ')}
            </Badge>
          ) : null}
          {group === 'completed' ? <Badge color="teal">Completed</Badge> : null}
        </Group>
      </Group>
      <Group gap="md" wrap="wrap">
        <Text size="sm" c="dimmed">
          {task.run?.data?.name ?? 'One-off task'}
        </Text>
        <DeadlineText status={task.status} deadline={task.deadline} now={now} />
        <Text size="sm" c="dimmed">
          {ownerNames(task.owners, members)}
        </Text>
      </Group>
    </Stack>
  );
}
