import type { PersonStats } from '../../domain/people.js';

/** `stats` of a member or guest (`with=stats`), wrapped as an include. */
export function presentStats(stats: PersonStats | undefined) {
  return {
    data: {
      assigned_tasks: stats?.assignedTasks ?? 0,
      tasks_completed: stats?.tasksCompleted ?? 0,
      last_task_completed_at: stats?.lastTaskCompletedAt ?? null,
      one_off_tasks_completed: stats?.oneOffTasksCompleted ?? 0,
      last_one_off_task_completed_at: stats?.lastOneOffTaskCompletedAt ?? null,
    },
  };
}
