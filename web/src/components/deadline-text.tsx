import { Text } from '@mantine/core';
import { absoluteTime, describeDeadline } from '../lib/deadline';

/** The deadline, relative ("Due in 3 hours"), overdue ones marked in words and colour. */
export function DeadlineText({
  status,
  deadline,
  now,
}: {
  status: string;
  deadline: string | null;
  now: Date;
}) {
  const { text, group } = describeDeadline(status, deadline, now);
  return (
    <Text
      size="sm"
      component="span"
      className={group === 'overdue' ? 'deadline-overdue' : undefined}
      c={group === 'overdue' ? undefined : 'dimmed'}
      title={deadline ? absoluteTime(deadline) : undefined}
    >
      {deadline ? <time dateTime={deadline}>{text}</time> : text}
    </Text>
  );
}
