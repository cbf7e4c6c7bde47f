/** Who is acting: the callers every service and the policy see. */
import type { Role } from './identity.js';

/** The authenticated caller, before any organization is involved. */
export interface Principal {
  userId: number;
  tokenId: string;
}

/** A member acting inside one organization. */
export interface MemberActor {
  kind: 'user';
  userId: number;
  organizationId: string;
  role: Role;
  tokenId: string;
}

/**
 * A guest acting through their guest code (routes under `/organizations/:org/guests/:guest_code/…`
 * and the spec's public guest paths). A guest has no token and no role: the policy lets a
 * guest work only on their own tasks.
 */
export interface GuestActor {
  kind: 'guest';
  guestId: number;
  organizationId: string;
  email: string;
}

export type Actor = MemberActor | GuestActor;
