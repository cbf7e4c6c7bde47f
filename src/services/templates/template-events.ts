import type { Template } from '../../domain/templates/template.js';
import type { AppContext, MemberActor } from '../context.js';
import { type ActivityInput, actorRef, appendEvents, recordActivities } from '../events/record.js';

/** What happened to a template: `created`, `updated`, `archived`, … (also the event's verb). */
export type TemplateAction =
  | 'created'
  | 'updated'
  | 'imported'
  | 'cloned'
  | 'archived'
  | 'restored'
  | 'deleted'
  | 'published';

/**
 * Records a template change in the caller's transaction: the activity row (with its old and
 * new values) and a `template.<action>` outbox event. The event carries no webhook targets
 * of its own (a template's webhook is about its processes); watchers pick it up at dispatch.
 */
export async function recordTemplateChange(
  tx: AppContext,
  actor: MemberActor,
  template: Pick<Template, 'id' | 'organizationId' | 'title' | 'alias' | 'version'>,
  action: TemplateAction,
  details: Omit<ActivityInput, 'action' | 'objectType' | 'objectId'> = {},
): Promise<void> {
  const org = template.organizationId;
  await recordActivities(tx, org, actorRef(actor), [
    { ...details, action, objectType: 'template', objectId: template.id },
  ]);
  await appendEvents(tx, org, [
    {
      name: `template.${action}`,
      processId: null,
      taskId: null,
      payload: {
        event: `template.${action}`,
        template: {
          id: template.id,
          title: template.title,
          alias: template.alias,
          version: template.version,
        },
        actor: { id: actor.userId, type: 'member' },
        field: details.field ?? null,
        changes: details.newValue ?? null,
      },
    },
  ]);
}
