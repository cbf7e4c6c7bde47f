/**
 * What a guest sees of their tasks, processes and comments: the member representations
 * narrowed to what Tallyfy shows guests. No other guest's e-mail, no member e-mail, no
 * webhooks, custom fields (null) or activity, and no thread hidden from guests. The schemas
 * close the top level (`additionalProperties: false`), so the serializer drops anything else.
 */
import { type TSchema, Type } from 'typebox';
import type { GuestActor } from '../../domain/actors.js';
import type { User } from '../../domain/identity.js';
import { displayStatus, type Process, progressOf } from '../../domain/processes/process.js';
import type { Task } from '../../domain/tasks/task.js';
import type { Thread } from '../../domain/tasks/thread.js';
import type { TaskView } from '../../domain/views.js';
import { wrap } from '../includes.js';
import { IsoDate, Nullable, NullableDate } from '../schemas/common.js';
import { TaskSchema } from './present-task.js';
import { presentThread, ThreadSchema } from './present-thread.js';
import { type PresentedTask, presentTasks } from './task-includes.js';

const Progress = Type.Object({ complete: Type.Integer(), total: Type.Integer(), percent: Type.Number() });
const Included = Type.Optional(Type.Unknown());

/** A process as its guest sees it (the spec's ShortRun and a little more). */
export const GuestProcessSchema = Type.Object(
  {
    id: Type.String(),
    increment_id: Type.Integer(),
    name: Type.String(),
    summary: Nullable(Type.String()),
    status: Type.String(),
    checklist_id: Nullable(Type.String()),
    checklist_title: Nullable(Type.String()),
    progress: Progress,
    created_at: IsoDate,
    started_at: IsoDate,
    last_updated: IsoDate,
    completed_at: NullableDate,
    due_date: NullableDate,
    checklist: Included,
  },
  { additionalProperties: false },
) satisfies TSchema;

export function presentGuestProcess(process: Process, withChecklist = false) {
  return {
    id: process.id,
    increment_id: process.incrementId,
    name: process.name,
    summary: process.summary,
    status: displayStatus(process),
    checklist_id: process.templateId,
    checklist_title: process.templateTitle,
    progress: progressOf(process.tasksCompleted, process.tasksTotal),
    created_at: process.createdAt,
    started_at: process.startedAt,
    last_updated: process.lastUpdated,
    completed_at: process.completedAt,
    due_date: process.dueDate,
    ...(withChecklist ? { checklist: wrap(checklistOf(process)) } : {}),
  };
}

const checklistOf = (process: Process) =>
  process.templateId ? { id: process.templateId, title: process.templateTitle } : null;

/** A comment as a guest sees it: its member author without their e-mail. */
export const GuestThreadSchema = Type.Object(
  {
    ...ThreadSchema.properties,
    author: Nullable(
      Type.Object({
        id: Type.Integer(),
        first_name: Type.String(),
        last_name: Type.String(),
        full_name: Type.String(),
        profile_pic: Nullable(Type.String()),
      }),
    ),
  },
  { additionalProperties: false },
) satisfies TSchema;

export function presentGuestThread(thread: Thread, author: User | undefined) {
  const t = presentThread(thread, thread.authorType === 'member' ? author : undefined, []);
  const a = t.author;
  return {
    ...t,
    author: a
      ? {
          id: a.id,
          first_name: a.first_name,
          last_name: a.last_name,
          full_name: a.full_name,
          profile_pic: a.profile_pic,
        }
      : null,
  };
}

/** Hidden-from-guests threads are not there for a guest, unless they wrote them. */
export function guestMayRead(thread: Thread, guest: GuestActor): boolean {
  const own = thread.authorType === 'guest' && thread.authorId === guest.guestId;
  return own || thread.state !== 'hide-for-guests';
}

/** The spec's TaskGuest: the task keys, with what a guest may not see emptied. */
export const GuestTaskSchema = Type.Object(
  {
    ...TaskSchema.properties,
    webhook: Type.Null(),
    custom_fields: Type.Null(),
    guest_email: Type.String(),
    completer_guest: Nullable(Type.String()),
    tasks_changed_by_rules: Included,
    step: Included,
    form_fields: Included,
    'ko-form-fields': Included,
    threads: Included,
    comments: Included,
    issues: Included,
    threads_count: Included,
    run: Included,
    checklist: Included,
  },
  { additionalProperties: false },
) satisfies TSchema;

/** Includes a guest may ask for; the member loaders serve the first four. */
const MEMBER_LOADED = ['step', 'form_fields', 'ko-form-fields', 'summary'];
const THREAD_KEYS: Record<string, (label: string) => boolean> = {
  threads: () => true,
  comments: (label) => label === 'comment',
  issues: (label) => label === 'problem',
};

export interface GuestTaskOptions {
  requested: ReadonlySet<string>;
  alwaysSummary: boolean;
  baseUrl: string;
  now: Date;
}

export type GuestPresentedTask = ReturnType<typeof guestTaskView>;

/**
 * The relations to load for a guest's answer: those of the member representation a guest
 * sees, and their threads (narrowed here to those they may read).
 */
export function guestTaskRelations(requested: ReadonlySet<string>): Set<string> {
  const names = [...MEMBER_LOADED, ...Object.keys(THREAD_KEYS), 'threads_count'];
  return new Set(names.filter((name) => requested.has(name)));
}

/** The guest's tasks with the includes they asked for, ready to serialise. */
export function presentGuestTasks(
  views: readonly TaskView[],
  guest: GuestActor,
  options: GuestTaskOptions,
): GuestPresentedTask[] {
  const requested = options.requested;
  const base = presentTasks(views, {
    ...options,
    requested: new Set(MEMBER_LOADED.filter((name) => requested.has(name))),
  });
  return base.map((presented, i) => {
    const view = views[i] as TaskView;
    const { task, process } = view;
    const out = guestTaskView(presented, task, guest);
    if (view.threads) {
      const visible = view.threads.filter((t) => guestMayRead(t, guest));
      for (const [key, keep] of Object.entries(THREAD_KEYS)) {
        if (!requested.has(key)) continue;
        const threads = visible.filter((t) => keep(t.label));
        out[key] = wrap(
          threads.map((t) =>
            presentGuestThread(t, t.authorId ? view.threadAuthors?.get(t.authorId) : undefined),
          ),
        );
      }
      if (requested.has('threads_count')) out.threads_count = visible.length;
    }
    if (requested.has('run')) {
      out.run = wrap(process ? presentGuestProcess(process, requested.has('run.checklist')) : null);
    }
    if (requested.has('checklist')) out.checklist = wrap(process ? checklistOf(process) : null);
    return out;
  });
}

function guestTaskView(presented: PresentedTask, task: Task, guest: GuestActor) {
  const email = guest.email.toLowerCase();
  const out: PresentedTask & {
    webhook: null;
    custom_fields: null;
    guest_email: string;
    completer_guest: string | null;
  } = {
    ...presented,
    owners: { ...task.owners, guests: task.owners.guests.filter((g) => g === email) },
    webhook: null,
    custom_fields: null,
    guest_email: email,
    completer_guest: task.completerGuestId === guest.guestId ? email : null,
  };
  const step = (presented.step as { data: Record<string, unknown> | null } | undefined)?.data;
  if (step) out.step = wrap({ ...step, assignees: [], guests: [], groups: [], webhook: null });
  return out;
}
