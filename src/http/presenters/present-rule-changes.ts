/**
 * `tasks_changed_by_rules`: the tasks of the process that automation rules changed because
 * of the request, keyed by task id, each saying exactly what changed. Keys are present only
 * for what changed: `status` {from, to}; `visibility` shown|hidden; `owners` {from, to};
 * `deadline` {from, to}; `reopened` true.
 */
import { type TSchema, Type } from 'typebox';
import type { Owners } from '../../domain/rules/types.js';
import type { RuleChangedTask } from '../../domain/views.js';
import { Nullable } from '../schemas/common.js';

const OwnersSchema = Type.Object({
  users: Type.Array(Type.Integer()),
  guests: Type.Array(Type.String()),
  groups: Type.Array(Type.String()),
});

const FromTo = <T extends TSchema>(schema: T) => Type.Object({ from: schema, to: schema });

export const ChangedByRuleSchema = Type.Object({
  id: Type.String(),
  title: Type.String(),
  status: Type.Optional(FromTo(Type.String())),
  visibility: Type.Optional(Type.Union([Type.Literal('shown'), Type.Literal('hidden')])),
  owners: Type.Optional(FromTo(OwnersSchema)),
  deadline: Type.Optional(FromTo(Nullable(Type.String()))),
  reopened: Type.Optional(Type.Literal(true)),
});

export const TasksChangedByRulesSchema = Type.Record(Type.String(), ChangedByRuleSchema, {
  description: 'Tasks of the process that automation rules changed, keyed by task id',
});

const owners = (o: Owners) => ({ users: o.users, guests: o.guests, groups: o.groups });

function presentChange({ task, change }: RuleChangedTask) {
  const entry: Record<string, unknown> = { id: task.id, title: task.title };
  if (change.status) {
    entry.status = { from: change.status.from, to: change.status.to };
    if (change.status.to === 'auto-skipped') entry.visibility = 'hidden';
    else if (change.status.from === 'auto-skipped') entry.visibility = 'shown';
  }
  if (change.owners) entry.owners = { from: owners(change.owners.from), to: owners(change.owners.to) };
  if (change.deadline) entry.deadline = { from: change.deadline.from, to: change.deadline.to };
  if (change.reopened) entry.reopened = true;
  return entry;
}

export function presentChangedByRules(changed: readonly RuleChangedTask[]): Record<string, unknown> {
  return Object.fromEntries(changed.map((c) => [c.task.id, presentChange(c)]));
}
