import { listActivity } from '../../services/activity/activity-feed.js';
import { undoActivity } from '../../services/activity/undo-activity.js';
import { listBody } from '../list.js';
import { requireActor } from '../plugins/auth.js';
import { FeedActivitySchema, presentFeedActivity } from '../presenters/present-activity-feed.js';
import { Envelope, ErrorResponses, ListEnvelope, OrgParams } from '../schemas/common.js';
import type { RouteModule } from '../types.js';
import { activityFeedInputOf, feedPageOf } from './activity-feed.inputs.js';
import { ActivityFeedQuery, ActivityParams } from './activity-feed.schemas.js';

const tags = ['Activity Feed'];

export const activityFeedRoutes: RouteModule = (app, ctx) => {
  app.get(
    '/organizations/:org/activity-feeds',
    {
      schema: {
        tags,
        summary:
          'The audit trail, newest first (20 a page): filter by entity, type, verb, actor, source, dates, field, text',
        params: OrgParams,
        querystring: ActivityFeedQuery,
        response: { 200: ListEnvelope(FeedActivitySchema), ...ErrorResponses },
      },
    },
    async (request) => {
      const q = request.query;
      const page = await listActivity(ctx, requireActor(request), activityFeedInputOf(q), feedPageOf(q));
      const data = page.items.map((e) => presentFeedActivity(e.activity, e));
      return listBody(request, page, data, ctx.config.publicUrl);
    },
  );

  app.put(
    '/organizations/:org/activity-feed/:activity_feed_id/undo',
    {
      schema: {
        tags,
        summary:
          "Undo a change (a task's title, summary or deadline, a process's name or summary, an archive) through the normal update",
        params: ActivityParams,
        response: { 200: Envelope(FeedActivitySchema), ...ErrorResponses },
      },
    },
    async (request) => {
      const activity = await undoActivity(ctx, requireActor(request), request.params.activity_feed_id);
      return {
        data: presentFeedActivity(activity, { member: undefined, guest: undefined, undoable: false }),
      };
    },
  );
};
