/**
 * The signed-in member's personal API tokens, for Tallyfy clients and scripts: listed,
 * made (the secret is answered once and only its hash is kept) and revoked. A token
 * belongs to the account, like every Flowlane token: it acts in each organization where
 * the account is an active member, so the list is the same in all of them.
 */
import {
  findLivePersonalToken,
  listLivePersonalTokens,
  revokeTokens,
} from '../../db/repositories/tokens-repository.js';
import { FieldErrorCollector, notFound } from '../../domain/errors.js';
import { isHexId } from '../../domain/ids.js';
import { assertCan } from '../../domain/policy.js';
import type { ApiToken, CreatedApiToken } from '../../domain/tokens.js';
import { type AppContext, inTransaction, type MemberActor, nowIso } from '../context.js';
import { recordActivities } from '../events/record.js';
import { recordSecurityEvents } from './security-events.js';
import { issuePersonalToken } from './tokens.js';

/** Longest token name, in characters. */
export const API_TOKEN_NAME_MAX = 100;

const tokenNotFound = () => notFound('API_TOKEN_NOT_FOUND', 'API token');

/** `GET …/me/api-tokens`: the caller's personal tokens that still work, newest first. */
export async function listApiTokens(ctx: AppContext, actor: MemberActor): Promise<ApiToken[]> {
  assertCan(actor, 'api_token.manage');
  return listLivePersonalTokens(ctx.db.kysely, actor.userId, nowIso(ctx));
}

/** `POST …/me/api-tokens`: a new personal token named by its owner. */
export async function createApiToken(
  ctx: AppContext,
  actor: MemberActor,
  input: { name: string },
  clientAddress: string,
): Promise<CreatedApiToken> {
  assertCan(actor, 'api_token.manage');
  const name = input.name.trim();
  const errors = new FieldErrorCollector();
  if (!name) errors.add('name', 'The name field is required.');
  if (name.length > API_TOKEN_NAME_MAX)
    errors.add('name', `The name may not be greater than ${API_TOKEN_NAME_MAX} characters.`);
  errors.throwIfAny();
  return inTransaction(ctx, async (tx) => {
    const issued = await issuePersonalToken(tx, actor.userId, name);
    const token = await findLivePersonalToken(tx.db.kysely, actor.userId, issued.tokenId, nowIso(tx));
    if (!token) throw tokenNotFound();
    await recordSecurityEvents(tx, [
      { userId: actor.userId, event: 'token_issued', outcome: 'succeeded', clientAddress },
    ]);
    await recordActivities(tx, actor.organizationId, { type: 'user', id: actor.userId }, [
      {
        action: 'api_token_created',
        objectType: 'user',
        objectId: String(actor.userId),
        field: 'api_token',
        oldValue: null,
        newValue: { id: token.id, name },
      },
    ]);
    return { ...token, secret: issued.accessToken };
  });
}

/**
 * `DELETE …/me/api-tokens/{id}`: the token stops working at once (every request looks its
 * token up). Another account's token, a revoked or an expired one is not found.
 */
export async function revokeApiToken(
  ctx: AppContext,
  actor: MemberActor,
  tokenId: string,
  clientAddress: string,
): Promise<void> {
  assertCan(actor, 'api_token.manage');
  if (!isHexId(tokenId)) throw tokenNotFound();
  await inTransaction(ctx, async (tx) => {
    const now = nowIso(tx);
    const token = await findLivePersonalToken(tx.db.kysely, actor.userId, tokenId, now);
    if (!token) throw tokenNotFound();
    const revoked = await revokeTokens(tx.db.kysely, [token.id], now, { onlyUser: actor.userId });
    // A concurrent revocation won: this one changed nothing.
    if (revoked.length === 0) throw tokenNotFound();
    await recordSecurityEvents(tx, [
      { userId: actor.userId, event: 'token_revoked', outcome: 'succeeded', clientAddress },
    ]);
    await recordActivities(tx, actor.organizationId, { type: 'user', id: actor.userId }, [
      {
        action: 'api_token_revoked',
        objectType: 'user',
        objectId: String(actor.userId),
        field: 'api_token',
        oldValue: { id: token.id, name: token.name },
        newValue: null,
      },
    ]);
  });
}
