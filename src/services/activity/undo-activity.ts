/**
 * `PUT /activity-feed/{id}/undo`: takes back one recorded change through the service that
 * makes such changes, so permissions, rules, activity rows and webhooks follow as if the
 * person had made the change back by hand. Defined for a task's title, summary and deadline,
 * a process's name and summary, and archiving a process, one-off task or template
 * (unarchived). A change is undone at most once, and only while the object still holds the
 * value the change gave it (otherwise the undo would overwrite a later edit).
 */
import {
  type FeedActivity,
  findActivityForUpdate,
  markActivityUndone,
} from '../../db/repositories/activity-feed-repository.js';
import { findProcessById } from '../../db/repositories/processes-repository.js';
import { findTaskById } from '../../db/repositories/tasks-repository.js';
import { findTemplateById } from '../../db/repositories/templates-repository.js';
import { type UndoPlan, undoPlanOf } from '../../domain/activity-feed.js';
import { conflict, notFound, rejected } from '../../domain/errors.js';
import { assertCan } from '../../domain/policy.js';
import { type AppContext, inTransaction, type MemberActor } from '../context.js';
import { activateProcess } from '../processes/process-lifecycle.js';
import { updateProcess } from '../processes/update-process.js';
import { restoreOneOffTask } from '../tasks/one-off-lifecycle.js';
import { updateTask } from '../tasks/update-task.js';
import { restoreTemplate } from '../templates/template-lifecycle.js';

const stale = () =>
  conflict('UNDO_STALE', 'The object changed since; undoing this change would overwrite the later one.');

/** Undoes the change and answers the activity row as it is now (marked undone). */
export async function undoActivity(
  ctx: AppContext,
  actor: MemberActor,
  activityId: number,
): Promise<FeedActivity> {
  assertCan(actor, 'activity.undo');
  return inTransaction(ctx, async (tx) => {
    const org = actor.organizationId;
    // Locked first, so two undos of one change run one after the other.
    const activity = await findActivityForUpdate(tx.db.kysely, org, activityId);
    if (!activity) throw notFound('ACTIVITY_NOT_FOUND', 'Activity');
    if (activity.undoneAt) throw rejected('ACTIVITY_ALREADY_UNDONE', 'This change was already undone.');
    const plan = undoPlanOf(activity);
    if (!plan)
      throw rejected(
        'UNDO_NOT_AVAILABLE',
        `A ${activity.action} of a ${activity.objectType} cannot be undone.`,
      );
    await applyUndo(tx, actor, activity, plan);
    const now = tx.clock.now().toISOString();
    if (!(await markActivityUndone(tx.db.kysely, org, activity.id, now, actor.userId)))
      throw rejected('ACTIVITY_ALREADY_UNDONE', 'This change was already undone.');
    return { ...activity, undoneAt: now };
  });
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

async function applyUndo(tx: AppContext, actor: MemberActor, a: FeedActivity, plan: UndoPlan): Promise<void> {
  const org = actor.organizationId;
  const db = tx.db.kysely;
  switch (plan.kind) {
    case 'task_field': {
      const task = await findTaskById(db, org, a.objectId);
      if (!task) throw notFound('TASK_NOT_FOUND', 'Task');
      if (!same(task[plan.field], a.newValue)) throw stale();
      const old = a.oldValue as string | null;
      if (plan.field === 'title' && (typeof old !== 'string' || !old.trim())) throw stale();
      const input = plan.field === 'title' ? { title: old as string } : { [plan.field]: old };
      await updateTask(tx, actor, task.id, input, task.processId ?? undefined);
      return;
    }
    case 'process_field': {
      const process = await findProcessById(db, org, a.objectId);
      if (!process) throw notFound('PROCESS_NOT_FOUND', 'Process');
      if (!same(process[plan.field], a.newValue)) throw stale();
      const old = a.oldValue as string | null;
      if (plan.field === 'name' && typeof old !== 'string') throw stale();
      await updateProcess(
        tx,
        actor,
        process.id,
        plan.field === 'name' ? { name: old as string } : { summary: old },
      );
      return;
    }
    case 'process_archive': {
      const process = await findProcessById(db, org, a.objectId);
      if (!process) throw notFound('PROCESS_NOT_FOUND', 'Process');
      if (process.archivedAt === null || !same(process.archivedAt, a.newValue)) throw stale();
      await activateProcess(tx, actor, process.id);
      return;
    }
    case 'oneoff_archive': {
      const task = await findTaskById(db, org, a.objectId);
      if (!task) throw notFound('TASK_NOT_FOUND', 'Task');
      if (task.archivedAt === null || !same(task.archivedAt, a.newValue)) throw stale();
      await restoreOneOffTask(tx, actor, task.id);
      return;
    }
    case 'template_archive': {
      const template = await findTemplateById(db, org, a.objectId);
      if (!template) throw notFound('TEMPLATE_NOT_FOUND', 'Template');
      // Archived by this change, not by a later one (archived_at is set just before the row).
      if (template.archivedAt === null || template.archivedAt > a.createdAt) throw stale();
      await restoreTemplate(tx, actor, template.id);
      return;
    }
  }
}
