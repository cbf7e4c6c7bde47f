/**
 * Groups: named sets of members and guests. Lists given on create/update replace the
 * group's members and guests (Tallyfy's replace semantics); guests named by an e-mail that
 * has no guest yet are created, as when assigning a task to a new e-mail.
 */
import {
  deleteGroupRow,
  findGroupByName,
  findGroupGuestIds,
  findGroupMemberIds,
  findGroupsByIds,
  GROUP_SORT_FIELDS,
  insertGroup,
  listGroups,
  replaceGroupGuests,
  replaceGroupMembers,
  updateGroupRow,
} from '../../db/repositories/groups-repository.js';
import { ensureGuests, findGuestsByIds } from '../../db/repositories/guests-repository.js';
import { removeOwnerFromAllTasks } from '../../db/repositories/task-owners-repository.js';
import { findMembersOfOrganization } from '../../db/repositories/users-repository.js';
import { FieldErrorCollector, invalidFields, rejected } from '../../domain/errors.js';
import { isValidEmail, normalizeEmail } from '../../domain/identity.js';
import { newHexId } from '../../domain/ids.js';
import { type Page, type PageRequest, pageWindow, parseSort, toPage } from '../../domain/pagination.js';
import { GROUP_NAME_MAX, type Group, type GroupWithMembers, type Guest } from '../../domain/people.js';
import { type AppContext, inTransaction, type MemberActor, nowIso } from '../context.js';
import { asDuplicate } from '../errors.js';
import { appendEvents, recordActivities } from '../events/record.js';
import { authorize, groupNotFound } from './access.js';
import { groupEventPayload } from './payloads.js';

export interface GroupInput {
  name?: string | undefined;
  description?: string | null | undefined;
  /** Member user ids; replaces when given. */
  members?: number[] | undefined;
  /** Guest e-mails; replaces when given. */
  guests?: string[] | undefined;
}

export async function createGroup(
  ctx: AppContext,
  actor: MemberActor,
  input: GroupInput,
): Promise<GroupWithMembers> {
  await authorize(ctx, actor, 'group.manage');
  const name = validateName(input.name, true) as string;
  return asDuplicate(
    () =>
      inTransaction(ctx, async (tx) => {
        const org = actor.organizationId;
        await assertNameFree(tx, org, name, undefined);
        const id = newHexId();
        await insertGroup(tx.db.kysely, {
          id,
          organizationId: org,
          name,
          description: input.description ?? null,
          now: nowIso(tx),
        });
        await replacePeople(tx, org, id, { members: input.members ?? [], guests: input.guests ?? [] });
        return recordGroup(tx, actor, id, 'created');
      }),
    groupNameTaken,
  );
}

/** `PUT …/groups/{id}`: name and description when given; members and guests replace when given. */
export async function updateGroup(
  ctx: AppContext,
  actor: MemberActor,
  groupId: string,
  input: GroupInput,
): Promise<GroupWithMembers> {
  await authorize(ctx, actor, 'group.manage');
  const name = validateName(input.name, false);
  return asDuplicate(
    () =>
      inTransaction(ctx, async (tx) => {
        const org = actor.organizationId;
        const { id } = await loadGroup(tx, org, groupId);
        if (name !== undefined) await assertNameFree(tx, org, name, id);
        await updateGroupRow(
          tx.db.kysely,
          org,
          id,
          {
            ...(name !== undefined ? { name } : {}),
            ...(input.description !== undefined ? { description: input.description } : {}),
          },
          nowIso(tx),
        );
        await replacePeople(tx, org, id, input);
        return recordGroup(tx, actor, id, 'updated');
      }),
    groupNameTaken,
  );
}

/** Deletes a group for good; tasks assigned to it lose that assignment. */
export async function deleteGroup(
  ctx: AppContext,
  actor: MemberActor,
  groupId: string,
): Promise<GroupWithMembers> {
  await authorize(ctx, actor, 'group.manage');
  return inTransaction(ctx, async (tx) => {
    const org = actor.organizationId;
    const group = await withMembers(tx, org, await loadGroup(tx, org, groupId));
    await removeOwnerFromAllTasks(tx.db.kysely, org, 'group', group.id);
    await deleteGroupRow(tx.db.kysely, org, group.id);
    await record(tx, actor, group, 'deleted', []);
    return group;
  });
}

export async function getGroup(
  ctx: AppContext,
  actor: MemberActor,
  groupId: string,
): Promise<GroupWithMembers> {
  await authorize(ctx, actor, 'group.read');
  return withMembers(ctx, actor.organizationId, await loadGroup(ctx, actor.organizationId, groupId));
}

export async function listOrganizationGroups(
  ctx: AppContext,
  actor: MemberActor,
  query: { q?: string | undefined; sort?: string | undefined },
  page: PageRequest,
): Promise<Page<GroupWithMembers>> {
  await authorize(ctx, actor, 'group.read');
  const sort = parseSort(query.sort, GROUP_SORT_FIELDS, { field: 'created_at', direction: 'asc' });
  if (!sort)
    throw invalidFields('VALIDATION_FAILED', {
      sort: [`The sort must be one of ${GROUP_SORT_FIELDS.join(', ')}.`],
    });
  const { items, total } = await listGroups(ctx.db.kysely, actor.organizationId, {
    q: query.q?.trim() || undefined,
    sort,
    ...pageWindow(page),
  });
  return toPage(page, await withMembersAll(ctx, actor.organizationId, items), total);
}

/** The guests of groups, for `with=guests` and the `guests` e-mail list. */
export async function guestsOfGroups(
  ctx: AppContext,
  organizationId: string,
  groups: readonly GroupWithMembers[],
): Promise<Map<number, Guest>> {
  return findGuestsByIds(
    ctx.db.kysely,
    organizationId,
    groups.flatMap((g) => g.guestIds),
  );
}

async function loadGroup(ctx: AppContext, org: string, groupId: string): Promise<Group> {
  const id = groupId.toLowerCase();
  const group = (await findGroupsByIds(ctx.db.kysely, org, [id])).get(id);
  if (!group) throw groupNotFound();
  return group;
}

async function withMembers(ctx: AppContext, org: string, group: Group): Promise<GroupWithMembers> {
  const [one] = await withMembersAll(ctx, org, [group]);
  if (!one) throw groupNotFound();
  return one;
}

/** Member and guest ids for a page of groups: two queries whatever the page size. */
async function withMembersAll(
  ctx: AppContext,
  org: string,
  groups: readonly Group[],
): Promise<GroupWithMembers[]> {
  const ids = groups.map((g) => g.id);
  const [members, guests] = await Promise.all([
    findGroupMemberIds(ctx.db.kysely, org, ids),
    findGroupGuestIds(ctx.db.kysely, org, ids),
  ]);
  return groups.map((g) => ({ ...g, memberIds: members.get(g.id) ?? [], guestIds: guests.get(g.id) ?? [] }));
}

/** Validates and writes the member and guest lists that were given (422 lists unknown ids). */
async function replacePeople(tx: AppContext, org: string, groupId: string, input: GroupInput): Promise<void> {
  const errors = new FieldErrorCollector();
  if (input.members !== undefined) {
    const ids = [...new Set(input.members)];
    const found = await findMembersOfOrganization(tx.db.kysely, org, ids);
    const unknown = ids.filter((id) => !found.has(id));
    if (unknown.length > 0) errors.add('members', `Not members of the organization: ${unknown.join(', ')}.`);
    errors.throwIfAny('UNKNOWN_MEMBERS');
    await replaceGroupMembers(tx.db.kysely, org, groupId, ids);
  }
  if (input.guests !== undefined) {
    const emails = [...new Set(input.guests.map(normalizeEmail))];
    const bad = emails.filter((e) => !isValidEmail(e));
    if (bad.length > 0) errors.add('guests', `Not valid e-mail addresses: ${bad.join(', ')}.`);
    errors.throwIfAny();
    const guests = await ensureGuests(tx.db.kysely, org, emails, nowIso(tx));
    await replaceGroupGuests(
      tx.db.kysely,
      org,
      groupId,
      [...guests.values()].map((g) => g.id),
    );
  }
}

function validateName(raw: string | undefined, required: boolean): string | undefined {
  if (raw === undefined && !required) return undefined;
  const name = raw?.trim() ?? '';
  if (!name) throw invalidFields('VALIDATION_FAILED', { name: ['The name field is required.'] });
  if (name.length > GROUP_NAME_MAX) {
    throw invalidFields('VALIDATION_FAILED', {
      name: [`The name may not be greater than ${GROUP_NAME_MAX} characters.`],
    });
  }
  return name;
}

async function assertNameFree(tx: AppContext, org: string, name: string, except: string | undefined) {
  const other = await findGroupByName(tx.db.kysely, org, name);
  if (other && other.id !== except) throw groupNameTaken();
}

async function recordGroup(
  tx: AppContext,
  actor: MemberActor,
  id: string,
  verb: string,
): Promise<GroupWithMembers> {
  const group = await withMembers(tx, actor.organizationId, await loadGroup(tx, actor.organizationId, id));
  const guests = await guestsOfGroups(tx, actor.organizationId, [group]);
  await record(
    tx,
    actor,
    group,
    verb,
    group.guestIds.map((gid) => guests.get(gid)?.email ?? ''),
  );
  return group;
}

async function record(
  tx: AppContext,
  actor: MemberActor,
  group: GroupWithMembers,
  verb: string,
  guestEmails: string[],
) {
  await recordActivities(tx, actor.organizationId, { type: 'user', id: actor.userId }, [
    { action: verb, objectType: 'group', objectId: group.id },
  ]);
  await appendEvents(tx, actor.organizationId, [
    {
      name: `group.${verb}`,
      processId: null,
      taskId: null,
      payload: groupEventPayload(group, group.memberIds, guestEmails),
    },
  ]);
}

const groupNameTaken = () => rejected('GROUP_NAME_TAKEN', 'A group with this name already exists.');
