/**
 * Threads on a task: comments, problems (issues) and their resolutions. An unresolved problem
 * blocks completion of its task and puts the process in `problem` status.
 */
export const THREAD_LABELS = ['comment', 'problem', 'resolve', 'improvement', 'advice'] as const;
export type ThreadLabel = (typeof THREAD_LABELS)[number];

export const THREAD_STATES = ['hide-for-guests', 'open', 'collapsed'] as const;
export type ThreadState = (typeof THREAD_STATES)[number];

export const THREAD_CONTENT_MAX = 30_000;

export interface Thread {
  id: number;
  organizationId: string;
  processId: string | null;
  taskId: string | null;
  label: ThreadLabel;
  content: string;
  state: string;
  authorType: 'member' | 'guest' | 'bot';
  authorId: number | null;
  /** On a resolution: the problem it resolves. */
  resolvesThreadId: number | null;
  /** On a problem: who resolved it, when, and the resolution thread. */
  resolvedBy: number | null;
  resolvedAt: string | null;
  resolutionThreadId: number | null;
  createdAt: string;
  lastUpdated: string;
  archivedAt: string | null;
}

/** An unresolved problem. */
export function isOpenProblem(thread: Thread): boolean {
  return thread.label === 'problem' && thread.resolvedAt === null && thread.archivedAt === null;
}
