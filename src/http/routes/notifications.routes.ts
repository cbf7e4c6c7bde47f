import { Type } from 'typebox';
import {
  GUEST_PREFERENCES,
  NOTIFICATION_CATEGORIES,
  NOTIFICATION_PREFERENCES,
} from '../../domain/notifications.js';
import {
  listMyNotifications,
  readAllNotifications,
  readNotification,
} from '../../services/notifications/inbox.js';
import {
  getGuestSettings,
  getMemberSettings,
  updateGuestSettings,
  updateMemberSettings,
} from '../../services/notifications/notification-settings.js';
import {
  getOrganizationNotificationSettings,
  updateOrganizationNotificationSettings,
} from '../../services/notifications/organization-settings.js';
import { describeToken, unsubscribeWithToken } from '../../services/notifications/unsubscribe.js';
import { listBody, pageRequestFrom } from '../list.js';
import { requireActor, requireGuest } from '../plugins/auth.js';
import {
  NotificationSchema,
  NotificationSettingsSchema,
  presentNotification,
  presentNotificationSettings,
} from '../presenters/present-notification.js';
import { Envelope, ErrorResponses, ListEnvelope, ListQueryProperties, OrgParams } from '../schemas/common.js';
import type { RouteModule } from '../types.js';
import { settingsInputFrom } from './notifications.routes.inputs.js';

const choice = (values: readonly string[]) => Type.Optional(Type.Union(values.map((v) => Type.Literal(v))));
const MemberSettingsBody = Type.Object(
  {
    ...Object.fromEntries(NOTIFICATION_CATEGORIES.map((c) => [c, choice(NOTIFICATION_PREFERENCES)])),
    digest_hour: Type.Optional(
      Type.Integer({ minimum: 0, maximum: 23, description: 'local hour, member timezone' }),
    ),
  },
  { additionalProperties: false },
);
const GuestSettingsBody = Type.Object(
  Object.fromEntries(NOTIFICATION_CATEGORIES.map((c) => [c, choice(GUEST_PREFERENCES)])),
  { additionalProperties: false },
);
const GuestParams = Type.Object({ org: Type.String(), guest_code: Type.String() });
const NotificationParams = Type.Object({ org: Type.String(), notification: Type.String() });
const TokenParams = Type.Object({ token: Type.String({ maxLength: 300 }) });
const WatchParams = Type.Object({ token: Type.String({ maxLength: 300 }), org: Type.String() });
const OrgSettings = Type.Object({
  due_soon_hours: Type.Integer({
    minimum: 1,
    maximum: 720,
    description: 'reminder lead time before a deadline',
  }),
});
const Html = Type.String({ description: 'text/html' });
const tags = ['Notifications'];

const page = (title: string, body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body><main><h1>${title}</h1>${body}</main></body></html>`;

/** Settings, the in-app list, and the sign-in-free unsubscribe links of notification mail. */
export const notificationRoutes: RouteModule = (app, ctx) => {
  app.get(
    '/organizations/:org/me/notification-settings',
    {
      schema: {
        tags,
        summary: 'My notification settings: per category immediate | digest | off, and the digest hour',
        params: OrgParams,
        response: { 200: Envelope(NotificationSettingsSchema), ...ErrorResponses },
      },
    },
    async (request) => ({
      data: presentNotificationSettings(await getMemberSettings(ctx, requireActor(request))),
    }),
  );

  app.put(
    '/organizations/:org/me/notification-settings',
    {
      schema: {
        tags,
        summary: 'Change my notification settings (categories given are changed, others kept)',
        params: OrgParams,
        body: MemberSettingsBody,
        response: { 200: Envelope(NotificationSettingsSchema), ...ErrorResponses },
      },
    },
    async (request) => {
      const input = settingsInputFrom(request.body as Parameters<typeof settingsInputFrom>[0]);
      return {
        data: presentNotificationSettings(await updateMemberSettings(ctx, requireActor(request), input)),
      };
    },
  );

  app.get(
    '/organizations/:org/notification-settings',
    {
      schema: {
        tags,
        summary: "The organization's notification settings (the due-soon lead time)",
        params: OrgParams,
        response: { 200: Envelope(OrgSettings), ...ErrorResponses },
      },
    },
    async (request) => {
      const settings = await getOrganizationNotificationSettings(ctx, requireActor(request));
      return { data: { due_soon_hours: settings.dueSoonHours } };
    },
  );

  app.put(
    '/organizations/:org/notification-settings',
    {
      schema: {
        tags,
        summary: 'Set the due-soon lead time (administrators)',
        params: OrgParams,
        body: OrgSettings,
        response: { 200: Envelope(OrgSettings), ...ErrorResponses },
      },
    },
    async (request) => {
      const input = { dueSoonHours: request.body.due_soon_hours };
      const saved = await updateOrganizationNotificationSettings(ctx, requireActor(request), input);
      return { data: { due_soon_hours: saved.dueSoonHours } };
    },
  );

  app.get(
    '/organizations/:org/guests/:guest_code/notification-settings',
    {
      schema: {
        tags,
        summary: "A guest's notification settings (immediate | off per category)",
        params: GuestParams,
        response: { 200: Envelope(NotificationSettingsSchema), ...ErrorResponses },
      },
    },
    async (request) => ({
      data: presentNotificationSettings(await getGuestSettings(ctx, requireGuest(request))),
    }),
  );

  app.put(
    '/organizations/:org/guests/:guest_code/notification-settings',
    {
      schema: {
        tags,
        summary: "Change a guest's notification settings, from their page",
        params: GuestParams,
        body: GuestSettingsBody,
        response: { 200: Envelope(NotificationSettingsSchema), ...ErrorResponses },
      },
    },
    async (request) => {
      const input = settingsInputFrom(request.body as Parameters<typeof settingsInputFrom>[0]);
      return {
        data: presentNotificationSettings(await updateGuestSettings(ctx, requireGuest(request), input)),
      };
    },
  );

  app.get(
    '/organizations/:org/me/notifications',
    {
      schema: {
        tags,
        summary: 'My notifications, newest first; meta.unread counts the unread ones',
        params: OrgParams,
        querystring: Type.Object(ListQueryProperties),
        response: { 200: ListEnvelope(NotificationSchema), ...ErrorResponses },
      },
    },
    async (request) => {
      const { page, unread } = await listMyNotifications(
        ctx,
        requireActor(request),
        pageRequestFrom(request.query),
      );
      return listBody(request, page, page.items.map(presentNotification), ctx.config.publicUrl, { unread });
    },
  );

  app.put(
    '/organizations/:org/me/notifications/read-all',
    {
      schema: {
        tags,
        summary: 'Mark all my notifications read',
        params: OrgParams,
        response: { 200: Type.Object({ data: Type.Object({ marked: Type.Integer() }) }), ...ErrorResponses },
      },
    },
    async (request) => ({ data: { marked: await readAllNotifications(ctx, requireActor(request)) } }),
  );

  app.put(
    '/organizations/:org/me/notifications/:notification/read',
    {
      schema: {
        tags,
        summary: 'Mark one of my notifications read',
        params: NotificationParams,
        response: { 200: Envelope(NotificationSchema), ...ErrorResponses },
      },
    },
    async (request) => ({
      data: presentNotification(
        await readNotification(ctx, requireActor(request), request.params.notification),
      ),
    }),
  );

  app.get(
    '/notifications/unsubscribe/:token',
    {
      config: { public: true },
      schema: {
        tags,
        summary: 'The unsubscribe link of a notification mail: a page confirming with one button',
        params: TokenParams,
        response: { 200: Html, ...ErrorResponses },
      },
    },
    async (request, reply) => {
      const token = await describeToken(ctx, request.params.token);
      const what = token.kind === 'category' ? `“${token.category}” e-mails` : 'this watch';
      const form = `<form method="post"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit">Turn off ${what}</button></form>`;
      return reply.type('text/html; charset=utf-8').send(page('Unsubscribe', form));
    },
  );

  app.post(
    '/notifications/unsubscribe/:token',
    {
      config: { public: true },
      schema: {
        tags,
        summary: 'One-click unsubscribe (RFC 8058): turns off that category for that recipient only',
        params: TokenParams,
        response: { 200: Html, ...ErrorResponses },
      },
    },
    async (request, reply) => {
      const token = await unsubscribeWithToken(ctx, request.params.token);
      const what = token.kind === 'category' ? `“${token.category}” e-mails are` : 'This watch is';
      return reply.type('text/html; charset=utf-8').send(page('Unsubscribed', `<p>${what} turned off.</p>`));
    },
  );

  app.get(
    '/watch/:token/:org',
    {
      config: { public: true },
      schema: {
        tags: ['Watchers'],
        summary: 'Remove one watch through the link in its mail (no sign-in)',
        params: WatchParams,
        response: { 204: Type.Null(), ...ErrorResponses },
      },
    },
    async (request, reply) => {
      await unsubscribeWithToken(ctx, request.params.token, {
        organizationId: request.params.org,
        kind: 'watch',
      });
      return reply.status(204).send(null);
    },
  );
};
