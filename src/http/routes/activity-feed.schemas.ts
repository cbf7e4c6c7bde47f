/** Wire shapes of the activity feed routes. */
import { Type } from 'typebox';
import { FEED_ENTITIES } from '../../domain/activity-feed.js';
import { MAX_PER_PAGE } from '../../domain/pagination.js';

export const ActivityFeedQuery = Type.Object({
  entity_type: Type.Optional(
    Type.String({ enum: [...FEED_ENTITIES], description: 'checklist, run, step, task, thread' }),
  ),
  entity_id: Type.Optional(Type.String({ maxLength: 64 })),
  type: Type.Optional(
    Type.String({ maxLength: 32, description: 'Comment, Task, Step, Process, Template, User, …' }),
  ),
  verb: Type.Optional(
    Type.String({ maxLength: 32, description: 'created, updated, completed, uncompleted, archived, …' }),
  ),
  actor_type: Type.Optional(Type.String({ enum: ['user', 'guest'] })),
  actor_id: Type.Optional(Type.Integer({ minimum: 1, maximum: 2_147_483_647 })),
  actor_email: Type.Optional(Type.String({ maxLength: 254 })),
  source: Type.Optional(Type.String({ maxLength: 16, description: 'Member, Guest or Webhook' })),
  field: Type.Optional(Type.String({ maxLength: 100 })),
  created_after: Type.Optional(Type.String({ maxLength: 40, description: 'Inclusive' })),
  created_before: Type.Optional(Type.String({ maxLength: 40, description: 'Inclusive' })),
  search: Type.Optional(Type.String({ maxLength: 100, description: '2 to 100 characters' })),
  sort: Type.Optional(Type.String({ enum: ['created_at', '-created_at', 'id', '-id'] })),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000 })),
  per_page: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PER_PAGE, description: 'Default 20' })),
});

export const ActivityParams = Type.Object({
  org: Type.String({ description: 'Organization id' }),
  activity_feed_id: Type.Integer({ minimum: 1, maximum: 2_147_483_647, description: 'Activity id' }),
});
