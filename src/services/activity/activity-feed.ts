/**
 * The activity feed (`GET /activity-feeds`): the organization's audit trail with its filters.
 * Who reads what: administrators and standard members the whole feed (they see every
 * template and process in the lists too); light members only the rows of tasks assigned to
 * them and of what they did themselves; guests not at all.
 */
import {
  type ActivityFeedQuery,
  type FeedActivity,
  listActivityFeed,
} from '../../db/repositories/activity-feed-repository.js';
import { findGroupIdsOfUser } from '../../db/repositories/groups-repository.js';
import { findGuestByEmail, findGuestsByIds } from '../../db/repositories/guests-repository.js';
import { findMembersByEmails, findMembersOfOrganization } from '../../db/repositories/users-repository.js';
import {
  actionsOfVerb,
  FEED_SOURCES,
  type FeedEntity,
  typeFilterOf,
  undoPlanOf,
} from '../../domain/activity-feed.js';
import { parseDateInput } from '../../domain/dates.js';
import { FieldErrorCollector } from '../../domain/errors.js';
import { type Page, type PageRequest, pageWindow, toPage } from '../../domain/pagination.js';
import type { Guest, Member } from '../../domain/people.js';
import { assertCan, can } from '../../domain/policy.js';
import type { AppContext, MemberActor } from '../context.js';

export const FEED_PER_PAGE = 20;

/** The feed's filters, typed; every one optional. */
export interface ActivityFeedInput {
  entityType?: FeedEntity | undefined;
  entityId?: string | undefined;
  type?: string | undefined;
  verb?: string | undefined;
  actorType?: 'user' | 'guest' | undefined;
  actorId?: number | undefined;
  actorEmail?: string | undefined;
  source?: string | undefined;
  field?: string | undefined;
  createdAfter?: string | undefined;
  createdBefore?: string | undefined;
  search?: string | undefined;
  /** Newest first unless `asc`. */
  direction: 'asc' | 'desc';
}

/** A feed row with who did it and whether an undo is offered. */
export interface FeedEntry {
  activity: FeedActivity;
  member: Member | undefined;
  guest: Guest | undefined;
  undoable: boolean;
}

const ENTITY: Record<FeedEntity, (id: string) => Partial<ActivityFeedQuery>> = {
  checklist: (id) => ({ object: { type: 'template', id } }),
  run: (id) => ({ processId: id }),
  step: (id) => ({ object: { type: 'step', id } }),
  task: (id) => ({ taskId: id }),
  thread: (id) => ({ object: { type: 'thread', id } }),
};

function dateBound(value: string | undefined, field: string, end: boolean, errors: FieldErrorCollector) {
  if (value === undefined) return undefined;
  const date = parseDateInput(value);
  if (!date) {
    errors.add(field, `The ${field} must be a date (ISO 8601 or YYYY-MM-DD HH:MM:SS).`);
    return undefined;
  }
  // A bare day as the upper bound includes that whole day.
  const wholeDay = end && /^\d{4}-\d{2}-\d{2}$/.test(value.trim());
  return new Date(date.getTime() + (wholeDay ? 86_399_999 : 0)).toISOString();
}

async function buildQuery(ctx: AppContext, actor: MemberActor, input: ActivityFeedInput) {
  const errors = new FieldErrorCollector();
  const q: ActivityFeedQuery = { organizationId: actor.organizationId, direction: input.direction };
  if (input.entityType && input.entityId)
    Object.assign(q, ENTITY[input.entityType](input.entityId.toLowerCase()));
  if ((input.entityType === undefined) !== (input.entityId === undefined))
    errors.add(input.entityType ? 'entity_id' : 'entity_type', 'entity_type and entity_id go together.');
  if (input.type) {
    const type = typeFilterOf(input.type);
    if (!type) errors.add('type', 'Unknown type.');
    else Object.assign(q, { objectTypes: type.objectTypes, typeActions: type.actions });
  }
  if (input.verb) q.actions = actionsOfVerb(input.verb);
  if (input.source) {
    const source = FEED_SOURCES[input.source.trim().toLowerCase() as keyof typeof FEED_SOURCES];
    if (!source) errors.add('source', 'The source must be Member, Guest or Webhook.');
    else q.actorType = source;
  }
  if (input.actorType) {
    if (q.actorType && q.actorType !== input.actorType) q.nothing = true;
    q.actorType = input.actorType;
  }
  q.actorId = input.actorId;
  q.field = input.field;
  q.createdAfter = dateBound(input.createdAfter, 'created_after', false, errors);
  q.createdBefore = dateBound(input.createdBefore, 'created_before', true, errors);
  const search = input.search?.trim();
  if (search !== undefined && (search.length < 2 || search.length > 100))
    errors.add('search', 'The search must be 2 to 100 characters.');
  else q.search = search;
  errors.throwIfAny();
  if (input.actorEmail) await restrictToActorEmail(ctx, q, input.actorEmail);
  // A member who may not see every task (a light member) sees the activity of their own work.
  if (!can(actor, 'task.see')) {
    const groupIds = await findGroupIdsOfUser(ctx.db.kysely, actor.organizationId, actor.userId);
    q.ownOnly = { userId: actor.userId, groupIds };
  }
  return q;
}

/** `actor_email`: the member or guest with that address; nobody matches an unknown one. */
async function restrictToActorEmail(ctx: AppContext, q: ActivityFeedQuery, email: string) {
  const db = ctx.db.kysely;
  const address = email.trim().toLowerCase();
  const member = (await findMembersByEmails(db, q.organizationId, [address])).get(address);
  const guest = member ? undefined : await findGuestByEmail(db, q.organizationId, address);
  const who = member
    ? { type: 'user' as const, id: member.user.id }
    : guest
      ? { type: 'guest' as const, id: guest.id }
      : undefined;
  if (
    !who ||
    (q.actorType && q.actorType !== who.type) ||
    (q.actorId !== undefined && q.actorId !== who.id)
  ) {
    q.nothing = true;
    return;
  }
  q.actorType = who.type;
  q.actorId = who.id;
}

/** One page of the feed (20 by default) with the actors loaded in two batch queries. */
export async function listActivity(
  ctx: AppContext,
  actor: MemberActor,
  input: ActivityFeedInput,
  page: PageRequest,
): Promise<Page<FeedEntry>> {
  assertCan(actor, 'activity.read');
  const query = await buildQuery(ctx, actor, input);
  const { items, total } = await listActivityFeed(ctx.db.kysely, query, pageWindow(page));
  const ids = (type: 'user' | 'guest') =>
    items.flatMap((a) => (a.actorType === type && a.actorId !== null ? [a.actorId] : []));
  const [members, guests] = await Promise.all([
    findMembersOfOrganization(ctx.db.kysely, actor.organizationId, ids('user')),
    findGuestsByIds(ctx.db.kysely, actor.organizationId, ids('guest')),
  ]);
  const entries = items.map((activity) => ({
    activity,
    member:
      activity.actorType === 'user' && activity.actorId !== null ? members.get(activity.actorId) : undefined,
    guest:
      activity.actorType === 'guest' && activity.actorId !== null ? guests.get(activity.actorId) : undefined,
    undoable: activity.undoneAt === null && undoPlanOf(activity) !== undefined,
  }));
  return toPage(page, entries, total);
}
