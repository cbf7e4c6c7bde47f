import type { Db } from '../database.js';

export interface EmailChange {
  id: string;
  userId: number;
  organizationId: string;
  newEmail: string;
  requestedBy: number;
  keepTokenId: string | null;
  expiresAt: string;
  confirmedAt: string | null;
}

export interface NewEmailChange {
  id: string;
  userId: number;
  organizationId: string;
  newEmail: string;
  tokenHash: string;
  requestedBy: number;
  keepTokenId: string | null;
  expiresAt: string;
  now: string;
}

export async function insertEmailChange(db: Db, change: NewEmailChange): Promise<void> {
  await db
    .insertInto('email_changes')
    .values({
      id: change.id,
      user_id: change.userId,
      organization_id: change.organizationId,
      new_email: change.newEmail,
      token_hash: change.tokenHash,
      requested_by: change.requestedBy,
      keep_token_id: change.keepTokenId,
      expires_at: change.expiresAt,
      created_at: change.now,
    })
    .execute();
}

/** Withdraws the user's unconfirmed changes: only the newest link ever works. */
export async function deletePendingEmailChanges(db: Db, userId: number): Promise<void> {
  await db
    .deleteFrom('email_changes')
    .where('user_id', '=', userId)
    .where('confirmed_at', 'is', null)
    .execute();
}

export async function findEmailChangeByTokenHash(
  db: Db,
  tokenHash: string,
): Promise<EmailChange | undefined> {
  const row = await db
    .selectFrom('email_changes')
    .selectAll()
    .where('token_hash', '=', tokenHash)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    id: row.id,
    userId: row.user_id,
    organizationId: row.organization_id,
    newEmail: row.new_email,
    requestedBy: row.requested_by,
    keepTokenId: row.keep_token_id,
    expiresAt: row.expires_at,
    confirmedAt: row.confirmed_at,
  };
}

/** Marks the change confirmed unless it already was; true when this call confirmed it. */
export async function markEmailChangeConfirmed(db: Db, id: string, now: string): Promise<boolean> {
  const rows = await db
    .updateTable('email_changes')
    .set({ confirmed_at: now })
    .where('id', '=', id)
    .where('confirmed_at', 'is', null)
    .returning('id')
    .execute();
  return rows.length > 0;
}
