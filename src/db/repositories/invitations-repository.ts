import type { Db } from '../database.js';

/** Open invitations to join an organization; only the token's hash is stored. */
export interface Invitation {
  id: string;
  organizationId: string;
  userId: number;
  invitedBy: number | null;
  message: string | null;
  expiresAt: string;
  createdAt: string;
}

export interface NewInvitation extends Invitation {
  tokenHash: string;
}

export async function insertInvitation(db: Db, invitation: NewInvitation): Promise<void> {
  await db
    .insertInto('invitations')
    .values({
      id: invitation.id,
      organization_id: invitation.organizationId,
      user_id: invitation.userId,
      token_hash: invitation.tokenHash,
      invited_by: invitation.invitedBy,
      message: invitation.message,
      expires_at: invitation.expiresAt,
      created_at: invitation.createdAt,
    })
    .execute();
}

/**
 * The invitation a token belongs to, with the stored hash for a constant-time check. Not
 * org-scoped: the token itself names the organization (it is looked up before any org is
 * known, on the public acceptance route).
 */
export async function findInvitationByTokenHash(
  db: Db,
  tokenHash: string,
): Promise<(Invitation & { tokenHash: string }) | undefined> {
  const row = await db
    .selectFrom('invitations')
    .selectAll()
    .where('token_hash', '=', tokenHash)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    id: row.id,
    organizationId: row.organization_id,
    userId: row.user_id,
    invitedBy: row.invited_by,
    message: row.message,
    expiresAt: row.expires_at,
    createdAt: row.created_at,
    tokenHash: row.token_hash,
  };
}

/** Removes a member's invitations (accepted, withdrawn, resent or the member removed). */
export async function deleteInvitationsOfMember(
  db: Db,
  organizationId: string,
  userId: number,
): Promise<void> {
  await db
    .deleteFrom('invitations')
    .where('organization_id', '=', organizationId)
    .where('user_id', '=', userId)
    .execute();
}
