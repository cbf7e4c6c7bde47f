/**
 * The bench organization's people and templates, made through the real services (so ids,
 * definitions and versions are what a client would get): 200 members, 20 groups, 30 guests,
 * 30 templates with form fields and rules. `findCatalog` finds them again in a kept database.
 */

import { findOrganizationByName } from '../../src/db/repositories/organizations-repository.js';
import { findTemplateDefinition } from '../../src/db/repositories/template-versions-repository.js';
import { findMembersByEmails } from '../../src/db/repositories/users-repository.js';
import type { Organization, Role } from '../../src/domain/identity.js';
import type { TemplateDefinition } from '../../src/domain/templates/definition.js';
import { ruleInputOf } from '../../src/http/routes/rules.inputs.js';
import { createTemplateInputOf } from '../../src/http/routes/templates.inputs.js';
import type { AppContext, MemberActor } from '../../src/services/context.js';
import { createOrganization } from '../../src/services/identity/organizations.js';
import { issuePersonalToken } from '../../src/services/identity/tokens.js';
import { createMember } from '../../src/services/identity/users.js';
import { createGroup } from '../../src/services/people/groups.js';
import { createGuest } from '../../src/services/people/guests.js';
import { createRule } from '../../src/services/rules/rules.js';
import { createTemplate } from '../../src/services/templates/templates.js';
import { findBusiestAssignees, findTemplateTitles } from '../db/fixtures-repository.js';
import type { Random } from './random.js';
import {
  FORM_RULES_TEMPLATE_TITLE,
  LAUNCH_TEMPLATE_TITLE,
  ruleBodies,
  type SeedPeople,
  TEMPLATE_COUNT,
  templateDocument,
} from './seed-templates.js';

export const MEMBER_COUNT = 200;
const GROUP_COUNT = 20;
const GUEST_COUNT = 30;

/** Everything process seeding and the operations need to know about the organization. */
export interface SeedCatalog {
  organization: Organization;
  /** The admin the bench acts as, and a token for them. */
  admin: MemberActor;
  token: string;
  /** Every member, the admin included. */
  memberIds: number[];
  definitions: TemplateDefinition[];
  launchTemplate: TemplateDefinition;
  formRulesTemplate: TemplateDefinition;
}

export const organizationName = (tasks: number) => `Flowlane bench ${tasks}`;
const memberEmail = (tasks: number, i: number) => `member-${i}@bench-${tasks}.flowlane.test`;
const roleOf = (i: number): Role => (i < 10 ? 'admin' : i < 170 ? 'standard' : 'light');

async function createPeople(ctx: AppContext, tasks: number, org: Organization, random: Random) {
  const memberIds: number[] = [];
  for (let i = 0; i < MEMBER_COUNT; i++) {
    const user = await createMember(ctx, {
      organizationId: org.id,
      email: memberEmail(tasks, i),
      role: roleOf(i),
      firstName: `Member${i}`,
      lastName: 'Bench',
    });
    memberIds.push(user.id);
  }
  const adminId = memberIds[0] as number;
  const token = await issuePersonalToken(ctx, adminId, 'bench');
  const admin: MemberActor = {
    kind: 'user',
    userId: adminId,
    organizationId: org.id,
    role: 'admin',
    tokenId: token.tokenId,
  };
  const groupIds: string[] = [];
  for (let g = 0; g < GROUP_COUNT; g++) {
    const members = random.sample(memberIds.slice(1), random.int(5, 15));
    groupIds.push((await createGroup(ctx, admin, { name: `Team ${g + 1}`, members })).id);
  }
  const guestEmails: string[] = [];
  for (let g = 0; g < GUEST_COUNT; g++) {
    const email = `guest-${g}@client-${tasks}.example.com`;
    await createGuest(
      ctx,
      admin,
      { email, firstName: `Guest${g}`, lastName: 'Client' },
      'http://bench.invalid',
    );
    guestEmails.push(email);
  }
  const people: SeedPeople = { memberIds: memberIds.slice(1), groupIds, guestEmails };
  return { admin, token: token.accessToken, memberIds, people };
}

async function latestDefinition(
  ctx: AppContext,
  orgId: string,
  templateId: string,
): Promise<TemplateDefinition> {
  const found = await findTemplateDefinition(ctx.db.kysely, orgId, templateId);
  if (!found) throw new Error(`template ${templateId} has no version`);
  return { ...found.definition, version: found.version };
}

/** Creates the organization, its people and its templates (with rules). */
export async function createCatalog(ctx: AppContext, tasks: number, random: Random): Promise<SeedCatalog> {
  const organization = await createOrganization(ctx, { name: organizationName(tasks) });
  const { admin, token, memberIds, people } = await createPeople(ctx, tasks, organization, random);
  const definitions: TemplateDefinition[] = [];
  for (let i = 0; i < TEMPLATE_COUNT; i++) {
    const document = createTemplateInputOf(templateDocument(i, people, random));
    const view = await createTemplate(ctx, admin, document, { withSteps: false });
    const created = await latestDefinition(ctx, organization.id, view.template.id);
    for (const body of ruleBodies(created, i === 1)) {
      await createRule(ctx, admin, view.template.id, ruleInputOf(body));
    }
    definitions.push(await latestDefinition(ctx, organization.id, view.template.id));
  }
  return catalogOf(organization, admin, token, memberIds, definitions);
}

function catalogOf(
  organization: Organization,
  admin: MemberActor,
  token: string,
  memberIds: number[],
  definitions: TemplateDefinition[],
): SeedCatalog {
  const byTitle = (title: string) => {
    const found = definitions.find((d) => d.title === title);
    if (!found) throw new Error(`the bench template "${title}" is missing`);
    return found;
  };
  return {
    organization,
    admin,
    token,
    memberIds,
    definitions,
    launchTemplate: byTitle(LAUNCH_TEMPLATE_TITLE),
    formRulesTemplate: byTitle(FORM_RULES_TEMPLATE_TITLE),
  };
}

/** The catalog of an organization seeded earlier at this scale (a kept database), with a new token. */
export async function findCatalog(ctx: AppContext, tasks: number): Promise<SeedCatalog | undefined> {
  const organization = await findOrganizationByName(ctx.db.kysely, organizationName(tasks));
  if (!organization) return undefined;
  const emails = Array.from({ length: MEMBER_COUNT }, (_, i) => memberEmail(tasks, i));
  const members = await findMembersByEmails(ctx.db.kysely, organization.id, emails);
  const memberIds = emails.map((e) => members.get(e)?.user.id).filter((id): id is number => id !== undefined);
  const adminId = memberIds[0];
  if (adminId === undefined) return undefined;
  const token = await issuePersonalToken(ctx, adminId, 'bench');
  const admin: MemberActor = {
    kind: 'user',
    userId: adminId,
    organizationId: organization.id,
    role: 'admin',
    tokenId: token.tokenId,
  };
  const definitions: TemplateDefinition[] = [];
  for (const t of await findTemplateTitles(ctx.db.kysely, organization.id)) {
    definitions.push(await latestDefinition(ctx, organization.id, t.id));
  }
  return catalogOf(organization, admin, token.accessToken, memberIds, definitions);
}

/** Members assigned to the most tasks (the `owners=` filter of the organization task lists). */
export async function busiestMembers(
  ctx: AppContext,
  catalog: SeedCatalog,
  count: number,
): Promise<number[]> {
  const rows = await findBusiestAssignees(ctx.db.kysely, catalog.organization.id, count);
  return rows.map((r) => r.userId);
}
