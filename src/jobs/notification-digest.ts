/** The daily digest, checked every minute: members whose local digest hour has come. */
import { sendDueDigests } from '../services/notifications/digest.js';
import type { Job } from './scheduler.js';

export const notificationDigestJob: Job = {
  name: 'notification-digest',
  intervalMs: 60_000,
  async run(ctx) {
    const { members } = await sendDueDigests(ctx);
    return members;
  },
};
