/** Activity feed rows as the spec's ActivityFeed shows them. */
import { Type } from 'typebox';
import {
  auditableTypeOf,
  type FeedActivity,
  sourceOfActor,
  typeOfActivity,
  verbOfAction,
} from '../../domain/activity-feed.js';
import type { Guest, Member } from '../../domain/people.js';
import { IsoDate, Nullable } from '../schemas/common.js';

export const FeedActorSchema = Type.Object({
  id: Nullable(Type.Integer()),
  type: Type.String(),
  email: Nullable(Type.String()),
  full_name: Nullable(Type.String()),
});

export const FeedActivitySchema = Type.Object(
  {
    id: Type.Integer(),
    organization_id: Type.String(),
    verb: Type.String(),
    action: Type.String(),
    source: Type.String(),
    type: Type.String(),
    actor_type: Type.String(),
    actor_id: Nullable(Type.Integer()),
    actor: Nullable(FeedActorSchema),
    auditable_type: Type.String(),
    auditable_id: Type.String(),
    parentable_type: Nullable(Type.String()),
    parentable_id: Nullable(Type.String()),
    description: Type.String(),
    field: Nullable(Type.String()),
    old_value: Type.Unknown(),
    new_value: Type.Unknown(),
    text: Nullable(Type.String()),
    created_at: IsoDate,
    undoable: Type.Boolean(),
    undone_at: Nullable(IsoDate),
  },
  { additionalProperties: false },
);

export interface FeedActorFacts {
  member: Member | undefined;
  guest: Guest | undefined;
  undoable: boolean;
}

const fullName = (first: string | null, last: string | null) =>
  [first, last].filter((p) => p?.trim()).join(' ') || null;

function actorOf(a: FeedActivity, facts: FeedActorFacts) {
  if (a.actorType === 'system') return null;
  if (facts.member) {
    const u = facts.member.user;
    return { id: u.id, type: 'user', email: u.email, full_name: fullName(u.firstName, u.lastName) };
  }
  if (facts.guest) {
    const g = facts.guest;
    return { id: g.id, type: 'guest', email: g.email, full_name: fullName(g.firstName, g.lastName) };
  }
  return { id: a.actorId, type: a.actorType, email: null, full_name: null };
}

function describe(a: FeedActivity, actorName: string | null): string {
  const who = actorName ?? (a.actorType === 'system' ? 'Flowlane' : `A ${a.actorType}`);
  const what = a.field ? `${verbOfAction(a.action)} ${a.field} of` : verbOfAction(a.action);
  return `${who} ${what} a ${typeOfActivity(a.objectType, a.action).toLowerCase()}`;
}

export function presentFeedActivity(a: FeedActivity, facts: FeedActorFacts) {
  const actor = actorOf(a, facts);
  const parent = a.objectType !== 'process' && a.processId;
  return {
    id: a.id,
    organization_id: a.organizationId,
    verb: verbOfAction(a.action),
    action: a.action,
    source: sourceOfActor(a.actorType),
    type: typeOfActivity(a.objectType, a.action),
    actor_type: a.actorType,
    actor_id: a.actorId,
    actor,
    auditable_type: auditableTypeOf(a.objectType),
    auditable_id: a.objectId,
    parentable_type: parent ? 'Run' : null,
    parentable_id: parent ? a.processId : null,
    description: describe(a, actor?.full_name ?? null),
    field: a.field,
    old_value: a.oldValue,
    new_value: a.newValue,
    text: a.text,
    created_at: a.createdAt,
    undoable: facts.undoable,
    undone_at: a.undoneAt,
  };
}
