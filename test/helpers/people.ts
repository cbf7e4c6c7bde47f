import type { DbHandle } from '../../src/db/database.js';
import type { Api } from './api.js';

/**
 * The invitation token from the newest invitation e-mail to `email` (as the invitee reads
 * it). Tests move the clock between two invitations to the same person.
 */
export async function invitationTokenFor(db: DbHandle, email: string): Promise<string> {
  const rows = await db.kysely
    .selectFrom('outgoing_emails')
    .select(['text_body', 'created_at', 'id'])
    .where('to_address', '=', email.toLowerCase())
    .where('reason', '=', 'member.invited')
    .orderBy('created_at')
    .execute();
  const newest = rows.at(-1);
  const token = /Invitation token: (\S+)/.exec(newest?.text_body ?? '')?.[1];
  if (!token) throw new Error(`no invitation e-mail to ${email}`);
  return token;
}

/** The guest code at the end of the guest's forever link, as an admin reads it. */
export async function guestCodeOf(api: Api, orgId: string, email: string): Promise<string> {
  const res = await api.get(`/organizations/${orgId}/guests-link?email=${encodeURIComponent(email)}`);
  if (res.status !== 200) throw new Error(`guests-link answered ${res.status}`);
  return String(res.body.data.link).split('/').pop() ?? '';
}
