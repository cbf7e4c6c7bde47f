/** `GET …/users/export`: every member of the organization as CSV, read and sent in chunks. */
import { listMembersChunk } from '../../db/repositories/users-repository.js';
import { csvLine } from '../../domain/csv.js';
import type { Member } from '../../domain/people.js';
import type { AppContext, MemberActor } from '../context.js';
import { authorize } from './access.js';

/** Members read per query: memory stays flat however large the organization. */
const CHUNK = 500;

const COLUMNS: [string, (m: Member) => string | number | null][] = [
  ['id', (m) => m.user.id],
  ['first_name', (m) => m.user.firstName],
  ['last_name', (m) => m.user.lastName],
  ['email', (m) => m.user.email],
  ['role', (m) => m.membership.role],
  ['status', (m) => m.membership.status],
  ['is_default_admin', (m) => (m.membership.isDefaultAdmin ? 'yes' : 'no')],
  ['job_title', (m) => m.user.jobTitle],
  ['team', (m) => m.user.team],
  ['phone', (m) => m.user.phone],
  ['timezone', (m) => m.user.timezone],
  ['joined_at', (m) => m.membership.createdAt],
  ['last_login_at', (m) => m.user.lastLoginAt],
];

/**
 * Checks permission first (so a refusal is an ordinary error answer), then yields the
 * header and one line per member, in id order.
 */
export async function exportMembersCsv(ctx: AppContext, actor: MemberActor): Promise<AsyncIterable<string>> {
  await authorize(ctx, actor, 'member.export');
  return (async function* lines() {
    yield csvLine(COLUMNS.map(([name]) => name));
    let after = 0;
    for (;;) {
      const members = await listMembersChunk(ctx.db.kysely, actor.organizationId, after, CHUNK);
      if (members.length === 0) return;
      yield members.map((m) => csvLine(COLUMNS.map(([, get]) => get(m)))).join('');
      after = members[members.length - 1]?.user.id ?? after;
      if (members.length < CHUNK) return;
    }
  })();
}
