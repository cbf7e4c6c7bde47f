/** Activity feed queries (wire) → the typed input of the feed service. */
import type { Static } from 'typebox';
import type { FeedEntity } from '../../domain/activity-feed.js';
import type { PageRequest } from '../../domain/pagination.js';
import { type ActivityFeedInput, FEED_PER_PAGE } from '../../services/activity/activity-feed.js';
import type { ActivityFeedQuery } from './activity-feed.schemas.js';

export function activityFeedInputOf(q: Static<typeof ActivityFeedQuery>): ActivityFeedInput {
  return {
    entityType: q.entity_type as FeedEntity | undefined,
    entityId: q.entity_id,
    type: q.type,
    verb: q.verb,
    actorType: q.actor_type as ActivityFeedInput['actorType'],
    actorId: q.actor_id,
    actorEmail: q.actor_email,
    source: q.source,
    field: q.field,
    createdAfter: q.created_after,
    createdBefore: q.created_before,
    search: q.search,
    direction: q.sort === 'created_at' || q.sort === 'id' ? 'asc' : 'desc',
  };
}

export const feedPageOf = (q: Static<typeof ActivityFeedQuery>): PageRequest => ({
  page: q.page ?? 1,
  perPage: q.per_page ?? FEED_PER_PAGE,
  all: false,
});
