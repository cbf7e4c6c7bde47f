/** Builders of rule bodies (never export `then`: a module with one is a thenable). */
import type { TestContext } from './context.js';

/** Rule bodies as the templates API takes them (`automated_actions`). */
export const on = (
  id: string,
  type: 'Step' | 'Capture' | 'Prerun',
  operation: string,
  statement: unknown = type === 'Step' ? 'any_time' : null,
  logic: 'and' | 'or' = 'and',
) => ({ conditionable_id: id, conditionable_type: type, operation, statement, logic });

export const act = (
  actionType: string,
  actionVerb: string,
  targetStepId: string,
  extra: Record<string, unknown> = {},
) => ({ action_type: actionType, action_verb: actionVerb, target_step_id: targetStepId, ...extra });

export const rule = (alias: string, conditions: unknown[], actions: unknown[]) => ({
  automated_alias: alias,
  conditions,
  then_actions: actions,
});

const json = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v);

/** Activity rows of a process, oldest first, as stored. */
export async function activitiesOf(t: TestContext, processId: string) {
  const rows = await t.db.kysely
    .selectFrom('activities')
    .selectAll()
    .where('process_id', '=', processId)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    action: r.action,
    objectType: r.object_type,
    objectId: r.object_id,
    taskId: r.task_id,
    field: r.field,
    oldValue: json(r.old_value),
    newValue: json(r.new_value),
    text: r.text,
  }));
}

/** Outbox events of a process, in order, with targets and payload parsed. */
export async function eventsOf(t: TestContext, processId: string) {
  const rows = await t.db.kysely
    .selectFrom('outbox_events')
    .selectAll()
    .where('process_id', '=', processId)
    .orderBy('sequence')
    .execute();
  return rows.map((r) => ({
    name: r.name,
    taskId: r.task_id,
    targets: json(r.targets) as string[],
    payload: json(r.payload) as Record<string, any>,
  }));
}

/** Task ids by title (from launchTemplate), failing loudly on a title the process lacks. */
export function taskIds<T extends string>(tasks: Record<string, string>, ...titles: T[]): Record<T, string> {
  const ids = {} as Record<T, string>;
  for (const title of titles) {
    const id = tasks[title];
    if (!id) throw new Error(`no task titled ${title}`);
    ids[title] = id;
  }
  return ids;
}
