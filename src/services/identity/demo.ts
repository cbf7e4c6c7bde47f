import { findOrganizationByName } from '../../db/repositories/organizations-repository.js';
import type { AppContext } from '../context.js';
import { createOrganization } from './organizations.js';
import { issuePersonalToken } from './tokens.js';
import { createMember } from './users.js';

export const DEMO_ORGANIZATION_NAME = 'Flowlane Demo';
export const DEMO_EMAIL = 'demo@flowlane.local';

export interface DemoCredentials {
  organization_id: string;
  user_id: number;
  email: string;
  access_token: string;
}

/** Creates (or reuses) a demo organization with an admin, and a fresh token for it. */
export async function setUpDemo(ctx: AppContext): Promise<DemoCredentials> {
  const org =
    (await findOrganizationByName(ctx.db.kysely, DEMO_ORGANIZATION_NAME)) ??
    (await createOrganization(ctx, { name: DEMO_ORGANIZATION_NAME }));
  const user = await createMember(ctx, {
    organizationId: org.id,
    email: DEMO_EMAIL,
    role: 'admin',
    firstName: 'Demo',
    lastName: 'Admin',
  });
  const token = await issuePersonalToken(ctx, user.id, 'demo');
  return { organization_id: org.id, user_id: user.id, email: user.email, access_token: token.accessToken };
}
