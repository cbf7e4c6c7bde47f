/** Notification mail whose coalescing window has closed goes to the e-mail queue. */
import { sendDueNotificationMail } from '../services/notifications/send-notification-mail.js';
import type { Job } from './scheduler.js';

export const notificationMailJob: Job = {
  name: 'notification-mail',
  intervalMs: 5_000,
  run: (ctx) => sendDueNotificationMail(ctx),
};
