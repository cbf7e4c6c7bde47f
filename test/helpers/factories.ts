import { randomBytes } from 'node:crypto';
import type { Role } from '../../src/domain/identity.js';
import type { AppContext } from '../../src/services/context.js';
import { createOrganization } from '../../src/services/identity/organizations.js';
import { issuePersonalToken } from '../../src/services/identity/tokens.js';
import { createMember } from '../../src/services/identity/users.js';

export interface TestMember {
  userId: number;
  email: string;
  token: string;
  role: Role;
}

export interface TestOrg {
  orgId: string;
  admin: TestMember;
}

const unique = () => randomBytes(4).toString('hex');

/** A new organization with one admin and a token for them. */
export async function createOrgWithAdmin(ctx: AppContext, name = `Org ${unique()}`): Promise<TestOrg> {
  const org = await createOrganization(ctx, { name });
  const admin = await addMember(ctx, org.id, 'admin');
  return { orgId: org.id, admin };
}

export async function addMember(
  ctx: AppContext,
  orgId: string,
  role: Role,
  options: { email?: string; password?: string; firstName?: string; lastName?: string } = {},
): Promise<TestMember> {
  const email = options.email ?? `${role}-${unique()}@example.com`;
  const user = await createMember(ctx, {
    organizationId: orgId,
    email,
    role,
    password: options.password,
    firstName: options.firstName ?? role,
    lastName: options.lastName ?? 'Tester',
  });
  const token = await issuePersonalToken(ctx, user.id);
  return { userId: user.id, email: user.email, token: token.accessToken, role };
}
