/**
 * Request schemas of the rule routes (the spec's AutomatedActionInput). They document the
 * wire and catch gross shape errors; the rules service checks every key against the
 * template and reports each problem with its path, so item keys are open here.
 */
import { Type } from 'typebox';
import { TemplateParams } from '../schemas/templates.schemas.js';

const Key = (description: string) => Type.Optional(Type.Unknown({ description }));

export const RuleParams = Type.Object({ ...TemplateParams.properties, automated_id: Type.String() });

const ConditionInput = Type.Object(
  {
    id: Key('Kept on update when it is one of the rule’s conditions'),
    conditionable_id: Key('Id of a step, step form field or kick-off field of the template'),
    conditionable_type: Key('Step | Capture | Prerun'),
    operation: Key(
      'Step: completed, reopened, approved, rejected, acknowledged, expired, not_assigned. ' +
        'Field: contains, not_contains, equals, not_equals, equals_any, greater_than, less_than, ' +
        'is_empty, is_not_empty (by field type)',
    ),
    statement: Key('Must be present. Step: any_time | on-time | early_24 | late_24 | null; field: the value'),
    logic: Key('and | or, joining this condition to the ones before it (left to right)'),
    position: Key('Order of evaluation'),
    column_contains_name: Key('Table fields: the column the value must be in'),
  },
  { additionalProperties: true },
);

const ActionInput = Type.Object(
  {
    id: Key('Kept on update when it is one of the rule’s actions'),
    action_type: Key('visibility | deadline | status | assignment | webhook'),
    action_verb: Key(
      'visibility: show, hide; deadline: deadline; status: reopen; ' +
        'assignment: assign, assign_only, unassign, clear_assignees; webhook: emit_webhook',
    ),
    target_step_id: Key('The step acted on (optional for emit_webhook)'),
    deadline: Key('Deadline actions: {value, unit: minutes|hours|days|weeks|months, option: before|from}'),
    assignees: Key('Assignment actions: {users: [member id], guests: [email], groups: [group id]}'),
    actionable_id: Key(
      'Deadline: a step or date field to measure from; assignment: an assignee-picker field',
    ),
    actionable_type: Key('Step | Capture | Prerun'),
    webhook_url: Key('emit_webhook: where to send it'),
    alias_name: Key('emit_webhook: required with webhook_url'),
    position: Key('Order of application'),
  },
  { additionalProperties: true },
);

export const RuleBody = Type.Object(
  {
    automated_alias: Key('Required, up to 300 characters'),
    conditions: Type.Optional(Type.Array(ConditionInput, { description: 'At least one' })),
    then_actions: Type.Optional(Type.Array(ActionInput, { description: 'At least one' })),
  },
  { additionalProperties: true },
);
