import { Type } from 'typebox';
import { NOTIFICATION_TYPES, WATCH_FREQUENCIES, type Watcher } from '../../domain/watchers.js';
import {
  addWatcher,
  changeWatcher,
  findWatcherUsers,
  listOrganizationWatchers,
  removeWatcher,
} from '../../services/watchers/watchers.js';
import { type IncludeLoader, loadIncludes, parseWith, wrap } from '../includes.js';
import { listBody, pageRequestFrom } from '../list.js';
import { requireActor } from '../plugins/auth.js';
import { presentUser } from '../presenters/present-user.js';
import { presentWatcher, WatcherSchema } from '../presenters/present-watcher.js';
import {
  Envelope,
  ErrorResponses,
  ListEnvelope,
  ListQueryProperties,
  Nullable,
  OrgParams,
} from '../schemas/common.js';
import type { RouteModule } from '../types.js';
import { addWatcherInputOf, updateWatcherInputOf } from './watchers.inputs.js';

const UserParams = Type.Object({ org: Type.String(), user: Type.Integer({ minimum: 1 }) });
const UpdateParams = Type.Object({
  org: Type.String(),
  user: Type.Integer({ minimum: 1 }),
  watcher: Type.Integer(),
});
const WatcherParams = Type.Object({ org: Type.String(), watcher: Type.Integer() });

export const AddBody = Type.Object(
  {
    object_type: Type.String({ description: 'Checklist | Run | Task | User | organization' }),
    object_id: Type.Union([Type.String(), Type.Integer()]),
    notification_type: Type.Optional(Type.String({ description: NOTIFICATION_TYPES.join(' | ') })),
    frequency: Type.Optional(Type.String({ description: WATCH_FREQUENCIES.join(' | ') })),
    webhook: Type.Optional(Nullable(Type.String())),
    is_system_watch: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: true },
);
export const UpdateBody = Type.Object(
  {
    notification_type: Type.Optional(Type.String()),
    frequency: Type.Optional(Type.String()),
    webhook: Type.Optional(Nullable(Type.String())),
  },
  { additionalProperties: true },
);
const ListQuery = Type.Object({
  ...ListQueryProperties,
  user: Type.Optional(Type.Integer({ description: 'Watchers of this member' })),
  guest: Type.Optional(
    Type.String({ description: 'Watchers of this guest (guests do not watch yet: none)' }),
  ),
  watching: Type.Optional(Type.String({ description: 'checklist | run | task | user | organization' })),
  notification: Type.Optional(Type.Union(NOTIFICATION_TYPES.map((n) => Type.Literal(n)))),
  repeat: Type.Optional(Type.Union(WATCH_FREQUENCIES.map((f) => Type.Literal(f)))),
});

const tags = ['Watchers'];

/** The spec's watcher API; organization-level webhook subscriptions are admin-only. */
export const watcherRoutes: RouteModule = (app, ctx) => {
  const loaders: Record<string, IncludeLoader<Watcher>> = {
    watcher: async (items) => {
      const users = await findWatcherUsers(ctx, items);
      return (w) => {
        const user = users.get(w.userId);
        return user ? { watcher: wrap(presentUser(user)) } : {};
      };
    },
  };

  app.post(
    '/organizations/:org/users/:user/add-watcher',
    {
      schema: {
        tags,
        summary: 'Watch a template, process, task, member or (admins, webhooks) the organization',
        params: UserParams,
        body: AddBody,
        response: { 204: Type.Null(), ...ErrorResponses },
      },
    },
    async (request, reply) => {
      await addWatcher(ctx, requireActor(request), request.params.user, addWatcherInputOf(request.body));
      return reply.status(204).send(null);
    },
  );

  app.put(
    '/organizations/:org/users/:user/update-watcher/:watcher',
    {
      schema: {
        tags,
        summary: "Change a watcher's frequency, notification type or webhook URL",
        params: UpdateParams,
        body: UpdateBody,
        response: { 200: Envelope(WatcherSchema), ...ErrorResponses },
      },
    },
    async (request) => {
      const { user, watcher } = request.params;
      return {
        data: presentWatcher(
          await changeWatcher(ctx, requireActor(request), user, watcher, updateWatcherInputOf(request.body)),
        ),
      };
    },
  );

  app.get(
    '/organizations/:org/watchers',
    {
      schema: {
        tags,
        summary: 'Watchers of the organization (members see their own)',
        params: OrgParams,
        querystring: ListQuery,
        response: { 200: ListEnvelope(WatcherSchema), ...ErrorResponses },
      },
    },
    async (request) => {
      const { user, guest, watching, notification, repeat } = request.query;
      const actor = requireActor(request);
      const page = await listOrganizationWatchers(
        ctx,
        actor,
        { user, guest, watching, notification, repeat },
        pageRequestFrom(request.query),
      );
      const extra = await loadIncludes(page.items, parseWith(request.query.with), loaders);
      const data = page.items.map((w, i) => ({ ...presentWatcher(w), ...extra[i] }));
      return listBody(request, page, data, ctx.config.publicUrl);
    },
  );

  app.delete(
    '/organizations/:org/remove-watcher/:watcher',
    {
      schema: {
        tags,
        summary: 'Stop watching',
        params: WatcherParams,
        response: { 204: Type.Null(), ...ErrorResponses },
      },
    },
    async (request, reply) => {
      await removeWatcher(ctx, requireActor(request), request.params.watcher);
      return reply.status(204).send(null);
    },
  );
};
